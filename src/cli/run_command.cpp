// `evp run SUITE`: roll the suite out, print the leaderboard, write the requested reports.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/join.h"
#include "cli/baseline_comparisons.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/report_files.h"
#include "cli/store_path.h"
#include "runner/comparison.h"
#include "runner/report.h"
#include "runner/run_suite.h"
#include "store/store.h"
#include "suite/suite.h"

namespace evp::cli {
namespace {

struct RunArgs {
  std::string suite;
  std::string store;
  std::string resume;
  ReportFiles files;
  bool no_cache = false;
  bool skip_invalid = false;
  bool no_progress = false;
  int threads = 0;
  std::string baseline;  // overrides the suite's baseline
};

int exit_code_of(const runner::Report& report) {
  for (const auto& m : report.models) {
    if (m.rollouts > 0 && m.errors == m.rollouts) return kExitIncomplete;
  }
  if (report.models.empty()) return kExitIncomplete;
  if (report.passed && !*report.passed) return kExitThresholdMissed;
  return kExitPassed;
}

// --baseline KEY: a model of the suite that is rolled out, else an InputError.
std::string checked_baseline(const suite::Suite& s, const std::string& key) {
  const std::vector<std::string> rolled_out = suite::rolled_out_model_keys(s);
  if (std::ranges::find(rolled_out, key) == rolled_out.end()) {
    throw InputError("--baseline: expected the key of a model the suite rolls out (" +
                     join(rolled_out) + "), got '" + key + "'");
  }
  return key;
}

int run(const RunArgs& a) {
  suite::Suite s;
  runner::RunOutcome outcome;
  runner::RunOptions options;
  options.store_path = resolve_store_path(a.store);
  if (!a.resume.empty()) options.resume_id = a.resume;
  options.use_cache = !a.no_cache;
  options.skip_invalid = a.skip_invalid;
  options.show_progress = !a.no_progress;
  options.progress_is_terminal = ::isatty(STDERR_FILENO) == 1;
  options.threads = a.threads;
  try {
    s = suite::load_suite(a.suite);
    if (!a.baseline.empty()) s.baseline = checked_baseline(s, a.baseline);
    outcome = runner::run_suite(s, options, std::cerr);
  } catch (const InputError& e) {
    std::cerr << "evp: " << e.what() << "\n";
    return kExitBadInput;
  }
  for (const auto& note : outcome.notes) std::cerr << "note: " << note << "\n";
  std::cerr << fmt::format("experiment {}: rolled out {} ({} already stored), {} failed\n",
                           outcome.experiment_id, outcome.executed, outcome.already_done,
                           outcome.errors);
  if (outcome.cache_hits > 0) {
    std::cerr << "note: " << outcome.cache_hits
              << " answers came from the response cache (--no-cache to call the models again)\n";
  }
  auto store = store::Store::open(options.store_path);
  const runner::Report report = outcome.report
                                    ? std::move(*outcome.report)
                                    : runner::build_report(*store, outcome.experiment_id);
  runner::print_report(std::cout, report);
  runner::save_report(*store, report);
  const std::vector<runner::Comparison> comparisons =
      baseline_comparisons(*store, outcome.experiment_id, s.baseline);
  if (!comparisons.empty()) {
    std::cout << "\n";
    runner::print_baseline_table(std::cout, comparisons);
  }
  write_report_files(a.files, report, *store, comparisons);
  return exit_code_of(report);
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a suite against its models and report");
  cmd->add_option("suite", args->suite, "Suite YAML file")->required();
  cmd->add_option("--store", args->store, "Store database (default $EVP_STORE or .evp/evp.db)");
  cmd->add_option("--resume", args->resume, "Finish the missing rollouts of this experiment id");
  add_report_file_options(*cmd, args->files);
  cmd->add_flag("--no-cache", args->no_cache, "Do not answer from the response cache");
  cmd->add_flag("--skip-invalid", args->skip_invalid, "Skip malformed dataset lines (counted)");
  cmd->add_flag("--no-progress", args->no_progress, "No progress output on stderr");
  cmd->add_option("--baseline", args->baseline,
                  "Compare every other model with this one on the same rows (paired; overrides "
                  "the suite's baseline)");
  cmd->add_option("--threads", args->threads,
                  "Event-loop threads for endpoint models (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  return [args] { return run(*args); };
}

}  // namespace evp::cli
