// Helpers for the evaluator tests: rows with an answer and ground truth, running one
// evaluator from its config, and a one-line summary of a metric for exact comparisons.
#pragma once

#include <optional>
#include <string>

#include "base/errors.h"
#include "base/json.h"
#include "evaluate/registry.h"
#include "model/evaluation_row.h"

namespace evp::evaluate::test {

// A finished rollout: a user question and, when `answer` is set, an assistant answer.
inline model::EvaluationRow make_row(std::optional<std::string> answer,
                                     std::optional<Json> ground_truth = std::nullopt) {
  model::EvaluationRow row;
  row.messages.push_back(model::make_message("user", "question"));
  if (answer) row.messages.push_back(model::make_message("assistant", *answer));
  row.ground_truth = std::move(ground_truth);
  return row;
}

// "1 | reason", "0 | reason", "0.25 | reason" or "invalid | reason".
inline std::string summary(const model::MetricResult& m) {
  if (!m.is_score_valid) return "invalid | " + m.reason;
  std::string score = Json(m.score).dump();
  if (score.ends_with(".0")) score.resize(score.size() - 2);
  return score + " | " + m.reason;
}

// Builds the evaluator from `config` (JSON text) and scores `row`.
inline std::string run(const std::string& config, const model::EvaluationRow& row) {
  return summary(make_evaluator(Json::parse(config))->evaluate(row));
}

// The InputError message make_evaluator throws for `config`, or "no error".
inline std::string config_error(const std::string& config) {
  try {
    make_evaluator(Json::parse(config));
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace evp::evaluate::test
