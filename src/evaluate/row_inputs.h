// What evaluators read from a row: the answer (the last assistant message's text) and the
// ground truth (a string, number or boolean, or an object's "answer"/"value"/"ideal").
#pragma once

#include <optional>
#include <string>

#include "base/json.h"
#include "model/evaluation_row.h"

namespace evp::evaluate {

inline constexpr const char* kNoAssistantMessage = "no assistant message";

// The text of the last assistant message; nullopt when there is none.
std::optional<std::string> answer_text(const model::EvaluationRow& row);

// The row's ground truth as a scalar: the value itself when it is a string, number or
// boolean; for an object, its first present member of "answer", "value", "ideal" (which must
// be a scalar). On failure `value` is null and `error` says why, e.g. "no ground_truth in the
// row and no 'value' in the config".
struct GroundTruth {
  const Json* value = nullptr;
  std::string error;
};
GroundTruth find_ground_truth(const model::EvaluationRow& row);

// A scalar as text: strings as they are, numbers as JSON ("42", "0.5"), "true"/"false".
std::string scalar_text(const Json& scalar);

}  // namespace evp::evaluate
