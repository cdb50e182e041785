// Comparisons against a suite's baseline model (see baseline_comparisons.h).
#include "cli/baseline_comparisons.h"

#include <algorithm>
#include <iostream>

#include "base/errors.h"

namespace evp::cli {

std::vector<runner::Comparison> baseline_comparisons(store::Store& store,
                                                     const std::string& experiment_id,
                                                     const std::optional<std::string>& baseline) {
  if (!baseline) return {};
  const std::vector<std::string> models = store.rollout_models(experiment_id);
  const bool has_baseline = std::ranges::find(models, *baseline) != models.end();
  if (!has_baseline || models.size() < 2) {
    std::cerr << "note: no comparison with the baseline " << *baseline << ": "
              << (has_baseline ? "no other model has" : "it has no")
              << " rollouts in this experiment (skipped for a missing API key?)\n";
    return {};
  }
  try {
    return runner::compare_all(store, experiment_id, baseline);
  } catch (const InputError& e) {  // e.g. the models share no row
    std::cerr << "note: no comparison with the baseline " << *baseline << ": " << e.what() << "\n";
    return {};
  }
}

std::optional<std::string> suite_baseline(const store::ExperimentRecord& experiment) {
  const auto it = experiment.config.find("baseline");
  if (it == experiment.config.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace evp::cli
