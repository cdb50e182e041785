// ReportCache: memory, then the store's copy, then build_report.
#include "server/report_cache.h"

#include <algorithm>

#include "base/clock.h"
#include "runner/report.h"

namespace evp::server {

std::shared_ptr<ReportCache::Entry> ReportCache::entry(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto& e = entries_[id];
  if (!e) e = std::make_shared<Entry>();
  return e;
}

Json ReportCache::report(store::Store& store, const ExperimentInfo& info) {
  const auto e = entry(info.id);
  std::lock_guard lock(e->computing);
  const auto now = std::chrono::steady_clock::now();
  if (e->done == info.done && e->status == info.status) return e->report;
  if (e->done >= 0 && info.status == "running" && e->status == "running") {
    const double wait_s = std::max(2.0, 5 * e->compute_seconds);
    if (std::chrono::duration<double>(now - e->computed_at).count() < wait_s) return e->report;
  }
  if (auto stored = store.stored_report(info.id);
      stored && stored->done == info.done && stored->status == info.status) {
    e->done = stored->done;
    e->status = stored->status;
    e->report = std::move(stored->report);
    e->computed_at = now;
    return e->report;
  }
  const runner::Report report = runner::build_report(store, info.id);
  e->compute_seconds = seconds_since(now);
  e->report = runner::report_json(report);
  e->done = 0;
  for (const auto& m : report.models) e->done += m.rollouts;
  e->status = report.status;
  e->computed_at = std::chrono::steady_clock::now();
  store.save_report(info.id, e->done, e->status, e->report);
  return e->report;
}

}  // namespace evp::server
