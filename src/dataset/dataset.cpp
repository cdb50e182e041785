// load_dataset: reads the file, picks the reader, converts each record to a row, and collects
// the rows (see dataset.h).
#include "dataset/dataset.h"
#include "base/join.h"

#include <algorithm>
#include <thread>

#include "base/errors.h"
#include "dataset/compression.h"
#include "dataset/csv_reader.h"
#include "dataset/dataset_builder.h"
#include "dataset/dataset_format.h"
#include "dataset/json_array_reader.h"
#include "dataset/json_lines_reader.h"
#include "dataset/parallel_json_lines.h"
#include "dataset/row_formats.h"
#include "model/row_id.h"

namespace evp::dataset {
namespace {

// JSON Lines files at least this big are read on several threads.
constexpr size_t kParallelReadBytes = 1 << 20;

bool has(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Column names from the header record (trimmed), checked: none empty, none twice.
std::vector<std::string> header_columns(const CsvRecord& header) {
  std::vector<std::string> names;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = trim(header.fields[i]);
    if (name.empty()) {
      throw FormatError("the header's column " + std::to_string(i + 1) + " has no name");
    }
    auto seen = std::find(names.begin(), names.end(), name);
    if (seen != names.end()) {
      throw FormatError("the header names column '" + name + "' twice (columns " +
                        std::to_string(seen - names.begin() + 1) + " and " + std::to_string(i + 1) +
                        ")");
    }
    names.push_back(std::move(name));
  }
  return names;
}

ColumnMapping csv_column_mapping(const std::vector<std::string>& header,
                                 const PromptTemplate* prompt_template,
                                 const DatasetOptions& options) {
  ColumnMapping mapping;
  if (prompt_template) {
    mapping.prompt_template = prompt_template;
    for (const auto& column : prompt_template->columns()) {
      if (!has(header, column)) {
        throw FormatError("prompt_template: no column '" + column +
                          "' in the header (columns: " + join(header) + ")");
      }
    }
  } else {
    for (std::string_view name : kPromptColumns) {
      if (has(header, name)) {
        mapping.prompt_column = std::string(name);
        break;
      }
    }
    if (mapping.prompt_column.empty()) {
      throw FormatError(
          "expected a header with a column named prompt, question or input (or a "
          "prompt_template), got columns: " +
          join(header));
    }
  }
  if (options.ground_truth_column) {
    if (!has(header, *options.ground_truth_column)) {
      throw FormatError("ground_truth_column: no column '" + *options.ground_truth_column +
                        "' in the header (columns: " + join(header) + ")");
    }
    mapping.ground_truth_column = options.ground_truth_column;
  } else {
    for (std::string_view name : kGroundTruthColumns) {
      if (has(header, name)) {
        mapping.ground_truth_column = std::string(name);
        break;
      }
    }
  }
  return mapping;
}

void load_csv(std::string_view text, const PromptTemplate* prompt_template,
              const DatasetOptions& options, DatasetBuilder& builder) {
  std::optional<std::vector<std::string>> header;
  ColumnMapping mapping;
  read_csv(text, [&](CsvRecord&& record) {
    if (!header) {  // without a header nothing can be read, skip_invalid or not
      if (!record.ok()) {
        throw InputError(builder.file(), record.error_line, record.error_column, record.error);
      }
      try {
        header = header_columns(record);
        mapping = csv_column_mapping(*header, prompt_template, options);
      } catch (const FormatError& e) {
        throw InputError(builder.file(), record.line, 0, e.what());
      }
      return true;
    }
    if (!record.ok()) {
      return builder.reject(record.error_line, record.error_column, record.error) && !record.fatal;
    }
    if (record.fields.size() != header->size()) {
      return builder.reject(record.line, 0,
                            "expected " + std::to_string(header->size()) +
                                " fields as in the header, got " +
                                std::to_string(record.fields.size()));
    }
    Json columns = Json::object();
    for (size_t i = 0; i < header->size(); ++i) columns[(*header)[i]] = record.fields[i];
    model::EvaluationRow row;
    try {
      row = row_from_columns(columns, mapping);
    } catch (const FormatError& e) {
      return builder.reject(record.line, 0, e.what());
    }
    return builder.add(record.line, std::move(row));
  });
}

void load_json(std::string_view text, DatasetFormat format, const PromptTemplate* prompt_template,
               const DatasetOptions& options, DatasetBuilder& builder) {
  RecordFormatOptions record_options;
  record_options.prompt_template = prompt_template;
  record_options.ground_truth_column = options.ground_truth_column;
  const RecordSink sink = [&](Record&& record) {
    if (!record.ok()) {
      return builder.reject(record.line, record.column, record.error) && !record.fatal;
    }
    model::EvaluationRow row;
    try {
      row = row_from_record(record.value, record_options);
    } catch (const FormatError& e) {
      return builder.reject(record.line, 0, e.what());
    }
    return builder.add(record.line, std::move(row));
  };
  if (format == DatasetFormat::kJsonArray) {
    read_json_array(text, sink);
    return;
  }
  // Big files without a limit are read on every core (a limit usually means "the first few
  // rows of a big file": reading ahead would be waste).
  const unsigned cores = std::thread::hardware_concurrency();
  if (options.limit || cores < 2 || text.size() < kParallelReadBytes) {
    read_json_lines(text, sink);
    return;
  }
  ParallelReadOptions parallel;
  parallel.threads = static_cast<int>(cores);
  read_json_lines_parallel(
      text, parallel,
      [&](const Json& record) {
        model::EvaluationRow row = row_from_record(record, record_options);
        model::ensure_row_id(row);  // hashed here, on the worker
        return row;
      },
      [&](ParsedLine&& p) {
        if (!p.error.empty()) return builder.reject(p.line, p.column, p.error);
        return builder.add(p.line, std::move(p.row));
      });
}

std::vector<SkippedLine> load(const std::filesystem::path& path, const DatasetOptions& options,
                              const RowSink& sink) {
  const std::string file = path.string();
  const std::string bytes = read_decompressed_file(path);
  const std::string_view text = strip_utf8_bom(bytes);
  std::optional<PromptTemplate> prompt_template;
  DatasetFormat format;
  try {
    if (options.prompt_template) prompt_template = PromptTemplate::parse(*options.prompt_template);
    format = detect_dataset_format(path, text);
  } catch (const FormatError& e) {
    throw InputError(file, 0, 0, e.what());
  }
  DatasetBuilder builder(file, options, sink);
  if (!builder.full()) {
    const PromptTemplate* t = prompt_template ? &*prompt_template : nullptr;
    if (format == DatasetFormat::kCsv) {
      load_csv(text, t, options, builder);
    } else {
      load_json(text, format, t, options, builder);
    }
  }
  return builder.take_skipped();
}

}  // namespace

Dataset load_dataset(const std::filesystem::path& path, const DatasetOptions& options) {
  Dataset d;
  d.skipped = load(path, options, [&d](int line, model::EvaluationRow&& row) {
    d.rows.push_back(std::move(row));
    d.lines.push_back(line);
  });
  return d;
}

Dataset load_dataset(const std::filesystem::path& path, const DatasetOptions& options,
                     const RowSink& sink) {
  Dataset d;
  d.skipped = load(path, options, sink);
  return d;
}

}  // namespace evp::dataset
