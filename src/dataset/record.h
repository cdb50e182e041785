// One record read from a dataset file before it becomes a row: the line it starts on, and
// either its parsed JSON value or why it could not be read.
#pragma once

#include <functional>
#include <string>

#include "base/json.h"

namespace evp::dataset {

struct Record {
  int line = 0;        // 1-based line where the record starts
  int column = 0;      // 1-based column of an error; 0 when unknown
  Json value;          // the parsed record, when error is empty
  std::string error;   // non-empty: the record is malformed
  bool fatal = false;  // the reader cannot go on past this error

  bool ok() const { return error.empty(); }
};

// Receives each record in file order; returns false to stop reading.
using RecordSink = std::function<bool(Record&&)>;

}  // namespace evp::dataset
