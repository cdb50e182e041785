// length {min_chars?, max_chars?, min_words?, max_words?}: 1 when the answer is within every
// given bound (inclusive), else 0. Chars are Unicode code points of the UTF-8 text; words are
// runs of non-whitespace. At least one bound is required, and a min may not exceed its max.
// Reasons: "120 chars, 20 words: within bounds", or every violated bound joined by "; ":
// "120 chars > max_chars 100; 20 words < min_words 25". Invalid without an assistant message.
#pragma once

#include <memory>

#include "evaluate/config_reader.h"
#include "evaluate/evaluator.h"

namespace evp::evaluate {

std::unique_ptr<Evaluator> make_length(const ConfigReader& config);

}  // namespace evp::evaluate
