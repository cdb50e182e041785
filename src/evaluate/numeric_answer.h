// numeric_answer {value?: number, tolerance: 1e-6, relative_tolerance: 0, extract: "auto"}:
// 1 when the number read from the answer is within tolerance of the expected number, else 0.
// Within tolerance: |got - expected| <= max(tolerance, relative_tolerance * |expected|).
//
// Extraction (number syntax in number_extract.h):
//   boxed:       the last number in the last \boxed{...};
//   gsm8k:       the first number after the last "####" (on that line);
//   last_number: the last number in the answer;
//   auto:        boxed when the answer has "\boxed{", else gsm8k when it has "####", else
//                last_number. A \boxed{} or "####" without a number scores 0; auto does not
//                fall back to the last number then.
// The expected number: config 'value' (a number or numeric string), else the ground truth: a
// number, or a string read by reference_number (a numeric string such as "1,234" or
// "\frac{3}{4}", a GSM8K solution ending in "#### 42", or a text with \boxed{42}).
//
// Reasons: "extracted 42 from \boxed{}, matches 42", "extracted 41 from the last number,
// expected 42"; answers without a number score 0 with "no number in the answer",
// "no \boxed{} in the answer", "no number in the \boxed{} content 'x+1'",
// "no '#### N' in the answer",
// "no number after '####'". data holds {"extracted", "expected", "method"} when a number was
// read. Invalid without an assistant message or with a missing or non-numeric ground truth
// ("ground truth 'n/a' is not a number").
#pragma once

#include <memory>

#include "evaluate/config_reader.h"
#include "evaluate/evaluator.h"

namespace evp::evaluate {

std::unique_ptr<Evaluator> make_numeric_answer(const ConfigReader& config);

}  // namespace evp::evaluate
