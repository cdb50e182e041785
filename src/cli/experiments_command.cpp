// `evp experiments`: the experiments in the store, newest first.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "base/json.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/store_path.h"
#include "store/store.h"

namespace evp::cli {

Command add_experiments_command(CLI::App& app) {
  struct Args {
    std::string store;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("experiments", "List the experiments in the store");
  cmd->add_option("--store", args->store, "Store database (default $EVP_STORE or .evp/evp.db)");
  cmd->add_flag("--json", args->json, "Print JSON");
  return [args] {
    auto store = store::Store::open(resolve_store_path(args->store));
    const auto list = store->list_experiments();
    if (args->json) {
      Json out = Json::array();
      for (const auto& e : list) {
        out.push_back(Json{{"id", e.id},
                           {"suite", e.suite},
                           {"created_at", e.created_at},
                           {"status", e.status},
                           {"done", e.done},
                           {"total", e.total}});
      }
      std::cout << out.dump(2) << "\n";
      return kExitPassed;
    }
    std::cout << fmt::format("{:<30} {:<24} {:<32} {:<12} {:>15}\n", "id", "suite", "created_at",
                             "status", "done/total");
    for (const auto& e : list) {
      std::cout << fmt::format("{:<30} {:<24} {:<32} {:<12} {:>15}\n", e.id, e.suite, e.created_at,
                               e.status, fmt::format("{}/{}", e.done, e.total));
    }
    return kExitPassed;
  };
}

}  // namespace evp::cli
