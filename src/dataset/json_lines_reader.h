// JSON Lines: one JSON value per line; blank lines are skipped; the column of a parse error
// is the byte column within its line.
#pragma once

#include <string_view>

#include "dataset/record.h"

namespace evp::dataset {

// `lines_before`: how many lines precede `text` in its file (record lines count from there).
void read_json_lines(std::string_view text, const RecordSink& sink, int lines_before = 0);

}  // namespace evp::dataset
