// Dataset loading: a JSONL, JSON-array or CSV file (optionally zstd- or gzip-compressed) read
// into Eval Protocol rows, each row's format detected by its content, with file:line errors.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/evaluation_row.h"

namespace evp::dataset {

struct DatasetOptions {
  bool skip_invalid = false;  // record malformed lines in Dataset::skipped instead of throwing
  // Builds the user message of CSV rows and of JSON rows without "messages" from their
  // columns: "Q: {question}" ({{ and }} are literal braces).
  std::optional<std::string> prompt_template;
  // The column (CSV) or field (JSON) holding the ground truth.
  std::optional<std::string> ground_truth_column;
  std::optional<size_t> limit;  // stop after this many rows
};

// A line that was not loaded (skip_invalid), and why.
struct SkippedLine {
  std::string file;
  int line = 0;
  int column = 0;  // 0 when unknown
  std::string message;
};

struct Dataset {
  std::vector<evp::model::EvaluationRow> rows;
  std::vector<int> lines;  // source line of each row (where its record starts)
  std::vector<SkippedLine> skipped;
};

// Reads JSONL (.jsonl; .zst/.gz compression is detected by magic bytes), a JSON array (.json)
// or CSV (.csv). Each JSON record's format is detected by its content:
//  - Eval Protocol row / OpenAI chat: has "messages" (model::row_from_json);
//  - OpenAI evals: {"input": string | messages, "ideal": any} -> ground_truth = ideal;
//  - {"prompt": string | messages, "completion" | "answer" | "response": any};
//  - with prompt_template: any object without "messages", filled like a CSV row.
// CSV has a header row; the prompt is prompt_template or the column named prompt, question or
// input; the ground truth is ground_truth_column or the column named answer, ideal or
// ground_truth; other columns (and other fields of converted JSON rows) go to
// input_metadata.dataset_info. Every row gets a row_id (model::ensure_row_id). Blank lines and a
// UTF-8 BOM are ignored. A malformed record or a duplicate row_id throws
// evp::InputError(file, line, column, "..."), or with skip_invalid is recorded in `skipped`.
Dataset load_dataset(const std::filesystem::path& path, const DatasetOptions& options);

// The same reading and checks, but each row goes to `sink` (in file order, with its source
// line) instead of into a Dataset, so a caller can keep rows in a more compact form. Returns
// the skipped lines (skip_invalid); Dataset::rows and Dataset::lines of the result are empty.
using RowSink = std::function<void(int line, model::EvaluationRow&& row)>;
Dataset load_dataset(const std::filesystem::path& path, const DatasetOptions& options,
                     const RowSink& sink);

}  // namespace evp::dataset
