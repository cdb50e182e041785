// Content-derived row ids (see row_id.h for what is hashed).
#include "model/row_id.h"

#include "base/hash.h"
#include "model/json_writer.h"
#include "model/row_writer.h"

namespace evp::model {

std::string content_row_id(const EvaluationRow& row) {
  // Written directly, byte for byte the dump_json of the object {dataset_info, ground_truth,
  // input_metadata_extra, messages, session_data, tools} (keys sorted, absent ones omitted).
  const InputMetadata& input = row.input_metadata;
  std::string content;
  JsonObjectWriter obj(content);
  if (input.dataset_info) obj.json_member("dataset_info", *input.dataset_info);
  if (row.ground_truth) obj.json_member("ground_truth", *row.ground_truth);
  if (!input.extra.empty()) obj.json_member("input_metadata_extra", input.extra);
  append_messages_json(obj.key("messages"), row.messages);
  if (input.session_data) obj.json_member("session_data", *input.session_data);
  if (row.tools) obj.json_member("tools", *row.tools);
  obj.close();
  return "row-" + sha256_hex(content).substr(0, 16);
}

const std::string& ensure_row_id(EvaluationRow& row) {
  if (!row.input_metadata.row_id || row.input_metadata.row_id->empty()) {
    row.input_metadata.row_id = content_row_id(row);
  }
  return *row.input_metadata.row_id;
}

}  // namespace evp::model
