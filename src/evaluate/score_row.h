// Scoring one row with a set of evaluators: every metric is kept in metrics[name], and the row
// score is the weighted mean over the valid metrics.
#pragma once

#include <memory>
#include <vector>

#include "evaluate/evaluator.h"
#include "model/evaluate_result.h"
#include "model/evaluation_row.h"

namespace evp::evaluate {

// Runs every evaluator in order (an evaluator that throws gives an invalid metric with
// "evaluator error: <what>"). score = sum(weight * score) / sum(weight) over the metrics with
// is_score_valid, and is_score_valid is true when that weight sum is positive. reason is
// "name: reason" per evaluator, in order, joined by "; " ("contains: found '42'; regex: no
// match"). Without a valid, positively weighted metric: is_score_valid=false, score 0, and
// reason "no valid metric: " + that summary ("no valid metric with a positive weight: ..."
// when valid metrics all weigh 0; "no evaluators" when there are none).
model::EvaluateResult score_row(const std::vector<std::unique_ptr<Evaluator>>& evaluators,
                                const model::EvaluationRow& row);

}  // namespace evp::evaluate
