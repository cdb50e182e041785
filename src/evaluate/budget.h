// Budget evaluators, scored from execution metadata rather than the answer (so they need no
// assistant message):
//   latency {max_seconds}: 1 when execution_metadata.rollout_duration_seconds <= max_seconds,
//     else 0. Reasons: "took 1.5 s, within 2 s", "took 3.25 s, over 2 s".
//   cost {max_usd}: 1 when execution_metadata.cost_metrics.total_cost_dollar <= max_usd,
//     else 0. Reasons: "cost $0.0012, within $0.01", "cost $0.02, over $0.01".
// Invalid when the measurement is absent ("no rollout_duration_seconds in execution_metadata",
// "no cost_metrics.total_cost_dollar in execution_metadata").
#pragma once

#include <memory>

#include "evaluate/config_reader.h"
#include "evaluate/evaluator.h"

namespace evp::evaluate {

std::unique_ptr<Evaluator> make_latency(const ConfigReader& config);
std::unique_ptr<Evaluator> make_cost(const ConfigReader& config);

}  // namespace evp::evaluate
