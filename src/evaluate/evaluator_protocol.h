// The evaluator protocol (evp-evaluator/1, docs/evaluator-protocol.md): the messages evp and
// an evaluator exchange, one JSON object per line (evaluator processes) or per HTTP body
// (evaluator services). This file encodes requests, checks handshakes, reads answers into
// MetricResults, and reads the config keys the command and HTTP evaluators share. It does
// no I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "evaluate/async_evaluator.h"
#include "evaluate/config_reader.h"
#include "model/evaluate_result.h"
#include "model/evaluation_row.h"

namespace evp::evaluate::protocol {

inline constexpr std::string_view kVersion = "evp-evaluator/1";

// "pointwise" / "groupwise".
const char* mode_name(EvaluationMode mode);

// An answer that breaks the protocol (not JSON, not an object, a wrong or missing id, neither
// a result nor an error): the stream it came from cannot be trusted any more.
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What is wrong with the handshake line of an evaluator that must serve `mode`, or nullopt
// when it is good: {"protocol": "evp-evaluator/1", "modes": ["pointwise", ...]} (other keys
// and unknown modes are allowed).
std::optional<std::string> handshake_problem(std::string_view line, EvaluationMode mode);

// One request as a single line of compact JSON without the newline:
// {"id":17,"mode":"pointwise","row":ROW} and {"id":18,"mode":"groupwise","rows":[ROW,...]},
// each ROW exactly dump_json(model::to_json(row)).
std::string pointwise_request(long long id, const model::EvaluationRow& row);
std::string groupwise_request(long long id, const std::vector<model::EvaluationRow>& rows);

// Reads the answer to request `id` (of `mode`, over `rows` rows): one MetricResult per row.
//  - {"id": ID, "result": EvaluateResult} (pointwise) or {"id": ID, "results": [...]}
//    (groupwise) -> result_metric for each; a result that is not an EvaluateResult, or a
//    results array of the wrong length, makes every metric invalid with the reason;
//  - {"id": ID, "error": "message"} -> every metric invalid with the message as its reason.
// Throws ProtocolError (the reason, and the start of the text) for anything else.
std::vector<model::MetricResult> read_answer(std::string_view text, long long id,
                                             EvaluationMode mode, size_t rows);

// An EvaluateResult as the evaluator's metric: its score, is_score_valid and reason (the
// error when there is no reason); data keeps the rest it sent: "metrics" (the sub-metrics,
// when any), step_outputs, agg_score, unknown keys, ... A score outside [0, 1] or not finite
// makes the metric invalid ("score 1.5 is outside [0, 1]"), the score sent kept in
// data.score when it is finite.
model::MetricResult result_metric(const model::EvaluateResult& result);

// An invalid metric with `reason`, once per row.
std::vector<model::MetricResult> failed_metrics(const std::string& reason, size_t rows);

// The start of `text` (at most `max_bytes`, cut at a character boundary, "..." when cut), in
// quotes, for error messages: '{"id": 3, "resu...'; "an empty line" when empty.
std::string text_start(std::string_view text, size_t max_bytes = 200);

// A number for messages: 30 -> "30", 0.3 -> "0.3", -1 -> "-1".
std::string number_text(double value);

// The row's input_metadata.row_id, or "(no row id)"; for a group, the first row's id and
// the group's size ("row-1 (group of 3 rollouts)").
std::string row_label(const model::EvaluationRow& row);
std::string group_label(const std::vector<model::EvaluationRow>& rows);

// Shared config keys of the command and HTTP evaluators.
// mode: "pointwise" (default) or "groupwise".
EvaluationMode read_mode(const ConfigReader& config);
// timeout_s: a positive number of seconds (default 30).
double read_timeout(const ConfigReader& config);
// A positive integer key (workers, concurrency) with a default and an upper bound.
int read_count(const ConfigReader& config, const char* key, int default_value, int max_value);
// A mapping of names to strings (env, headers); numbers and booleans count as their JSON
// text (YAML reads `PORT: 8080` as a number). Absent: empty. In the mapping's key order.
std::vector<std::pair<std::string, std::string>> read_text_map(const ConfigReader& config,
                                                               const char* key);

}  // namespace evp::evaluate::protocol
