// exact_match {value?, ignore_case: false, strip: true, collapse_whitespace: false,
// remove_punctuation: false}: 1 when the answer equals the expected text (config 'value',
// else the ground truth as text), both normalized the same way, else 0.
//
// Normalization, in this order: remove_punctuation deletes ASCII punctuation
// (!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~); collapse_whitespace turns each run of ASCII whitespace
// into one space; strip trims ASCII whitespace at both ends; ignore_case lowercases A-Z
// (ASCII only). Reasons: "matches 'Paris'" or "expected 'Paris', got 'London'" (the texts
// as given, before normalization). Invalid without an assistant message or expected text.
#pragma once

#include <memory>

#include "evaluate/config_reader.h"
#include "evaluate/evaluator.h"

namespace evp::evaluate {

std::unique_ptr<Evaluator> make_exact_match(const ConfigReader& config);

}  // namespace evp::evaluate
