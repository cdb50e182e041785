// json_valid {}: 1 when the answer is one JSON document (any type), else 0. A single fenced
// code block (```json or bare ```) is unwrapped first and surrounding whitespace ignored.
// Reasons: "valid JSON", or "not valid JSON: " and nlohmann's parse error ("parse error at
// line 1, column 2: ..."), or "not valid JSON: the answer is empty". Invalid without an
// assistant message.
#pragma once

#include <memory>

#include "evaluate/config_reader.h"
#include "evaluate/evaluator.h"

namespace evp::evaluate {

std::unique_ptr<Evaluator> make_json_valid(const ConfigReader& config);

}  // namespace evp::evaluate
