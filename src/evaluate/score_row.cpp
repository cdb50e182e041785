// Implementation of score_row.
#include "evaluate/score_row.h"

#include <exception>
#include <string>

namespace evp::evaluate {

model::EvaluateResult score_row(const std::vector<std::unique_ptr<Evaluator>>& evaluators,
                                const model::EvaluationRow& row) {
  model::EvaluateResult result;
  result.score = 0.0;
  if (evaluators.empty()) {
    result.is_score_valid = false;
    result.reason = "no evaluators";
    return result;
  }
  double weighted_sum = 0.0;
  double weight_sum = 0.0;
  bool any_valid = false;
  std::string summary;
  for (const auto& evaluator : evaluators) {
    model::MetricResult metric;
    try {
      metric = evaluator->evaluate(row);
    } catch (const std::exception& e) {
      metric = unscorable(std::string("evaluator error: ") + e.what());
    }
    if (metric.is_score_valid) {
      any_valid = true;
      weighted_sum += evaluator->weight() * metric.score;
      weight_sum += evaluator->weight();
    }
    if (!summary.empty()) summary += "; ";
    summary += evaluator->name();
    summary += ": ";
    summary += metric.reason;
    result.metrics[evaluator->name()] = std::move(metric);
  }
  if (weight_sum > 0) {
    result.score = weighted_sum / weight_sum;
    result.reason = std::move(summary);
  } else {
    result.is_score_valid = false;
    result.reason =
        (any_valid ? "no valid metric with a positive weight: " : "no valid metric: ") + summary;
  }
  return result;
}

}  // namespace evp::evaluate
