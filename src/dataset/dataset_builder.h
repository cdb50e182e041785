// Collects a dataset's rows in file order and owns its invariants: every row has a row_id, no
// two rows share one, at most `limit` rows; malformed records throw or are recorded as skipped.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "dataset/dataset.h"

namespace evp::dataset {

class DatasetBuilder {
 public:
  // Rows go to `sink` when one is given, else into the Dataset that take() returns.
  DatasetBuilder(std::string file, const DatasetOptions& options, const RowSink* sink = nullptr);

  // Adds the row read at `line` (giving it a row_id); returns false once the limit is reached.
  bool add(int line, model::EvaluationRow row);

  // A malformed record: throws evp::InputError, or with skip_invalid records it and returns
  // true (go on).
  bool reject(int line, int column, const std::string& message);

  bool full() const;
  const std::string& file() const { return file_; }
  Dataset take() { return std::move(dataset_); }

 private:
  std::string file_;
  bool skip_invalid_;
  std::optional<size_t> limit_;
  const RowSink* sink_;
  size_t added_ = 0;
  Dataset dataset_;
  std::unordered_map<std::string, int> line_of_id_;
};

}  // namespace evp::dataset
