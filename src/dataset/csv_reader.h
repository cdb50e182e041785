// CSV records as RFC 4180 defines them: comma-separated fields, double-quoted fields that may
// hold commas, line breaks and "" (an escaped quote), CRLF or LF line ends. Each record knows
// the line it starts on even when earlier fields spanned lines. Blank lines are skipped.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace evp::dataset {

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
  int error_line = 0;    // where the error is (a quoted field may span lines)
  int error_column = 0;  // 1-based byte column of the error
  std::string error;     // non-empty: the record is malformed
  bool fatal = false;    // nothing after this error can be read

  bool ok() const { return error.empty(); }
};

// Receives each record in file order; returns false to stop reading.
using CsvSink = std::function<bool(CsvRecord&&)>;

void read_csv(std::string_view text, const CsvSink& sink);

}  // namespace evp::dataset
