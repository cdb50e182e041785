// Substring evaluators. Case-insensitive matching folds ASCII A-Z only.
//   contains {value?}: 1 when the answer contains the expected text (config 'value', else the
//     ground truth as text), else 0. Reasons: "found '42'", "'42' not found".
//   icontains {value?}: the same, ignoring case.
//   contains_any {values: [..], ignore_case: false}: 1 when at least one value occurs, else 0.
//     Reasons: "found 'cat'" (the first value, in config order, that occurs) or
//     "none of 'cat', 'dog' found".
//   contains_all {values: [..], ignore_case: false}: all or nothing, not a fraction: 1 when
//     every value occurs, else 0 with the missing ones named: "missing 'dog', 'cow'";
//     on success "found all 3 values" ("found 'cat'" for a single value).
// Invalid without an assistant message or expected text, or when the expected text is empty.
#pragma once

#include <memory>

#include "evaluate/config_reader.h"
#include "evaluate/evaluator.h"

namespace evp::evaluate {

std::unique_ptr<Evaluator> make_contains(const ConfigReader& config);  // contains and icontains
std::unique_ptr<Evaluator> make_contains_any(const ConfigReader& config);
std::unique_ptr<Evaluator> make_contains_all(const ConfigReader& config);

}  // namespace evp::evaluate
