// Token prices of a model and the cost of one rollout's usage.
#pragma once

#include "model/evaluation_row.h"

namespace evp::rollout {

struct Pricing {
  double input_per_mtok = 0;   // USD per million prompt tokens
  double output_per_mtok = 0;  // USD per million completion tokens
};

model::CostMetrics cost_of(const model::Usage& usage, const Pricing& price);

}  // namespace evp::rollout
