// format {pattern? | preset?}: exactly one of the two. 1 when the whole answer matches, else 0.
//   pattern: an RE2 pattern that must match the entire answer (RE2 full match; "." does not
//     match a newline unless the pattern sets (?s)).
//   preset "think_answer": <think>...</think> then <answer>...</answer>, with any whitespace
//     before, between and after, and any text (newlines included) inside the tags; the
//     reasoning-model format reward of GRPO recipes.
// Reasons: "matches the think_answer format" / "does not match the think_answer format",
// "matches the pattern" / "does not match the pattern '<pattern>'". Invalid without an
// assistant message.
#pragma once

#include <memory>

#include "evaluate/config_reader.h"
#include "evaluate/evaluator.h"

namespace evp::evaluate {

std::unique_ptr<Evaluator> make_format(const ConfigReader& config);

}  // namespace evp::evaluate
