// RowBank: the fields dataset rows use are kept as they are; the rest is written with the
// direct JSON writer only when it differs from a default row.
#include "runner/row_bank.h"

#include <utility>

#include "base/fast_json.h"
#include "base/hash.h"
#include "model/row_json.h"
#include "model/row_writer.h"

namespace evp::runner {

void RowBank::add(model::EvaluationRow row) {
  Entry e;
  e.messages = std::exchange(row.messages, {});
  e.messages.shrink_to_fit();
  e.tools = std::exchange(row.tools, std::nullopt);
  e.ground_truth = std::exchange(row.ground_truth, std::nullopt);
  e.input_metadata = std::exchange(row.input_metadata, {});
  static const model::EvaluationRow kDefaultRow;
  if (!(row == kDefaultRow)) {
    model::append_row_json(e.rest_json, row);
    e.rest_json.shrink_to_fit();
  }
  entries_.push_back(std::move(e));
}

const std::string& RowBank::row_id(size_t index) const {
  static const std::string kNone;
  const auto& id = entries_[index].input_metadata.row_id;
  return id ? *id : kNone;
}

model::EvaluationRow RowBank::row(size_t index) const {
  const Entry& e = entries_[index];
  model::EvaluationRow row = e.rest_json.empty()
                                 ? model::EvaluationRow{}
                                 : model::row_from_json(parse_json_text(e.rest_json));
  row.messages = e.messages;
  row.tools = e.tools;
  row.ground_truth = e.ground_truth;
  row.input_metadata = e.input_metadata;
  return row;
}

std::string RowBank::ids_hash() const {
  std::string ids;
  for (size_t i = 0; i < entries_.size(); ++i) {
    ids += row_id(i);
    ids += '\n';
  }
  return sha256_hex(ids);
}

}  // namespace evp::runner
