// Content-derived row ids (see row_id.h for what is hashed).
#include "model/row_id.h"

#include "base/hash.h"
#include "model/row_json.h"

namespace evp::model {

std::string content_row_id(const EvaluationRow& row) {
  Json content = Json::object();
  content["messages"] = to_json(row.messages);
  if (row.tools) content["tools"] = *row.tools;
  if (row.ground_truth) content["ground_truth"] = *row.ground_truth;
  if (row.input_metadata.dataset_info) content["dataset_info"] = *row.input_metadata.dataset_info;
  if (row.input_metadata.session_data) content["session_data"] = *row.input_metadata.session_data;
  if (!row.input_metadata.extra.empty()) content["input_metadata_extra"] = row.input_metadata.extra;
  return "row-" + sha256_hex(dump_json(content)).substr(0, 16);
}

const std::string& ensure_row_id(EvaluationRow& row) {
  if (!row.input_metadata.row_id || row.input_metadata.row_id->empty()) {
    row.input_metadata.row_id = content_row_id(row);
  }
  return *row.input_metadata.row_id;
}

}  // namespace evp::model
