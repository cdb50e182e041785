// JSON Lines read on several threads. Reading a 100k-row dataset (parse, row conversion, row
// id) was a tenth of a bench run, on one core, before any model call. The text is cut into
// chunks of whole lines; worker threads turn each chunk into rows, and the calling thread
// hands them on in file order. Workers stay at most a few chunks ahead of the caller, so
// memory is bounded whatever the file size.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "model/evaluation_row.h"

namespace evp::dataset {

// One non-blank line: its row, or why it is not one.
struct ParsedLine {
  int line = 0;       // 1-based
  int column = 0;     // 1-based column of a JSON error; 0 when unknown
  std::string error;  // non-empty: malformed JSON, or `convert` threw FormatError
  model::EvaluationRow row;
};

struct ParallelReadOptions {
  int threads = 2;                     // worker threads
  size_t chunk_bytes = 256 * 1024;     // a chunk ends at the first line end past this size
  size_t chunks_ahead_per_thread = 2;  // how far workers may run ahead of the caller
};

// `convert` runs on the worker threads (it must be thread-safe) and may throw FormatError,
// which becomes the line's error. `consume` runs on the calling thread in file order;
// returning false stops the read. An exception from either stops the workers and is
// rethrown here.
void read_json_lines_parallel(std::string_view text, const ParallelReadOptions& options,
                              const std::function<model::EvaluationRow(const Json&)>& convert,
                              const std::function<bool(ParsedLine&&)>& consume);

}  // namespace evp::dataset
