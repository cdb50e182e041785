// Encoding and decoding of evaluator protocol messages (evp-evaluator/1).
#include "evaluate/evaluator_protocol.h"
#include "base/join.h"

#include <algorithm>
#include <cmath>

#include "base/errors.h"
#include "base/fast_json.h"
#include "model/json_reader.h"
#include "model/row_json.h"
#include "model/row_writer.h"

namespace evp::evaluate::protocol {

namespace {

std::string expected_handshake(EvaluationMode mode) {
  return std::string("expected {\"protocol\": \"") + std::string(kVersion) + "\", \"modes\": [\"" +
         mode_name(mode) + "\"]}";
}

// The modes a handshake lists, or nullopt when "modes" is not an array of strings.
std::optional<std::vector<std::string>> handshake_modes(const Json& handshake) {
  const Json* modes = model::find_member(handshake, "modes");
  if (!modes || !modes->is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const Json& m : *modes) {
    if (!m.is_string()) return std::nullopt;
    out.push_back(m.get<std::string>());
  }
  return out;
}

// The metric for one result in an answer; an invalid metric when it is not an EvaluateResult.
model::MetricResult metric_or_failure(const Json& result, const std::string& path) {
  try {
    return result_metric(model::evaluate_result_from_json(result, path));
  } catch (const FormatError& e) {
    return failed_metrics(
               std::string("the evaluator's answer is not an EvaluateResult: ") + e.what(), 1)
        .front();
  }
}

// The id an answer must carry; throws ProtocolError naming what came instead.
void check_id(const Json& answer, long long id, std::string_view text) {
  const Json* got = model::find_member(answer, "id");
  if (!got) {
    throw ProtocolError("the answer has no \"id\" (expected " + std::to_string(id) +
                        "): " + text_start(text));
  }
  if (!got->is_number_integer() || got->get<long long>() != id) {
    throw ProtocolError("the answer's id is " + dump_json(*got) + ", expected " +
                        std::to_string(id) + ": " + text_start(text));
  }
}

std::vector<model::MetricResult> group_metrics(const Json& results, size_t rows) {
  if (!results.is_array()) {
    return failed_metrics("\"results\" is not an array but " + model::json_type_name(results),
                          rows);
  }
  if (results.size() != rows) {
    return failed_metrics("the evaluator returned " + std::to_string(results.size()) +
                              " results for a group of " + std::to_string(rows) + " rollouts",
                          rows);
  }
  std::vector<model::MetricResult> out;
  out.reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    out.push_back(metric_or_failure(results[i], model::index_path("results", i)));
  }
  return out;
}

// Makes `m` invalid when its score is not a finite number in [0, 1].
void check_score_range(model::MetricResult& m) {
  const double score = m.score;
  if (std::isfinite(score) && score >= 0 && score <= 1) return;
  std::string problem = "score is not a finite number";
  if (std::isfinite(score)) {
    problem = "score " + number_text(score) + " is outside [0, 1]";
    m.data["score"] = score;
  }
  m.score = 0;
  if (!m.is_score_valid) return;  // already invalid: its own reason stays
  m.is_score_valid = false;
  m.reason = m.reason.empty() ? problem : problem + " (reason: " + m.reason + ")";
}

}  // namespace

const char* mode_name(EvaluationMode mode) {
  return mode == EvaluationMode::kGroupwise ? "groupwise" : "pointwise";
}

std::string text_start(std::string_view text, size_t max_bytes) {
  if (text.empty()) return "an empty line";
  if (text.size() <= max_bytes) return "'" + std::string(text) + "'";
  size_t cut = max_bytes;
  // Not inside a UTF-8 sequence: back off over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(text.substr(0, cut)) + "...'";
}

std::optional<std::string> handshake_problem(std::string_view line, EvaluationMode mode) {
  const Json handshake = parse_json_text_or_discarded(line);
  if (handshake.is_discarded() || !handshake.is_object()) {
    return expected_handshake(mode) + " as the first line, got " + text_start(line);
  }
  const Json* protocol = model::find_member(handshake, "protocol");
  if (!protocol || !protocol->is_string()) {
    return "no \"protocol\" string: " + expected_handshake(mode) + ", got " + text_start(line);
  }
  if (protocol->get_ref<const std::string&>() != kVersion) {
    return "protocol '" + protocol->get<std::string>() + "' is not supported (evp speaks " +
           std::string(kVersion) + ")";
  }
  const std::optional<std::vector<std::string>> modes = handshake_modes(handshake);
  if (!modes) {
    return "\"modes\" must be an array of strings: " + expected_handshake(mode) + ", got " +
           text_start(line);
  }
  if (std::find(modes->begin(), modes->end(), mode_name(mode)) == modes->end()) {
    return std::string("the evaluator serves modes [") + join(*modes) +
           "] but its config asks for mode " + mode_name(mode);
  }
  return std::nullopt;
}

std::string pointwise_request(long long id, const model::EvaluationRow& row) {
  std::string out = "{\"id\":" + std::to_string(id) + ",\"mode\":\"pointwise\",\"row\":";
  model::append_row_json(out, row);
  out += '}';
  return out;
}

std::string groupwise_request(long long id, const std::vector<model::EvaluationRow>& rows) {
  std::string out = "{\"id\":" + std::to_string(id) + ",\"mode\":\"groupwise\",\"rows\":[";
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) out += ',';
    model::append_row_json(out, rows[i]);
  }
  out += "]}";
  return out;
}

std::vector<model::MetricResult> read_answer(std::string_view text, long long id,
                                             EvaluationMode mode, size_t rows) {
  const Json answer = parse_json_text_or_discarded(text);
  if (answer.is_discarded()) throw ProtocolError("the answer is not JSON: " + text_start(text));
  if (!answer.is_object()) {
    throw ProtocolError("the answer is not a JSON object: " + text_start(text));
  }
  check_id(answer, id, text);
  if (const Json* error = model::find_member(answer, "error")) {
    if (!error->is_string()) {
      throw ProtocolError("the answer's \"error\" is not a string: " + text_start(text));
    }
    return failed_metrics(error->get<std::string>(), rows);
  }
  const bool group = mode == EvaluationMode::kGroupwise;
  const char* key = group ? "results" : "result";
  const Json* payload = model::find_member(answer, key);
  if (!payload) {
    throw ProtocolError(std::string("the answer has neither \"") + key +
                        "\" nor \"error\": " + text_start(text));
  }
  if (group) return group_metrics(*payload, rows);
  return {metric_or_failure(*payload, "result")};
}

model::MetricResult result_metric(const model::EvaluateResult& result) {
  model::MetricResult m;
  m.score = result.score;
  m.is_score_valid = result.is_score_valid;
  m.reason = result.reason ? *result.reason : result.error.value_or("");
  m.data = model::to_json(result);
  for (const char* key : {"score", "is_score_valid", "reason"}) m.data.erase(key);
  if (result.metrics.empty()) m.data.erase("metrics");
  if (!result.reason && result.error) m.data.erase("error");  // it became the reason
  check_score_range(m);
  return m;
}

std::vector<model::MetricResult> failed_metrics(const std::string& reason, size_t rows) {
  model::MetricResult failed;
  failed.score = 0;
  failed.is_score_valid = false;
  failed.reason = reason;
  return std::vector<model::MetricResult>(rows, failed);
}

std::string number_text(double value) {
  std::string text = dump_json(Json(value));
  if (text.ends_with(".0")) text.resize(text.size() - 2);
  return text;
}

std::string row_label(const model::EvaluationRow& row) {
  return row.input_metadata.row_id.value_or("(no row id)");
}

std::string group_label(const std::vector<model::EvaluationRow>& rows) {
  if (rows.empty()) return "(empty group)";
  return row_label(rows.front()) + " (group of " + std::to_string(rows.size()) + " rollouts)";
}

EvaluationMode read_mode(const ConfigReader& config) {
  const std::optional<std::string> mode = config.optional_string("mode");
  if (!mode || *mode == "pointwise") return EvaluationMode::kPointwise;
  if (*mode == "groupwise") return EvaluationMode::kGroupwise;
  config.fail_key("mode", "expected pointwise or groupwise, got '" + *mode + "'");
}

double read_timeout(const ConfigReader& config) {
  const double seconds = config.non_negative_number("timeout_s", 30);
  if (seconds <= 0) config.fail_key("timeout_s", "expected a positive number of seconds");
  return seconds;
}

int read_count(const ConfigReader& config, const char* key, int default_value, int max_value) {
  const std::optional<long long> n = config.optional_non_negative_integer(key);
  if (!n) return default_value;
  if (*n < 1 || *n > max_value) {
    config.fail_key(key, "expected an integer from 1 to " + std::to_string(max_value) + ", got " +
                             std::to_string(*n));
  }
  return static_cast<int>(*n);
}

std::vector<std::pair<std::string, std::string>> read_text_map(const ConfigReader& config,
                                                               const char* key) {
  std::vector<std::pair<std::string, std::string>> out;
  const Json* map = config.raw(key);
  if (!map) return out;
  if (!map->is_object()) {
    config.fail_key(key,
                    "expected a mapping of names to strings, got " + model::json_type_name(*map));
  }
  for (const auto& [name, value] : map->items()) {
    if (value.is_string()) {
      out.emplace_back(name, value.get<std::string>());
    } else if (value.is_number() || value.is_boolean()) {
      out.emplace_back(name, dump_json(value));
    } else {
      const std::string path = std::string(key) + "." + name;
      config.fail_key(path.c_str(), "expected a string, got " + model::json_type_name(value));
    }
  }
  return out;
}

}  // namespace evp::evaluate::protocol
