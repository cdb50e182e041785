// RowBank: a suite's dataset rows, held compactly while a run lasts. A parsed Eval Protocol
// row is 1.3 KB before any content (every optional part of the model is inline), so 100,000
// short rows took 220 MB. The bank keeps only what dataset rows carry (messages, tools,
// ground truth, input metadata) and the rare rest as JSON text, parsed back when present.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/evaluation_row.h"

namespace evp::runner {

class RowBank {
 public:
  // The row must have an input_metadata.row_id (the dataset step gives every row one).
  void add(model::EvaluationRow row);
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const std::string& row_id(size_t index) const;
  // A copy of the row as it was added.
  model::EvaluationRow row(size_t index) const;
  // SHA-256 (hex) of the row ids in order, one per line: equal exactly when two banks hold
  // the same rows at the same positions (what resuming an experiment needs).
  std::string ids_hash() const;

 private:
  struct Entry {
    std::vector<model::Message> messages;
    std::optional<Json> tools;
    std::optional<Json> ground_truth;
    model::InputMetadata input_metadata;
    std::string rest_json;  // every other field, as a row's JSON; empty when all are defaults
  };
  std::vector<Entry> entries_;
};

}  // namespace evp::runner
