// repetition {ngram: 3, max_repeat_ratio: 0.2}: penalizes degenerate, looping answers.
// Words are runs of non-whitespace, compared exactly (case and punctuation kept). Over the
// T = words - n + 1 word n-grams of the answer, ratio = 1 - distinct / T. The score is 1 when
// ratio <= max_repeat_ratio, else falls linearly to 0 at ratio 1:
//   score = (1 - ratio) / (1 - max_repeat_ratio).
// An answer with fewer than n words scores 1. Reasons: "repeat ratio 0.125 over 3-grams,
// within 0.2", "repeat ratio 0.5 over 3-grams, over 0.2", "fewer than 3 words" (ratios
// printed with at most 3 decimals). Invalid without an assistant message.
#pragma once

#include <memory>

#include "evaluate/config_reader.h"
#include "evaluate/evaluator.h"

namespace evp::evaluate {

std::unique_ptr<Evaluator> make_repetition(const ConfigReader& config);

}  // namespace evp::evaluate
