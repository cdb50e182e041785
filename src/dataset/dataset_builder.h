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
  // Every accepted row goes to `sink`, in file order.
  DatasetBuilder(std::string file, const DatasetOptions& options, const RowSink& sink);

  // Adds the row read at `line` (giving it a row_id); returns false once the limit is reached.
  bool add(int line, model::EvaluationRow row);

  // A malformed record: throws evp::InputError, or with skip_invalid records it and returns
  // true (go on).
  bool reject(int line, int column, const std::string& message);

  bool full() const;
  const std::string& file() const { return file_; }
  // The lines that were skipped (skip_invalid).
  std::vector<SkippedLine> take_skipped() { return std::move(skipped_); }

 private:
  std::string file_;
  bool skip_invalid_;
  std::optional<size_t> limit_;
  const RowSink& sink_;
  size_t added_ = 0;
  std::vector<SkippedLine> skipped_;
  std::unordered_map<std::string, int> line_of_id_;
};

}  // namespace evp::dataset
