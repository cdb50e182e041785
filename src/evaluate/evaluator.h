// Evaluator: scores one finished rollout into a MetricResult (score in [0,1] and a reason).
// Built-in evaluators are made from config objects by make_evaluator (registry.h).
#pragma once

#include <string>

#include "model/evaluate_result.h"
#include "model/evaluation_row.h"

namespace evp::evaluate {

class Evaluator {
 public:
  Evaluator(std::string name, double weight) : name_(std::move(name)), weight_(weight) {}
  virtual ~Evaluator() = default;
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // The metric key in EvaluateResult.metrics.
  const std::string& name() const { return name_; }
  // Weight in the row's weighted mean (>= 0; 0 reports the metric without counting it).
  double weight() const { return weight_; }

  // Scores one finished rollout. Const and thread-safe: one evaluator serves every thread.
  // When it cannot score (no assistant message, no or unusable ground truth, a missing
  // measurement) it returns is_score_valid=false with the reason.
  virtual model::MetricResult evaluate(const model::EvaluationRow& row) const = 0;

  // Used by make_evaluators to make duplicate names unique.
  void rename(std::string name) { name_ = std::move(name); }

 private:
  std::string name_;
  double weight_;
};

// A valid score with its reason.
inline model::MetricResult scored(double score, std::string reason) {
  model::MetricResult r;
  r.score = score;
  r.reason = std::move(reason);
  return r;
}

// "Cannot score": is_score_valid=false, score 0.
inline model::MetricResult unscorable(std::string reason) {
  model::MetricResult r;
  r.score = 0.0;
  r.is_score_valid = false;
  r.reason = std::move(reason);
  return r;
}

}  // namespace evp::evaluate
