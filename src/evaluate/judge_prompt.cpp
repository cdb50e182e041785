// Implementation of the judge's row texts and prompt templates.
#include "evaluate/judge_prompt.h"

#include "base/errors.h"
#include "evaluate/row_inputs.h"
#include "evaluate/text_utils.h"

namespace evp::evaluate {

namespace {

// Index of the last assistant message, or messages.size() when there is none.
size_t last_assistant_index(const std::vector<model::Message>& messages) {
  for (size_t i = messages.size(); i > 0; --i) {
    if (messages[i - 1].role == "assistant") return i - 1;
  }
  return messages.size();
}

// "role: content" plus a "[tool call NAME(ARGUMENTS)]" line per tool call.
std::string transcript_block(const model::Message& m) {
  std::string out = m.role + ": " + m.text();
  if (m.tool_calls) {
    for (const model::ToolCall& call : *m.tool_calls) {
      out += "\n[tool call " + call.function.name + "(" + call.function.arguments + ")]";
    }
  }
  return out;
}

bool is_name_start(char c) {
  return is_ascii_alpha(c) || c == '_';
}

bool is_name_char(char c) {
  return is_name_start(c) || is_ascii_digit(c);
}

// The length of the placeholder "{name}" starting at text[at] (a '{'), or 0 when none does.
size_t placeholder_length(std::string_view text, size_t at) {
  size_t end = at + 1;
  if (end >= text.size() || !is_name_start(text[end])) return 0;
  while (end < text.size() && is_name_char(text[end])) ++end;
  return end < text.size() && text[end] == '}' ? end + 1 - at : 0;
}

std::string braced_list(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += "{" + std::string(name) + "}";
  }
  return out;
}

bool contains(std::span<const std::string_view> names, std::string_view name) {
  for (std::string_view n : names) {
    if (n == name) return true;
  }
  return false;
}

}  // namespace

std::string question_text(const model::EvaluationRow& row) {
  const size_t end = last_assistant_index(row.messages);
  if (end == 1 && row.messages[0].role == "user") return row.messages[0].text();
  std::string out;
  for (size_t i = 0; i < end; ++i) {
    if (!out.empty()) out += "\n\n";
    out += transcript_block(row.messages[i]);
  }
  return out;
}

std::optional<std::string> ground_truth_text(const model::EvaluationRow& row) {
  if (!row.ground_truth || row.ground_truth->is_null()) return std::nullopt;
  if (row.ground_truth->is_string()) return row.ground_truth->get<std::string>();
  return dump_json(*row.ground_truth);
}

std::optional<JudgeTexts> judge_texts(const model::EvaluationRow& row) {
  std::optional<std::string> answer = answer_text(row);
  if (!answer) return std::nullopt;
  return JudgeTexts{question_text(row), std::move(*answer), ground_truth_text(row)};
}

PromptTemplate::PromptTemplate(std::string_view text, std::span<const std::string_view> known) {
  std::vector<std::string_view> unknown;
  std::string literal;
  for (size_t i = 0; i < text.size(); ++i) {
    const size_t length = text[i] == '{' ? placeholder_length(text, i) : 0;
    if (length == 0) {
      literal += text[i];
      continue;
    }
    const std::string_view name = text.substr(i + 1, length - 2);
    if (!contains(known, name) && !contains(unknown, name)) unknown.push_back(name);
    pieces_.push_back({std::move(literal), std::string(name)});
    literal.clear();
    i += length - 1;
  }
  pieces_.push_back({std::move(literal), ""});
  if (unknown.empty()) return;
  throw InputError(
      std::string(unknown.size() == 1 ? "unknown placeholder " : "unknown placeholders ") +
      braced_list(unknown) + " (known: " + braced_list(known) + ")");
}

bool PromptTemplate::uses(std::string_view name) const {
  for (const Piece& piece : pieces_) {
    if (piece.placeholder == name) return true;
  }
  return false;
}

std::string PromptTemplate::fill(const TemplateValues& values) const {
  std::string out;
  for (const Piece& piece : pieces_) {
    out += piece.literal;
    if (piece.placeholder.empty()) continue;
    for (const auto& [name, value] : values) {
      if (name != piece.placeholder) continue;
      out += value;
      break;
    }
  }
  return out;
}

std::optional<PromptTemplate> read_template(const ConfigReader& config,
                                            std::span<const std::string_view> known) {
  const std::optional<std::string> text = config.optional_string("template");
  if (!text) return std::nullopt;
  if (trim(*text).empty()) config.fail_key("template", "expected a non-empty string");
  try {
    return PromptTemplate(*text, known);
  } catch (const InputError& e) {
    config.fail_key("template", e.message());
  }
}

}  // namespace evp::evaluate
