// score_rollout and score_group (see scoring.h).
#include "runner/scoring.h"

#include <exception>
#include <map>
#include <string>

#include <fmt/format.h>

#include "evaluate/evaluator.h"
#include "evaluate/score_row.h"

namespace evp::runner {

namespace asio = boost::asio;

namespace {

std::map<std::string, model::MetricResult> metrics_of(model::EvaluationRow& row) {
  if (!row.evaluation_result) return {};
  return std::move(row.evaluation_result->metrics);
}

void combine(const evaluate::EvaluatorSet& set, model::EvaluationRow& row,
             std::map<std::string, model::MetricResult> metrics) {
  row.evaluation_result = evaluate::combine_metrics(set.slots, std::move(metrics));
}

// An async evaluator that throws (it should not: failures are invalid metrics) still gives
// the row a metric saying so.
model::MetricResult failed(const std::exception& e) {
  return evaluate::unscorable(std::string("evaluator error: ") + e.what());
}

}  // namespace

asio::awaitable<void> score_rollout(evaluate::EvaluatorSet& set, EvaluationService& service,
                                    model::EvaluationRow& row) {
  std::map<std::string, model::MetricResult> metrics;
  for (const auto& evaluator : set.inline_evaluators) {
    metrics[evaluator->name()] = evaluate::run_evaluator(*evaluator, row);
  }
  for (const auto& evaluator : set.async_evaluators) {
    if (evaluator->mode() != evaluate::EvaluationMode::kPointwise) continue;
    try {
      metrics[evaluator->name()] = co_await service.evaluate(evaluator->evaluate(row));
    } catch (const std::exception& e) {
      metrics[evaluator->name()] = failed(e);
    }
  }
  combine(set, row, std::move(metrics));
}

asio::awaitable<void> score_group(evaluate::EvaluatorSet& set, EvaluationService& service,
                                  std::vector<model::EvaluationRow*> rows) {
  std::erase_if(rows, [](const model::EvaluationRow* r) { return !r->evaluation_result; });
  if (rows.empty()) co_return;
  for (const auto& evaluator : set.async_evaluators) {
    if (evaluator->mode() != evaluate::EvaluationMode::kGroupwise) continue;
    std::vector<model::EvaluationRow> group;
    group.reserve(rows.size());
    for (const model::EvaluationRow* r : rows) group.push_back(*r);
    std::vector<model::MetricResult> results;
    try {
      results = co_await service.evaluate(evaluator->evaluate_group(group));
      if (results.size() != rows.size()) {
        throw std::runtime_error(
            fmt::format("{} results for a group of {} rollouts", results.size(), rows.size()));
      }
    } catch (const std::exception& e) {
      results.assign(rows.size(), failed(e));
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      auto metrics = metrics_of(*rows[i]);
      metrics[evaluator->name()] = std::move(results[i]);
      combine(set, *rows[i], std::move(metrics));
    }
  }
}

}  // namespace evp::runner
