// Stable row ids: a row without input_metadata.row_id gets one derived from its content
// (messages, tools, ground truth, and input metadata other than completion_params), the same
// on every machine and in every run.
#pragma once

#include <string>

#include "model/evaluation_row.h"

namespace evp::model {

// "row-" followed by the first 16 hex digits of SHA-256 over the canonical (key-sorted,
// compact) JSON of the row's content.
std::string content_row_id(const EvaluationRow& row);

// Sets input_metadata.row_id from content when missing; returns the id.
const std::string& ensure_row_id(EvaluationRow& row);

}  // namespace evp::model
