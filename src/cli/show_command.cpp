// `evp show ID`: reprint an experiment's report (or write it as JSON/JUnit/JSONL), with the
// paired comparisons against the suite's baseline (or --baseline) as `evp run` printed them.
#include <algorithm>
#include <iostream>
#include <memory>

#include "base/join.h"
#include "cli/baseline_comparisons.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/report_files.h"
#include "cli/store_path.h"
#include "runner/report.h"
#include "store/store.h"

namespace evp::cli {

Command add_show_command(CLI::App& app) {
  struct Args {
    std::string id;
    std::string store;
    bool json = false;
    std::string baseline;
    ReportFiles files;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("show", "Print the report of an experiment");
  cmd->add_option("id", args->id, "Experiment id")->required();
  cmd->add_option("--store", args->store, "Store database (default $EVP_STORE or .evp/evp.db)");
  cmd->add_flag("--json", args->json, "Print the report as JSON");
  cmd->add_option("--junit", args->files.junit, "Write a JUnit XML report to FILE");
  cmd->add_option("--jsonl", args->files.jsonl, "Write every rollout as an Eval Protocol row");
  cmd->add_option("--baseline", args->baseline,
                  "Compare every other model with this one (default: the suite's baseline)");
  return [args] {
    auto store = store::Store::open(resolve_store_path(args->store));
    const auto experiment = store->experiment(args->id);
    if (!experiment) {
      std::cerr << "evp: no experiment " << args->id << " in the store\n";
      return kExitBadInput;
    }
    std::optional<std::string> baseline = suite_baseline(*experiment);
    if (!args->baseline.empty()) {
      const std::vector<std::string> models = store->rollout_models(args->id);
      if (std::ranges::find(models, args->baseline) == models.end()) {
        std::cerr << "evp: --baseline: experiment " << args->id << " has no model '"
                  << args->baseline << "' (have: " << join(models) << ")\n";
        return kExitBadInput;
      }
      baseline = args->baseline;
    }
    const runner::Report report = runner::build_report(*store, args->id);
    const std::vector<runner::Comparison> comparisons =
        baseline_comparisons(*store, args->id, baseline);
    if (args->json) {
      std::cout << report_json_with(report, comparisons).dump(2) << "\n";
    } else {
      runner::print_report(std::cout, report);
      if (!comparisons.empty()) {
        std::cout << "\n";
        runner::print_baseline_table(std::cout, comparisons);
      }
    }
    write_report_files(args->files, report, *store, comparisons);
    return kExitPassed;
  };
}

}  // namespace evp::cli
