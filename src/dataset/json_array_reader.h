// A JSON array file: each element is a record starting on the line of its first byte. An
// element that does not parse is reported on its own; a broken array structure (a missing
// comma, an unclosed element) ends the reading with a fatal record.
#pragma once

#include <string_view>

#include "dataset/record.h"

namespace evp::dataset {

void read_json_array(std::string_view text, const RecordSink& sink);

}  // namespace evp::dataset
