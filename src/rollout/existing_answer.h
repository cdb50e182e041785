// The "none" rollout: no model call; the row's own last assistant message is what gets
// scored. A row without one fails with FAILED_PRECONDITION (recorded, not dropped).
#pragma once

#include "model/evaluation_row.h"

namespace evp::rollout {

void use_existing_answer(model::EvaluationRow& row);

}  // namespace evp::rollout
