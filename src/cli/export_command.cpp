// `evp export ID --out FILE`: an experiment's rollouts as Eval Protocol JSONL.
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/store_path.h"
#include "export/ep_jsonl.h"
#include "store/store.h"

namespace evp::cli {

Command add_export_command(CLI::App& app) {
  struct Args {
    std::string id;
    std::string store;
    std::string out;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd =
      app.add_subcommand("export", "Export an experiment's rows as Eval Protocol JSONL");
  cmd->add_option("id", args->id, "Experiment id")->required();
  cmd->add_option("--out", args->out, "Output file ('-' for stdout)")->required();
  cmd->add_option("--store", args->store, "Store database (default $EVP_STORE or .evp/evp.db)");
  return [args] {
    auto store = store::Store::open(resolve_store_path(args->store));
    if (!store->experiment(args->id)) {
      std::cerr << "evp: no experiment " << args->id << " in the store\n";
      return kExitBadInput;
    }
    long long n = 0;
    if (args->out == "-") {
      n = exporter::write_ep_jsonl(*store, args->id, std::cout);
    } else {
      std::ofstream out(args->out, std::ios::binary | std::ios::trunc);
      if (!out) {
        std::cerr << "evp: cannot write " << args->out << "\n";
        return kExitBadInput;
      }
      n = exporter::write_ep_jsonl(*store, args->id, out);
    }
    std::cerr << "exported " << n << " rows\n";
    return kExitPassed;
  };
}

}  // namespace evp::cli
