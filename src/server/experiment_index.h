// The experiments of the store with their stored-rollout counts, kept current without
// recounting a million rollouts per request: the first look counts each experiment once (an
// index walk), later looks add the rollouts stored since (rowids above the last seen; an
// upsert keeps its rowid, so a replaced rollout is not counted twice) and recount an
// experiment whose status changed (a resumed run deletes before it runs; its count is exact
// again when it finishes). Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace evp::server {

struct ExperimentInfo {
  std::string id, suite, created_at, status;
  long long done = 0, total = 0;
  bool operator==(const ExperimentInfo&) const = default;
};

class ExperimentIndex {
 public:
  // Newest first; refreshed when the last look is older than `max_age`.
  std::vector<ExperimentInfo> experiments(store::Store& store);
  std::optional<ExperimentInfo> find(store::Store& store, const std::string& id);
  // Refreshes now and returns the experiments that are new or whose status or count changed
  // since the previous call (nothing on the first call, which takes the baseline).
  std::vector<ExperimentInfo> changes(store::Store& store);
  // The highest rollout rowid seen at the last refresh.
  long long max_rowid();

 private:
  void refresh_locked(store::Store& store);

  std::chrono::milliseconds max_age_{250};
  std::mutex mutex_;
  std::vector<ExperimentInfo> list_;
  long long max_rowid_ = 0;
  std::optional<std::chrono::steady_clock::time_point> refreshed_at_;
  std::optional<std::map<std::string, ExperimentInfo>> reported_;  // what changes() last saw
};

}  // namespace evp::server
