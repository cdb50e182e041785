// use_existing_answer.
#include "rollout/existing_answer.h"

namespace evp::rollout {

void use_existing_answer(model::EvaluationRow& row) {
  if (row.last_assistant_message() == nullptr) {
    row.rollout_status =
        model::Status::error(model::StatusCode::kFailedPrecondition,
                             "rollout type none: the row has no assistant message to score");
    return;
  }
  row.rollout_status = model::Status::rollout_finished();
  row.execution_metadata.rollout_duration_seconds = 0.0;
}

}  // namespace evp::rollout
