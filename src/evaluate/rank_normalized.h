// rank_normalized: a built-in groupwise evaluator (RULER-style relative scoring). It ranks the
// rollouts of one row (a model's runs) by a pointwise metric, or by the row score of the
// pointwise evaluators, and scores each by its normalised rank: (rank - 1) / (m - 1) over
// the m rollouts with a valid value, ties sharing their average rank, so the worst scores 0,
// the best 1, and equal answers score equally. Config: {type: rank_normalized, metric: NAME}
// (optional; NAME must be an evaluator listed before it). A rollout without a valid value,
// or a group with fewer than two valid values, gets is_score_valid=false with the reason.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evaluate/async_evaluator.h"
#include "evaluate/config_reader.h"

namespace evp::evaluate {

inline constexpr std::string_view kRankNormalizedKeys = "metric";

// The normalised ranks of `values` (average ranks for ties); every value must be finite.
// One value gets 0.5 (nothing to compare it with); used directly by tests.
std::vector<double> normalized_ranks(const std::vector<double>& values);

// `earlier` are the metric names of the evaluators listed before this one: a `metric` not
// among them is a config error ("rank_normalized.metric: no evaluator 'x' before this one
// (have: a, b)").
std::unique_ptr<AsyncEvaluator> make_rank_normalized(const ConfigReader& config,
                                                     const std::vector<std::string>& earlier);

}  // namespace evp::evaluate
