// `evp leaderboard`: arena ratings (Bradley-Terry with bootstrap intervals) from the store's
// battles, optionally of one suite, and from FastChat-style battle files.
#include <filesystem>
#include <iostream>
#include <memory>

#include "base/errors.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/report_files.h"
#include "cli/store_path.h"
#include "runner/leaderboard.h"
#include "store/store.h"

namespace evp::cli {

Command add_leaderboard_command(CLI::App& app) {
  struct Args {
    std::string suite;
    std::vector<std::string> battles;
    bool no_store = false;
    std::string anchor;
    std::string baseline;
    std::string store;
    std::string json;
    runner::LeaderboardOptions options;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("leaderboard", "Arena ratings from battles (Bradley-Terry)");
  cmd->add_option("--suite", args->suite, "Only the store's battles of this suite");
  cmd->add_option("--battles", args->battles,
                  "Also read battles from FILE.jsonl (FastChat: model_a, model_b, winner)");
  cmd->add_flag("--no-store", args->no_store, "Read only the --battles files");
  cmd->add_option("--anchor", args->anchor, "Model whose rating is fixed (default: mean rating)");
  cmd->add_option("--anchor-rating", args->options.rating.anchor_rating,
                  "The anchor's rating, or the mean rating (default 1000)");
  cmd->add_option("--baseline", args->baseline,
                  "Show win rates against this model (default: the pairwise judges' baseline)");
  cmd->add_option("--rounds", args->options.rating.bootstrap_rounds,
                  "Bootstrap rounds for the intervals (default 1000)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--seed", args->options.rating.seed, "Bootstrap seed (default 42)");
  cmd->add_flag("--length-control", args->options.rating.length_control,
                "Fit a length-difference covariate (style control)");
  cmd->add_option("--json", args->json, "Write the leaderboard as JSON to FILE (- for stdout)");
  cmd->add_option("--store", args->store, "Store database (default $EVP_STORE or .evp/evp.db)");
  return [args] {
    runner::LeaderboardOptions options = args->options;
    if (!args->suite.empty()) options.suite = args->suite;
    if (!args->anchor.empty()) options.rating.anchor = args->anchor;
    if (!args->baseline.empty()) options.baseline = args->baseline;
    for (const auto& f : args->battles) options.battle_files.emplace_back(f);
    runner::Leaderboard board;
    try {
      const std::filesystem::path path = resolve_store_path(args->store);
      // A battle file alone must not create a store as a side effect.
      const bool use_store = !args->no_store && (args->battles.empty() || !args->store.empty() ||
                                                 std::filesystem::exists(path));
      std::unique_ptr<store::Store> store;
      if (use_store) store = store::Store::open(path);
      board = runner::build_leaderboard(store.get(), options);
    } catch (const InputError& e) {
      std::cerr << "evp: " << e.what() << "\n";
      return kExitBadInput;
    }
    if (args->json != "-") runner::print_leaderboard(std::cout, board);
    if (!args->json.empty()) write_json_file(args->json, runner::leaderboard_json(board));
    return kExitPassed;
  };
}

}  // namespace evp::cli
