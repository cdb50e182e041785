// ExperimentIndex: the experiments table (small) read whole, rollout counts kept by rowid
// deltas, all in one read transaction so counts and rowids agree.
#include "server/experiment_index.h"

namespace evp::server {
namespace {

long long max_rollout_rowid(store::Connection& c) {
  store::Statement s(c, "SELECT coalesce(max(rowid), 0) FROM rollouts");
  s.step("cannot read the rollouts");
  return s.integer(0);
}

long long count_rollouts(store::Connection& c, const std::string& id, long long up_to_rowid) {
  store::Statement s(c, "SELECT count(*) FROM rollouts WHERE experiment_id = ? AND rowid <= ?");
  s.bind(1, id);
  s.bind(2, up_to_rowid);
  s.step("cannot count the rollouts of experiment " + id);
  return s.integer(0);
}

}  // namespace

void ExperimentIndex::refresh_locked(store::Store& store) {
  store::Connection& c = store.connection();
  c.exec("BEGIN", "cannot read the experiments");
  try {
    std::map<std::string, ExperimentInfo> before;
    for (const auto& e : list_) before.emplace(e.id, e);
    const long long top = max_rollout_rowid(c);
    std::map<std::string, long long> added;
    if (top > max_rowid_ && !before.empty()) {
      store::Statement s(c,
                         "SELECT experiment_id, count(*) FROM rollouts WHERE rowid > ? AND "
                         "rowid <= ? GROUP BY experiment_id");
      s.bind(1, max_rowid_);
      s.bind(2, top);
      while (s.step("cannot count the new rollouts")) added[s.text(0)] = s.integer(1);
    }
    store::Statement s(c,
                       "SELECT id, suite_name, created_at, status, total FROM experiments "
                       "ORDER BY created_at DESC, rowid DESC");
    std::vector<ExperimentInfo> list;
    while (s.step("cannot list the experiments")) {
      ExperimentInfo e{s.text(0), s.text(1), s.text(2), s.text(3), 0, s.integer(4)};
      auto old = before.find(e.id);
      if (old != before.end() && old->second.status == e.status) {
        auto more = added.find(e.id);
        e.done = old->second.done + (more == added.end() ? 0 : more->second);
      } else {
        e.done = count_rollouts(c, e.id, top);
      }
      list.push_back(std::move(e));
    }
    c.exec("COMMIT", "cannot read the experiments");
    list_ = std::move(list);
    max_rowid_ = top;
    refreshed_at_ = std::chrono::steady_clock::now();
  } catch (...) {
    sqlite3_exec(c.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::vector<ExperimentInfo> ExperimentIndex::experiments(store::Store& store) {
  std::lock_guard lock(mutex_);
  if (!refreshed_at_ || std::chrono::steady_clock::now() - *refreshed_at_ > max_age_) {
    refresh_locked(store);
  }
  return list_;
}

std::optional<ExperimentInfo> ExperimentIndex::find(store::Store& store, const std::string& id) {
  for (auto& e : experiments(store)) {
    if (e.id == id) return e;
  }
  return std::nullopt;
}

std::vector<ExperimentInfo> ExperimentIndex::changes(store::Store& store) {
  std::lock_guard lock(mutex_);
  refresh_locked(store);
  std::map<std::string, ExperimentInfo> now;
  for (const auto& e : list_) now.emplace(e.id, e);
  std::vector<ExperimentInfo> changed;
  if (reported_) {
    for (const auto& e : list_) {
      auto it = reported_->find(e.id);
      if (it == reported_->end() || !(it->second == e)) changed.push_back(e);
    }
  }
  reported_ = std::move(now);
  return changed;
}

long long ExperimentIndex::max_rowid() {
  std::lock_guard lock(mutex_);
  return max_rowid_;
}

}  // namespace evp::server
