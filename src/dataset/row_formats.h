// One dataset record to one EvaluationRow, its format detected by content: Eval Protocol rows
// and OpenAI chat ({"messages"}), OpenAI evals ({"input", "ideal"}), prompt/completion pairs,
// and objects of columns (CSV rows, plain JSON objects) filled into a prompt template.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "dataset/prompt_template.h"
#include "model/evaluation_row.h"

namespace evp::dataset {

// Default columns, in order of preference: the prompt of a CSV row; the ground truth of a CSV
// row or of a JSON object filled into a prompt template.
inline constexpr std::array<std::string_view, 3> kPromptColumns = {"prompt", "question", "input"};
inline constexpr std::array<std::string_view, 3> kGroundTruthColumns = {"answer", "ideal",
                                                                        "ground_truth"};
// The ground truth fields of {"input"} (OpenAI evals) and {"prompt"} records.
inline constexpr std::array<std::string_view, 1> kInputGroundTruthFields = {"ideal"};
inline constexpr std::array<std::string_view, 3> kPromptGroundTruthFields = {"completion", "answer",
                                                                             "response"};

// How the columns of a row become a conversation.
struct ColumnMapping {
  const PromptTemplate* prompt_template = nullptr;  // when set, builds the user message
  std::string prompt_column;                        // otherwise, this column is the message
  std::optional<std::string> ground_truth_column;
};

// A row from an object of columns: one user message; the ground truth column's value; every
// other column in input_metadata.dataset_info (with a template, the template's columns stay
// there too). Throws evp::FormatError.
model::EvaluationRow row_from_columns(const Json& columns, const ColumnMapping& mapping);

struct RecordFormatOptions {
  const PromptTemplate* prompt_template = nullptr;  // rows without "messages" use it
  std::optional<std::string> ground_truth_column;   // overrides the format's own field
};

// A row from one JSON record of any supported format (see dataset.h). Throws evp::FormatError
// with the JSON path of the problem ("input[0].role: expected a string, got number").
model::EvaluationRow row_from_record(const Json& record, const RecordFormatOptions& options);

}  // namespace evp::dataset
