// The direct row writer (see row_writer.h). Each function mirrors one to_json in
// row_json.cpp: members in ascending key order (the order nlohmann's sorted objects are
// dumped in), the same fields omitted, and the same `extra`/`unknown` objects merged.
#include "model/row_writer.h"

#include <algorithm>
#include <iterator>
#include <optional>

#include "model/json_writer.h"

namespace evp::model {
namespace {

void put_opt(JsonObjectWriter& obj, std::string_view key, const std::optional<std::string>& v) {
  if (v) obj.string_member(key, *v);
}
void put_opt(JsonObjectWriter& obj, std::string_view key, const std::optional<double>& v) {
  if (v) obj.number_member(key, *v);
}
void put_opt(JsonObjectWriter& obj, std::string_view key, const std::optional<int>& v) {
  if (v) obj.integer_member(key, *v);
}
void put_opt(JsonObjectWriter& obj, std::string_view key, const std::optional<long long>& v) {
  if (v) obj.integer_member(key, *v);
}
void put_opt(JsonObjectWriter& obj, std::string_view key, const std::optional<bool>& v) {
  if (v) obj.bool_member(key, *v);
}
void put_opt(JsonObjectWriter& obj, std::string_view key, const std::optional<Json>& v) {
  if (v) obj.json_member(key, *v);
}

void append_function_call(std::string& out, const FunctionCall& f) {
  JsonObjectWriter obj(out);
  obj.string_member("arguments", f.arguments);
  obj.string_member("name", f.name);
  obj.close();
}

void append_tool_call(std::string& out, const ToolCall& t) {
  JsonObjectWriter obj(out, t.extra);
  append_function_call(obj.key("function"), t.function);
  obj.string_member("id", t.id);
  obj.string_member("type", t.type);
  obj.close();
}

void append_tool_calls(std::string& out, const std::vector<ToolCall>& calls) {
  append_json_array_of(out, calls, append_tool_call);
}

void append_status(std::string& out, const Status& s) {
  JsonObjectWriter obj(out);
  obj.integer_member("code", s.code);
  obj.json_member("details", s.details);
  obj.string_member("message", s.message);
  obj.close();
}

void append_input_metadata(std::string& out, const InputMetadata& m) {
  JsonObjectWriter obj(out, m.extra);
  obj.json_member("completion_params", m.completion_params);
  put_opt(obj, "dataset_info", m.dataset_info);
  put_opt(obj, "row_id", m.row_id);
  put_opt(obj, "session_data", m.session_data);
  obj.close();
}

void append_metric(std::string& out, const MetricResult& m) {
  JsonObjectWriter obj(out);
  obj.json_member("data", m.data);
  obj.bool_member("is_score_valid", m.is_score_valid);
  obj.string_member("reason", m.reason);
  obj.number_member("score", m.score);
  obj.close();
}

void append_evaluate_result(std::string& out, const EvaluateResult& r) {
  JsonObjectWriter obj(out, r.extra);
  put_opt(obj, "agg_score", r.agg_score);
  put_opt(obj, "error", r.error);
  put_opt(obj, "final_control_plane_info", r.final_control_plane_info);
  obj.bool_member("is_score_valid", r.is_score_valid);
  append_json_object_of(obj.key("metrics"), r.metrics, append_metric);
  put_opt(obj, "reason", r.reason);
  obj.number_member("score", r.score);
  put_opt(obj, "standard_error", r.standard_error);
  put_opt(obj, "step_outputs", r.step_outputs);
  put_opt(obj, "trajectory_info", r.trajectory_info);
  obj.close();
}

void append_cost_metrics(std::string& out, const CostMetrics& c) {
  JsonObjectWriter obj(out);
  put_opt(obj, "input_cost", c.input_cost);
  put_opt(obj, "output_cost", c.output_cost);
  put_opt(obj, "total_cost_dollar", c.total_cost_dollar);
  obj.close();
}

void append_execution_metadata(std::string& out, const ExecutionMetadata& e) {
  JsonObjectWriter obj(out, e.unknown);
  if (e.cost_metrics) append_cost_metrics(obj.key("cost_metrics"), *e.cost_metrics);
  put_opt(obj, "duration_seconds", e.duration_seconds);
  put_opt(obj, "eval_duration_seconds", e.eval_duration_seconds);
  put_opt(obj, "experiment_duration_seconds", e.experiment_duration_seconds);
  put_opt(obj, "experiment_id", e.experiment_id);
  put_opt(obj, "extra", e.extra);
  put_opt(obj, "finish_reason", e.finish_reason);
  put_opt(obj, "invocation_id", e.invocation_id);
  put_opt(obj, "rollout_duration_seconds", e.rollout_duration_seconds);
  put_opt(obj, "rollout_id", e.rollout_id);
  put_opt(obj, "run_id", e.run_id);
  put_opt(obj, "tool_call_count", e.tool_call_count);
  if (e.usage) append_usage_json(obj.key("usage"), *e.usage);
  obj.close();
}

void append_threshold(std::string& out, const EvaluationThreshold& t) {
  JsonObjectWriter obj(out);
  put_opt(obj, "standard_error", t.standard_error);
  obj.number_member("success", t.success);
  obj.close();
}

void append_eval_metadata(std::string& out, const EvalMetadata& e) {
  JsonObjectWriter obj(out, e.extra);
  obj.string_member("aggregation_method", e.aggregation_method);
  put_opt(obj, "description", e.description);
  obj.string_member("name", e.name);
  obj.integer_member("num_runs", e.num_runs);
  put_opt(obj, "passed", e.passed);
  if (e.passed_threshold) append_threshold(obj.key("passed_threshold"), *e.passed_threshold);
  if (e.status) append_status(obj.key("status"), *e.status);
  obj.string_member("version", e.version);
  obj.close();
}

}  // namespace

void append_usage_json(std::string& out, const Usage& u) {
  JsonObjectWriter obj(out, u.extra);
  obj.integer_member("completion_tokens", u.completion_tokens);
  obj.integer_member("prompt_tokens", u.prompt_tokens);
  obj.integer_member("total_tokens", u.total_tokens);
  obj.close();
}

namespace {

// `for_chat_api` leaves out kEvalProtocolMessageFields, as fields or as unknown keys.
void write_message(std::string& out, const Message& m, bool for_chat_api) {
  const Json* unknown = &m.extra;
  Json kept;  // m.extra without those keys, when it has one of them
  if (for_chat_api && m.extra.is_object() &&
      std::any_of(std::begin(kEvalProtocolMessageFields), std::end(kEvalProtocolMessageFields),
                  [&](const char* key) { return m.extra.contains(key); })) {
    kept = m.extra;
    for (const char* key : kEvalProtocolMessageFields) kept.erase(key);
    unknown = &kept;
  }
  JsonObjectWriter obj(out, *unknown);
  if (!m.content.is_null()) obj.json_member("content", m.content);
  if (!for_chat_api) put_opt(obj, "control_plane_step", m.control_plane_step);
  if (m.function_call) append_function_call(obj.key("function_call"), *m.function_call);
  put_opt(obj, "name", m.name);
  if (!for_chat_api) put_opt(obj, "reasoning_content", m.reasoning_content);
  obj.string_member("role", m.role);
  put_opt(obj, "tool_call_id", m.tool_call_id);
  if (m.tool_calls) append_tool_calls(obj.key("tool_calls"), *m.tool_calls);
  if (!for_chat_api) put_opt(obj, "weight", m.weight);
  obj.close();
}

void write_chat_api_message(std::string& out, const Message& m) {
  write_message(out, m, true);
}

}  // namespace

void append_message_json(std::string& out, const Message& m) {
  write_message(out, m, false);
}

void append_messages_json(std::string& out, const std::vector<Message>& messages) {
  append_json_array_of(out, messages, append_message_json);
}

void append_chat_api_json(std::string& out, const std::vector<Message>& messages) {
  append_json_array_of(out, messages, write_chat_api_message);
}

void append_row_json(std::string& out, const EvaluationRow& row) {
  JsonObjectWriter obj(out, row.extra);
  if (!row.created_at.empty()) obj.string_member("created_at", row.created_at);
  if (row.eval_metadata) append_eval_metadata(obj.key("eval_metadata"), *row.eval_metadata);
  if (row.evaluation_result) {
    append_evaluate_result(obj.key("evaluation_result"), *row.evaluation_result);
  }
  append_execution_metadata(obj.key("execution_metadata"), row.execution_metadata);
  put_opt(obj, "ground_truth", row.ground_truth);
  append_input_metadata(obj.key("input_metadata"), row.input_metadata);
  append_messages_json(obj.key("messages"), row.messages);
  put_opt(obj, "pid", row.pid);
  append_status(obj.key("rollout_status"), row.rollout_status);
  put_opt(obj, "tools", row.tools);
  obj.close();
}

std::string row_json_text(const EvaluationRow& row) {
  std::string out;
  out.reserve(1024);
  append_row_json(out, row);
  return out;
}

}  // namespace evp::model
