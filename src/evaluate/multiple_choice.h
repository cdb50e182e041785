// multiple_choice {choices: "ABCD", value?}: 1 when the choice letter read from the answer is
// the expected one, else 0. Choices are distinct ASCII letters or digits, matched case-
// sensitively (so the article "a" never reads as choice A).
//
// Reading the letter; the first rule that finds one wins, and within a rule the last match:
//   1. \boxed{B}, \boxed{\text{B}}, \boxed{(B)};
//   2. an answer cue: "answer" (any case), optionally "is", ":", "option"/"choice", "(",
//      "[" or "**", then the letter as a whole word: "Answer: B", "the answer is (C)",
//      "Final answer: **D**";
//   3. bold: "**D**", "**(D)**", "**D) text**", "**D. text**";
//   4. the whole answer is the letter: "B", "(B)", "B.", "B)";
//   5. the answer starts with the letter and ")", "." or ":": "B) because ...", "(B) ...".
// The expected letter: config 'value' (one of the choices), else the ground truth: a string
// read by the same rules ("B", "(B)", "Answer: B"), or a number taken as a 0-based index into
// the choices (MMLU style: 1 -> B).
//
// Reasons: "extracted B from 'Answer: B', matches", "extracted C from '**C**', expected B",
// "no choice among ABCD found, expected B". data holds {"extracted", "expected"}. Invalid
// without an assistant message or when the ground truth names no choice
// ("ground truth 'E' names none of the choices ABCD").
#pragma once

#include <memory>

#include "evaluate/config_reader.h"
#include "evaluate/evaluator.h"

namespace evp::evaluate {

std::unique_ptr<Evaluator> make_multiple_choice(const ConfigReader& config);

}  // namespace evp::evaluate
