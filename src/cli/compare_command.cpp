// `evp compare`: is model B better than model A on the same rows? Two experiments
// (`evp compare EXP_A EXP_B`), two models of one (`evp compare EXP --models A B`), or every
// pair of an experiment's models (`evp compare EXP`, or each against `--baseline`) with
// Holm-adjusted p-values.
#include <iostream>
#include <memory>

#include "base/errors.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/report_files.h"
#include "cli/store_path.h"
#include "runner/comparison.h"
#include "store/store.h"

namespace evp::cli {
namespace {

struct CompareArgs {
  std::vector<std::string> experiments;
  std::string model_a, model_b;
  std::vector<std::string> models;
  std::string baseline;
  std::string store;
  std::string json;
  runner::ComparisonOptions options;
};

std::vector<runner::Comparison> run_comparisons(store::Store& store, const CompareArgs& a) {
  if (a.experiments.size() == 2) {
    if (!a.models.empty() || !a.baseline.empty()) {
      throw InputError(
          "--models and --baseline choose models of one experiment; with two "
          "experiments use --model-a and --model-b");
    }
    return {runner::compare_sides(store, {a.experiments[0], a.model_a},
                                  {a.experiments[1], a.model_b}, a.options)};
  }
  const std::string& exp = a.experiments[0];
  if (!a.models.empty()) {
    return {runner::compare_sides(store, {exp, a.models[0]}, {exp, a.models[1]}, a.options)};
  }
  if (!a.model_a.empty() || !a.model_b.empty()) {
    throw InputError(
        "--model-a and --model-b choose models of two experiments; for two models "
        "of one experiment use --models A B");
  }
  if (!store.experiment(exp)) throw InputError("no experiment " + exp + " in the store");
  return runner::compare_all(
      store, exp, a.baseline.empty() ? std::nullopt : std::optional(a.baseline), a.options);
}

}  // namespace

Command add_compare_command(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Paired comparison of two models on the same rows: which is better, or that the "
      "data cannot tell");
  cmd->add_option("experiments", args->experiments, "EXP_A EXP_B, or one experiment")
      ->required()
      ->expected(1, 2);
  cmd->add_option("--model-a", args->model_a, "Model of EXP_A (needed when it has several)");
  cmd->add_option("--model-b", args->model_b, "Model of EXP_B (needed when it has several)");
  cmd->add_option("--models", args->models, "Two models of one experiment: A B")->expected(2);
  cmd->add_option("--baseline", args->baseline,
                  "With one experiment: compare each model against this one (Holm-adjusted)");
  cmd->add_option("--alpha", args->options.alpha, "Significance level (default 0.05)")
      ->check(CLI::Range(1e-9, 0.5));
  cmd->add_option("--rounds", args->options.bootstrap_rounds,
                  "Paired bootstrap rounds (default 10000)")
      ->check(CLI::Range(1, 10000000));
  cmd->add_option("--seed", args->options.seed, "Bootstrap seed (default 42)");
  cmd->add_option("--json", args->json, "Write the comparison as JSON to FILE (- for stdout)");
  cmd->add_option("--store", args->store, "Store database (default $EVP_STORE or .evp/evp.db)");
  return [args] {
    std::vector<runner::Comparison> comparisons;
    try {
      auto store = store::Store::open(resolve_store_path(args->store));
      comparisons = run_comparisons(*store, *args);
    } catch (const InputError& e) {
      std::cerr << "evp: " << e.what() << "\n";
      return kExitBadInput;
    }
    if (args->json != "-") {
      for (size_t i = 0; i < comparisons.size(); ++i) {
        if (i > 0) std::cout << "\n";
        runner::print_comparison(std::cout, comparisons[i]);
      }
    }
    if (!args->json.empty()) {
      Json out;
      if (comparisons.size() == 1) {
        out = runner::comparison_json(comparisons[0]);
      } else {
        out = Json{{"comparisons", Json::array()}};
        for (const auto& c : comparisons) out["comparisons"].push_back(runner::comparison_json(c));
      }
      write_json_file(args->json, out);
    }
    return kExitPassed;
  };
}

}  // namespace evp::cli
