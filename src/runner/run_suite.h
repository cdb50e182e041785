// Runs a suite: every dataset row x model x run is rolled out, evaluated as soon as it
// finishes (pipelined on the event loops, see lanes.h), and committed to the store. A run
// resumes an earlier experiment by id, rolling out exactly the missing rollouts.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "runner/report.h"
#include "suite/suite.h"

namespace evp::runner {

struct RunOptions {
  std::filesystem::path store_path;
  std::optional<std::string> resume_id;
  bool use_cache = true;
  bool skip_invalid = false;
  bool show_progress = true;
  bool progress_is_terminal = false;
  int threads = 0;  // event-loop lanes for endpoint models; 0 = one per hardware thread
};

struct RunOutcome {
  std::string experiment_id;
  long long total = 0;         // rollouts in the experiment
  long long already_done = 0;  // stored before this invocation (resume)
  long long executed = 0;      // rolled out now
  long long errors = 0;        // of those, failed
  long long cache_hits = 0;
  std::vector<std::string> notes;  // skipped models, skipped dataset lines
  // A fresh run's report, aggregated as its rollouts were stored (a resumed run leaves it
  // empty: its report needs the rollouts stored before, so build_report reads the store).
  std::optional<Report> report;
};

// Throws evp::InputError for bad suite/dataset/evaluator input before any model is called.
// On SIGINT/SIGTERM: commits what finished, marks the experiment interrupted, prints how to
// resume on `log` and exits the process with status 130.
RunOutcome run_suite(const suite::Suite& suite, const RunOptions& options, std::ostream& log);

}  // namespace evp::runner
