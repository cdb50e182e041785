// `evp show ID`: reprint an experiment's report (or write it as JSON/JUnit/JSONL).
#include <iostream>
#include <memory>

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
    ReportFiles files;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("show", "Print the report of an experiment");
  cmd->add_option("id", args->id, "Experiment id")->required();
  cmd->add_option("--store", args->store, "Store database (default $EVP_STORE or .evp/evp.db)");
  cmd->add_flag("--json", args->json, "Print the report as JSON");
  cmd->add_option("--junit", args->files.junit, "Write a JUnit XML report to FILE");
  cmd->add_option("--jsonl", args->files.jsonl, "Write every rollout as an Eval Protocol row");
  return [args] {
    auto store = store::Store::open(resolve_store_path(args->store));
    if (!store->experiment(args->id)) {
      std::cerr << "evp: no experiment " << args->id << " in the store\n";
      return kExitBadInput;
    }
    const runner::Report report = runner::build_report(*store, args->id);
    if (args->json) {
      std::cout << runner::report_json(report).dump(2) << "\n";
    } else {
      runner::print_report(std::cout, report);
    }
    write_report_files(args->files, report, *store);
    return kExitPassed;
  };
}

}  // namespace evp::cli
