// Scoring one row with a set of evaluators: every metric is kept in metrics[name], and the row
// score is the weighted mean over the valid metrics (combine_metrics, shared with the runner,
// which adds metrics from evaluators that wait on something and from groupwise evaluators).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "evaluate/evaluator.h"
#include "model/evaluate_result.h"
#include "model/evaluation_row.h"

namespace evp::evaluate {

// One metric of a row's score: the evaluator's name and its weight, in config order.
struct MetricSlot {
  std::string name;
  double weight = 1;
};

// The row's result from its metrics: score = sum(weight * score) / sum(weight) over the
// slots whose metric is present and has is_score_valid, and is_score_valid is true when that
// weight sum is positive. reason is "name: reason" per present metric, in slot order, joined
// by "; " ("contains: found '42'; regex: no match"). Without a valid, positively weighted
// metric: is_score_valid=false, score 0, and reason "no valid metric: " + that summary ("no
// valid metric with a positive weight: ..." when valid metrics all weigh 0; "no evaluators"
// when there are no slots). Slots without a metric are skipped (a groupwise metric before its
// group is complete).
model::EvaluateResult combine_metrics(const std::vector<MetricSlot>& slots,
                                      std::map<std::string, model::MetricResult> metrics);

// Runs every evaluator in order (an evaluator that throws gives an invalid metric with
// "evaluator error: <what>") and combines their metrics as combine_metrics does.
model::EvaluateResult score_row(const std::vector<std::unique_ptr<Evaluator>>& evaluators,
                                const model::EvaluationRow& row);

// One evaluator's metric for the row; a throwing evaluator gives an invalid metric with
// "evaluator error: <what>".
model::MetricResult run_evaluator(const Evaluator& evaluator, const model::EvaluationRow& row);

}  // namespace evp::evaluate
