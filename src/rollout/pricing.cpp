// Cost arithmetic.
#include "rollout/pricing.h"

namespace evp::rollout {

model::CostMetrics cost_of(const model::Usage& usage, const Pricing& price) {
  model::CostMetrics c;
  c.input_cost = static_cast<double>(usage.prompt_tokens) * price.input_per_mtok / 1e6;
  c.output_cost = static_cast<double>(usage.completion_tokens) * price.output_per_mtok / 1e6;
  c.total_cost_dollar = *c.input_cost + *c.output_cost;
  return c;
}

}  // namespace evp::rollout
