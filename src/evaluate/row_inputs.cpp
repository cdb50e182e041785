// Implementation of the answer and ground-truth accessors.
#include "evaluate/row_inputs.h"

#include "model/json_reader.h"

namespace evp::evaluate {

namespace {

bool is_scalar(const Json& j) {
  return j.is_string() || j.is_number() || j.is_boolean();
}

}  // namespace

std::optional<std::string> answer_text(const model::EvaluationRow& row) {
  const model::Message* m = row.last_assistant_message();
  if (!m) return std::nullopt;
  return m->text();
}

GroundTruth find_ground_truth(const model::EvaluationRow& row) {
  GroundTruth out;
  if (!row.ground_truth || row.ground_truth->is_null()) {
    out.error = "no ground_truth in the row and no 'value' in the config";
    return out;
  }
  const Json& gt = *row.ground_truth;
  if (is_scalar(gt)) {
    out.value = &gt;
    return out;
  }
  if (gt.is_object()) {
    for (const char* key : {"answer", "value", "ideal"}) {
      const Json* member = model::find_member(gt, key);
      if (!member) continue;
      if (is_scalar(*member)) {
        out.value = member;
      } else {
        out.error = std::string("ground_truth.") + key + " is " +
                    (member->is_array() ? "an array" : "an object") +
                    "; expected a string, a number or a boolean";
      }
      return out;
    }
    out.error = "ground_truth has none of 'answer', 'value', 'ideal'";
    return out;
  }
  out.error =
      "ground_truth is an array; expected a string, a number, a boolean or an object with "
      "'answer', 'value' or 'ideal'";
  return out;
}

std::string scalar_text(const Json& scalar) {
  if (scalar.is_string()) return scalar.get<std::string>();
  return dump_json(scalar);
}

}  // namespace evp::evaluate
