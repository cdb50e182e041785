// Implementation of score_row and combine_metrics.
#include "evaluate/score_row.h"

#include <exception>
#include <string>

namespace evp::evaluate {

model::EvaluateResult combine_metrics(const std::vector<MetricSlot>& slots,
                                      std::map<std::string, model::MetricResult> metrics) {
  model::EvaluateResult result;
  result.score = 0.0;
  if (slots.empty()) {
    result.is_score_valid = false;
    result.reason = "no evaluators";
    return result;
  }
  double weighted_sum = 0.0;
  double weight_sum = 0.0;
  bool any_valid = false;
  std::string summary;
  for (const MetricSlot& slot : slots) {
    auto it = metrics.find(slot.name);
    if (it == metrics.end()) continue;
    const model::MetricResult& metric = it->second;
    if (metric.is_score_valid) {
      any_valid = true;
      weighted_sum += slot.weight * metric.score;
      weight_sum += slot.weight;
    }
    if (!summary.empty()) summary += "; ";
    summary += slot.name;
    summary += ": ";
    summary += metric.reason;
  }
  if (weight_sum > 0) {
    result.score = weighted_sum / weight_sum;
    result.reason = std::move(summary);
  } else {
    result.is_score_valid = false;
    result.reason =
        (any_valid ? "no valid metric with a positive weight: " : "no valid metric: ") + summary;
  }
  result.metrics = std::move(metrics);
  return result;
}

model::MetricResult run_evaluator(const Evaluator& evaluator, const model::EvaluationRow& row) {
  try {
    return evaluator.evaluate(row);
  } catch (const std::exception& e) {
    return unscorable(std::string("evaluator error: ") + e.what());
  }
}

model::EvaluateResult score_row(const std::vector<std::unique_ptr<Evaluator>>& evaluators,
                                const model::EvaluationRow& row) {
  std::vector<MetricSlot> slots;
  std::map<std::string, model::MetricResult> metrics;
  for (const auto& evaluator : evaluators) {
    slots.push_back({evaluator->name(), evaluator->weight()});
    metrics[evaluator->name()] = run_evaluator(*evaluator, row);
  }
  return combine_metrics(slots, std::move(metrics));
}

}  // namespace evp::evaluate
