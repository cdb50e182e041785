// Reading an answer as JSON: a single ```json (or bare ```) fenced block is unwrapped first,
// then the text is parsed; failures give a one-line reason for the metric.
#pragma once

#include <string>
#include <string_view>

#include "base/json.h"

namespace evp::evaluate {

struct JsonAnswer {
  bool ok = false;
  Json value;
  std::string error;  // "not valid JSON: parse error at line 1, column 2: ..." when !ok
};

// Parses the answer (after unwrap_json_fence) into a DOM.
JsonAnswer parse_json_answer(std::string_view answer);
// Only checks; builds no DOM when the answer is valid. Returns "" when valid, else the reason.
std::string json_answer_error(std::string_view answer);

}  // namespace evp::evaluate
