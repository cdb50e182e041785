// regex {pattern, ignore_case: false, negate: false}: RE2 partial match (the pattern may occur
// anywhere; anchor with ^ and $ to match the whole answer). Without negate: 1 with
// "matched '<text>'" (the leftmost match), else 0 with "no match". With negate the score is
// flipped: 1 with "no match (negated)", 0 with "matched '<text>' (negated)". A pattern RE2
// rejects is a config error. Invalid without an assistant message.
#pragma once

#include <memory>

#include "evaluate/config_reader.h"
#include "evaluate/evaluator.h"

namespace evp::evaluate {

std::unique_ptr<Evaluator> make_regex(const ConfigReader& config);

}  // namespace evp::evaluate
