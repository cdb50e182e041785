// What an LLM judge reads from a row (the question, the answer and the ground truth as text)
// and the prompt templates those texts fill.
//
// Templates: `{name}` with name made of ASCII letters, digits and '_' (not starting with a
// digit) is a placeholder; every other brace is kept as written, so JSON examples in a
// template need no escaping. Placeholders outside the known names are an error naming them.
// Filling is one pass: a value containing "{answer}" is inserted as it is, never re-read.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "evaluate/config_reader.h"
#include "model/evaluation_row.h"

namespace evp::evaluate {

inline constexpr const char* kNoAssistantMessageToJudge = "no assistant message to judge";

// The conversation before the last assistant message (all of it when there is none): a lone user
// message's content, or else a transcript, one "role: content" block per message (system messages
// included) separated by blank lines, where an assistant's tool calls follow its content as
// "[tool call NAME(ARGUMENTS)]" lines. Content parts are joined as Message::text() does.
std::string question_text(const model::EvaluationRow& row);

// row.ground_truth as text: a string as it is, any other JSON value dumped; nullopt when
// absent or null.
std::optional<std::string> ground_truth_text(const model::EvaluationRow& row);

// The three texts of a row; nullopt when the row has no assistant message.
struct JudgeTexts {
  std::string question;
  std::string answer;  // the last assistant message's text (answer_text)
  std::optional<std::string> ground_truth;
};
std::optional<JudgeTexts> judge_texts(const model::EvaluationRow& row);

// (placeholder name, value) pairs for PromptTemplate::fill.
using TemplateValues = std::vector<std::pair<std::string_view, std::string_view>>;

class PromptTemplate {
 public:
  // Parses `text`; throws evp::InputError("unknown placeholder {x} (known: {question},
  // {answer})", or "unknown placeholders {x}, {y} (...)") when it uses names outside `known`.
  PromptTemplate(std::string_view text, std::span<const std::string_view> known);

  bool uses(std::string_view name) const;
  // The text with every placeholder replaced by its value (empty when `values` lacks it).
  std::string fill(const TemplateValues& values) const;

 private:
  struct Piece {
    std::string literal;      // text before the placeholder
    std::string placeholder;  // its name; empty for the last piece
  };
  std::vector<Piece> pieces_;
};

// The evaluator's optional "template" key (a non-empty string) as a PromptTemplate; nullopt
// when absent. Errors read "TYPE.template: unknown placeholder {x} (known: ...)".
std::optional<PromptTemplate> read_template(const ConfigReader& config,
                                            std::span<const std::string_view> known);

}  // namespace evp::evaluate
