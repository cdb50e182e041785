// DatasetBuilder (see dataset_builder.h).
#include "dataset/dataset_builder.h"

#include "base/errors.h"
#include "model/row_id.h"

namespace evp::dataset {

DatasetBuilder::DatasetBuilder(std::string file, const DatasetOptions& options, const RowSink& sink)
    : file_(std::move(file)),
      skip_invalid_(options.skip_invalid),
      limit_(options.limit),
      sink_(sink) {}

bool DatasetBuilder::full() const {
  return limit_ && added_ >= *limit_;
}

bool DatasetBuilder::add(int line, model::EvaluationRow row) {
  if (full()) return false;
  const std::string& id = model::ensure_row_id(row);
  auto [it, inserted] = line_of_id_.emplace(id, line);
  if (!inserted) {
    return reject(
        line, 0,
        "duplicate row_id '" + id + "' (line " + std::to_string(it->second) + " has the same id)");
  }
  ++added_;
  sink_(line, std::move(row));
  return !full();
}

bool DatasetBuilder::reject(int line, int column, const std::string& message) {
  if (!skip_invalid_) throw InputError(file_, line, column, message);
  skipped_.push_back({file_, line, column, message});
  return true;
}

}  // namespace evp::dataset
