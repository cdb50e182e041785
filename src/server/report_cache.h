// Experiment reports for the UI. A report is a pass over every rollout (seconds at a million),
// so it is computed once per state of the experiment: the copy a run stored (or an earlier
// `evp ui` stored) is used while the experiment still has that many rollouts and that status;
// otherwise it is computed, stored for next time, and kept in memory. While an experiment is
// running its report is recomputed at most every max(2 s, 5 x the last computation's time),
// and the stale one is served between. Concurrent requests for one experiment wait for a
// single computation. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "base/json.h"
#include "server/experiment_index.h"
#include "store/store.h"

namespace evp::server {

class ReportCache {
 public:
  // report_json's object for the experiment in the state `info` describes.
  Json report(store::Store& store, const ExperimentInfo& info);

 private:
  struct Entry {
    std::mutex computing;  // held while one request computes this experiment's report
    long long done = -1;
    std::string status;
    Json report;
    std::chrono::steady_clock::time_point computed_at;
    double compute_seconds = 0;
  };
  std::shared_ptr<Entry> entry(const std::string& id);

  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
};

}  // namespace evp::server
