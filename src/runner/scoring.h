// Scoring rollouts with a suite's evaluator set: a rollout's pointwise metrics as soon as it
// finishes (inline built-ins on the lane, async evaluators on the evaluation service), and a
// row's groupwise metrics once all its rollouts for a model are in. Both leave the row's
// evaluation_result combined from the metrics it has (evaluate/score_row.h).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <vector>

#include "evaluate/evaluator_set.h"
#include "model/evaluation_row.h"
#include "runner/evaluation_service.h"

namespace evp::runner {

// Runs on a lane. Async pointwise evaluators run one after the other on `service`.
boost::asio::awaitable<void> score_rollout(evaluate::EvaluatorSet& set, EvaluationService& service,
                                           model::EvaluationRow& row);

// The groupwise evaluators, in config order, over the rows that finished (rows without an
// evaluation_result are left out); each sees the metrics of the ones before it.
boost::asio::awaitable<void> score_group(evaluate::EvaluatorSet& set, EvaluationService& service,
                                         std::vector<model::EvaluationRow*> rows);

}  // namespace evp::runner
