// Record format detection and conversion (see row_formats.h).
#include "dataset/row_formats.h"

#include "base/errors.h"
#include "model/json_reader.h"
#include "model/row_json.h"

namespace evp::dataset {
namespace {

constexpr const char* kExpectedRecord =
    "expected an object with \"messages\", \"input\" or \"prompt\"";

template <size_t N>
std::optional<std::string> first_present(const Json& object,
                                         const std::array<std::string_view, N>& names) {
  for (std::string_view name : names) {
    if (model::find_member(object, std::string(name).c_str())) return std::string(name);
  }
  return std::nullopt;
}

std::string describe_keys(const Json& object) {
  if (object.empty()) return "got an empty object";
  std::string out = "got keys: ";
  size_t n = 0;
  for (auto it = object.begin(); it != object.end(); ++it, ++n) {
    if (n == 6) return out + ", ...";
    if (n > 0) out += ", ";
    out += it.key();
  }
  return out;
}

// A prompt field: a string is one user message; an array is a list of messages.
std::vector<model::Message> prompt_messages(const Json& value, const std::string& path) {
  if (value.is_string()) return {model::make_message("user", value.get<std::string>())};
  if (value.is_array()) return model::messages_from_json(value, path);
  model::throw_expected(path, "a string or an array of messages", value);
}

void require_field(const Json& object, const std::string& name, const char* option) {
  if (!model::find_member(object, name.c_str())) {
    throw FormatError(std::string(option) + ": no field '" + name + "' in this row");
  }
}

// Fills ground_truth and dataset_info from the fields that are not the prompt.
void take_other_fields(const Json& object, const std::optional<std::string>& prompt_key,
                       const std::optional<std::string>& ground_truth_key,
                       model::EvaluationRow& row) {
  if (ground_truth_key) row.ground_truth = model::opt_json(object, ground_truth_key->c_str());
  Json info = Json::object();
  for (auto it = object.begin(); it != object.end(); ++it) {
    const bool is_prompt = prompt_key && it.key() == *prompt_key;
    const bool is_ground_truth = ground_truth_key && it.key() == *ground_truth_key;
    if (!is_prompt && !is_ground_truth) info[it.key()] = it.value();
  }
  if (!info.empty()) row.input_metadata.dataset_info = std::move(info);
}

model::EvaluationRow row_from_prompt_field(const Json& record, const std::string& prompt_key,
                                           const std::optional<std::string>& ground_truth_key) {
  model::EvaluationRow row;
  row.messages = prompt_messages(record.at(prompt_key), prompt_key);
  take_other_fields(record, prompt_key, ground_truth_key, row);
  return row;
}

}  // namespace

model::EvaluationRow row_from_columns(const Json& columns, const ColumnMapping& mapping) {
  model::EvaluationRow row;
  std::string prompt;
  if (mapping.prompt_template) {
    prompt = mapping.prompt_template->render(columns);
  } else {
    auto it = columns.find(mapping.prompt_column);
    if (it == columns.end()) {
      throw FormatError("no column '" + mapping.prompt_column + "' in this row");
    }
    prompt = it->is_string() ? it->get<std::string>() : dump_json(*it);
  }
  row.messages.push_back(model::make_message("user", std::move(prompt)));
  take_other_fields(
      columns,
      mapping.prompt_template ? std::nullopt : std::optional<std::string>(mapping.prompt_column),
      mapping.ground_truth_column, row);
  return row;
}

model::EvaluationRow row_from_record(const Json& record, const RecordFormatOptions& options) {
  if (!record.is_object()) {
    throw FormatError(std::string(kExpectedRecord) + ", got " + model::json_type_name(record));
  }
  if (model::find_member(record, "messages")) return model::row_from_json(record);
  if (options.ground_truth_column) {
    require_field(record, *options.ground_truth_column, "ground_truth_column");
  }
  if (options.prompt_template) {
    ColumnMapping mapping;
    mapping.prompt_template = options.prompt_template;
    mapping.ground_truth_column = options.ground_truth_column
                                      ? options.ground_truth_column
                                      : first_present(record, kGroundTruthColumns);
    return row_from_columns(record, mapping);
  }
  if (model::find_member(record, "input")) {
    return row_from_prompt_field(record, "input",
                                 options.ground_truth_column
                                     ? options.ground_truth_column
                                     : first_present(record, kInputGroundTruthFields));
  }
  if (model::find_member(record, "prompt")) {
    return row_from_prompt_field(record, "prompt",
                                 options.ground_truth_column
                                     ? options.ground_truth_column
                                     : first_present(record, kPromptGroundTruthFields));
  }
  throw FormatError(std::string(kExpectedRecord) + " (or a prompt_template), " +
                    describe_keys(record));
}

}  // namespace evp::dataset
