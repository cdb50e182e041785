// JSON reading and writing of the data model (see row_json.h).
#include "model/row_json.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "model/json_reader.h"

namespace evp::model {
namespace {

Json unknown_keys(const Json& obj, std::initializer_list<std::string_view> known) {
  Json out = Json::object();
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) == known.end()) out[it.key()] = it.value();
  }
  return out;
}

void merge_unknown(Json& out, const Json& extra) {
  if (!extra.is_object()) return;
  for (auto it = extra.begin(); it != extra.end(); ++it) {
    if (!out.contains(it.key())) out[it.key()] = it.value();
  }
}

template <typename T>
void put_opt(Json& out, const char* key, const std::optional<T>& v) {
  if (v) out[key] = *v;
}

FunctionCall function_call_from_json(const Json& j, const std::string& path) {
  expect_object(j, path);
  FunctionCall f;
  f.name = opt_string(j, "name", path).value_or("");
  const Json* args = find_member(j, "arguments");
  if (args) {
    // Some providers send arguments as an object; keep it as the JSON text OpenAI uses.
    f.arguments = args->is_string() ? args->get<std::string>() : dump_json(*args);
  }
  return f;
}

Json to_json(const FunctionCall& f) {
  return Json{{"name", f.name}, {"arguments", f.arguments}};
}

ToolCall tool_call_from_json(const Json& j, const std::string& path) {
  expect_object(j, path);
  ToolCall t;
  t.id = opt_string(j, "id", path).value_or("");
  t.type = opt_string(j, "type", path).value_or("function");
  const Json* f = find_member(j, "function");
  if (!f) throw FormatError(child_path(path, "function") + ": expected an object, got nothing");
  t.function = function_call_from_json(*f, child_path(path, "function"));
  t.extra = unknown_keys(j, {"id", "type", "function"});
  return t;
}

Json to_json(const ToolCall& t) {
  Json out{{"id", t.id}, {"type", t.type}, {"function", to_json(t.function)}};
  merge_unknown(out, t.extra);
  return out;
}

MetricResult metric_from_json(const Json& j, const std::string& path) {
  expect_object(j, path);
  MetricResult m;
  const Json* score = find_member(j, "score");
  m.score = score ? expect_number(*score, child_path(path, "score")) : 0.0;
  m.is_score_valid = opt_bool(j, "is_score_valid", path).value_or(true);
  m.reason = opt_string(j, "reason", path).value_or("");
  if (const Json* d = find_member(j, "data")) m.data = expect_object(*d, child_path(path, "data"));
  return m;
}

EvaluationThreshold threshold_from_json(const Json& j, const std::string& path) {
  expect_object(j, path);
  EvaluationThreshold t;
  t.success = opt_number(j, "success", path).value_or(0.0);
  t.standard_error = opt_number(j, "standard_error", path);
  return t;
}

Json to_json(const EvaluationThreshold& t) {
  Json out{{"success", t.success}};
  put_opt(out, "standard_error", t.standard_error);
  return out;
}

EvalMetadata eval_metadata_from_json(const Json& j, const std::string& path) {
  expect_object(j, path);
  EvalMetadata e;
  e.name = opt_string(j, "name", path).value_or("");
  e.description = opt_string(j, "description", path);
  e.version = opt_string(j, "version", path).value_or("");
  if (const Json* s = find_member(j, "status"))
    e.status = status_from_json(*s, child_path(path, "status"));
  e.num_runs = static_cast<int>(opt_integer(j, "num_runs", path).value_or(1));
  e.aggregation_method = opt_string(j, "aggregation_method", path).value_or("mean");
  if (const Json* t = find_member(j, "passed_threshold")) {
    e.passed_threshold = threshold_from_json(*t, child_path(path, "passed_threshold"));
  }
  e.passed = opt_bool(j, "passed", path);
  e.extra = unknown_keys(j, {"name", "description", "version", "status", "num_runs",
                             "aggregation_method", "passed_threshold", "passed"});
  return e;
}

Json to_json(const EvalMetadata& e) {
  Json out{{"name", e.name},
           {"version", e.version},
           {"num_runs", e.num_runs},
           {"aggregation_method", e.aggregation_method}};
  put_opt(out, "description", e.description);
  if (e.status) out["status"] = to_json(*e.status);
  if (e.passed_threshold) out["passed_threshold"] = to_json(*e.passed_threshold);
  put_opt(out, "passed", e.passed);
  merge_unknown(out, e.extra);
  return out;
}

CostMetrics cost_from_json(const Json& j, const std::string& path) {
  expect_object(j, path);
  return {opt_number(j, "input_cost", path), opt_number(j, "output_cost", path),
          opt_number(j, "total_cost_dollar", path)};
}

Json to_json(const CostMetrics& c) {
  Json out = Json::object();
  put_opt(out, "input_cost", c.input_cost);
  put_opt(out, "output_cost", c.output_cost);
  put_opt(out, "total_cost_dollar", c.total_cost_dollar);
  return out;
}

ExecutionMetadata execution_from_json(const Json& j, const std::string& path) {
  expect_object(j, path);
  ExecutionMetadata e;
  e.invocation_id = opt_string(j, "invocation_id", path);
  e.experiment_id = opt_string(j, "experiment_id", path);
  e.rollout_id = opt_string(j, "rollout_id", path);
  e.run_id = opt_string(j, "run_id", path);
  if (const Json* u = find_member(j, "usage"))
    e.usage = usage_from_json(*u, child_path(path, "usage"));
  if (const Json* c = find_member(j, "cost_metrics")) {
    e.cost_metrics = cost_from_json(*c, child_path(path, "cost_metrics"));
  }
  e.duration_seconds = opt_number(j, "duration_seconds", path);
  e.experiment_duration_seconds = opt_number(j, "experiment_duration_seconds", path);
  e.rollout_duration_seconds = opt_number(j, "rollout_duration_seconds", path);
  e.eval_duration_seconds = opt_number(j, "eval_duration_seconds", path);
  e.extra = opt_json(j, "extra");
  e.finish_reason = opt_string(j, "finish_reason", path);
  if (auto n = opt_integer(j, "tool_call_count", path)) e.tool_call_count = static_cast<int>(*n);
  e.unknown = unknown_keys(
      j, {"invocation_id", "experiment_id", "rollout_id", "run_id", "usage", "cost_metrics",
          "duration_seconds", "experiment_duration_seconds", "rollout_duration_seconds",
          "eval_duration_seconds", "extra", "finish_reason", "tool_call_count"});
  return e;
}

Json to_json(const ExecutionMetadata& e) {
  Json out = Json::object();
  put_opt(out, "invocation_id", e.invocation_id);
  put_opt(out, "experiment_id", e.experiment_id);
  put_opt(out, "rollout_id", e.rollout_id);
  put_opt(out, "run_id", e.run_id);
  if (e.usage) out["usage"] = to_json(*e.usage);
  if (e.cost_metrics) out["cost_metrics"] = to_json(*e.cost_metrics);
  put_opt(out, "duration_seconds", e.duration_seconds);
  put_opt(out, "experiment_duration_seconds", e.experiment_duration_seconds);
  put_opt(out, "rollout_duration_seconds", e.rollout_duration_seconds);
  put_opt(out, "eval_duration_seconds", e.eval_duration_seconds);
  put_opt(out, "extra", e.extra);
  put_opt(out, "finish_reason", e.finish_reason);
  put_opt(out, "tool_call_count", e.tool_call_count);
  merge_unknown(out, e.unknown);
  return out;
}

InputMetadata input_metadata_from_json(const Json& j, const std::string& path) {
  expect_object(j, path);
  InputMetadata m;
  m.row_id = opt_string(j, "row_id", path);
  if (const Json* c = find_member(j, "completion_params")) {
    m.completion_params = expect_object(*c, child_path(path, "completion_params"));
  }
  m.dataset_info = opt_json(j, "dataset_info");
  m.session_data = opt_json(j, "session_data");
  m.extra = unknown_keys(j, {"row_id", "completion_params", "dataset_info", "session_data"});
  return m;
}

Json to_json(const InputMetadata& m) {
  Json out{{"completion_params", m.completion_params}};
  put_opt(out, "row_id", m.row_id);
  put_opt(out, "dataset_info", m.dataset_info);
  put_opt(out, "session_data", m.session_data);
  merge_unknown(out, m.extra);
  return out;
}

// Older EP rows carry a status as a bare string ("finished", "error").
Status status_from_legacy_string(const std::string& s) {
  if (s == "finished" || s == "FINISHED") return Status::rollout_finished();
  if (s == "running" || s == "RUNNING") return Status::rollout_running();
  if (s == "stopped" || s == "cancelled") return Status::error(StatusCode::kCancelled, s);
  return Status::error(StatusCode::kInternal, s);
}

}  // namespace

Json to_json(const Message& m) {
  Json out{{"role", m.role}};
  if (!m.content.is_null()) out["content"] = m.content;
  put_opt(out, "reasoning_content", m.reasoning_content);
  put_opt(out, "name", m.name);
  put_opt(out, "tool_call_id", m.tool_call_id);
  if (m.tool_calls) {
    Json calls = Json::array();
    for (const auto& c : *m.tool_calls) calls.push_back(to_json(c));
    out["tool_calls"] = std::move(calls);
  }
  if (m.function_call) out["function_call"] = to_json(*m.function_call);
  put_opt(out, "control_plane_step", m.control_plane_step);
  put_opt(out, "weight", m.weight);
  merge_unknown(out, m.extra);
  return out;
}

Message message_from_json(const Json& j, const std::string& path) {
  expect_object(j, path);
  Message m;
  const Json* role = find_member(j, "role");
  if (!role) throw FormatError(child_path(path, "role") + ": expected a string, got nothing");
  if (!role->is_string()) throw_expected(child_path(path, "role"), "a string", *role);
  m.role = role->get_ref<const std::string&>();
  auto content = j.find("content");
  if (content == j.end()) {
    m.content = "";
  } else if (content->is_string() || content->is_array() || content->is_null()) {
    m.content = *content;
  } else {
    throw_expected(child_path(path, "content"), "a string, an array of parts or null", *content);
  }
  m.reasoning_content = opt_string(j, "reasoning_content", path);
  m.name = opt_string(j, "name", path);
  m.tool_call_id = opt_string(j, "tool_call_id", path);
  if (const Json* calls = find_member(j, "tool_calls")) {
    const std::string calls_path = child_path(path, "tool_calls");
    expect_array(*calls, calls_path);
    m.tool_calls.emplace();
    for (size_t i = 0; i < calls->size(); ++i) {
      m.tool_calls->push_back(tool_call_from_json((*calls)[i], index_path(calls_path, i)));
    }
  }
  if (const Json* f = find_member(j, "function_call")) {
    m.function_call = function_call_from_json(*f, child_path(path, "function_call"));
  }
  m.control_plane_step = opt_json(j, "control_plane_step");
  if (auto w = opt_integer(j, "weight", path)) m.weight = static_cast<int>(*w);
  m.extra = unknown_keys(j, {"role", "content", "reasoning_content", "name", "tool_call_id",
                             "tool_calls", "function_call", "control_plane_step", "weight"});
  return m;
}

std::vector<Message> messages_from_json(const Json& j, const std::string& path) {
  expect_array(j, path);
  std::vector<Message> out;
  out.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) out.push_back(message_from_json(j[i], index_path(path, i)));
  return out;
}

Json to_json(const std::vector<Message>& messages) {
  Json out = Json::array();
  for (const auto& m : messages) out.push_back(to_json(m));
  return out;
}

Json chat_api_json(const std::vector<Message>& messages) {
  Json out = Json::array();
  for (const auto& m : messages) {
    Json j = to_json(m);
    for (const char* key : kEvalProtocolMessageFields) j.erase(key);
    out.push_back(std::move(j));
  }
  return out;
}

Json to_json(const Status& s) {
  return Json{{"code", s.code}, {"message", s.message}, {"details", s.details}};
}

Status status_from_json(const Json& j, const std::string& path) {
  if (j.is_string()) return status_from_legacy_string(j.get<std::string>());
  expect_object(j, path);
  Status s;
  if (const Json* code = find_member(j, "code")) {
    s.code = static_cast<int>(expect_integer(*code, child_path(path, "code")));
  } else if (auto legacy = opt_string(j, "status", path)) {
    s = status_from_legacy_string(*legacy);
  }
  if (auto msg = opt_string(j, "message", path)) s.message = *msg;
  if (const Json* d = find_member(j, "details"))
    s.details = expect_array(*d, child_path(path, "details"));
  return s;
}

Json to_json(const MetricResult& r) {
  return Json{{"score", r.score},
              {"is_score_valid", r.is_score_valid},
              {"reason", r.reason},
              {"data", r.data}};
}

Json to_json(const EvaluateResult& r) {
  Json out{{"score", r.score}, {"is_score_valid", r.is_score_valid}};
  put_opt(out, "reason", r.reason);
  Json metrics = Json::object();
  for (const auto& [name, m] : r.metrics) metrics[name] = to_json(m);
  out["metrics"] = std::move(metrics);
  put_opt(out, "step_outputs", r.step_outputs);
  put_opt(out, "error", r.error);
  put_opt(out, "trajectory_info", r.trajectory_info);
  put_opt(out, "final_control_plane_info", r.final_control_plane_info);
  put_opt(out, "agg_score", r.agg_score);
  put_opt(out, "standard_error", r.standard_error);
  merge_unknown(out, r.extra);
  return out;
}

EvaluateResult evaluate_result_from_json(const Json& j, const std::string& path) {
  expect_object(j, path);
  EvaluateResult r;
  const Json* score = find_member(j, "score");
  if (!score) throw FormatError(child_path(path, "score") + ": expected a number, got nothing");
  r.score = expect_number(*score, child_path(path, "score"));
  r.is_score_valid = opt_bool(j, "is_score_valid", path).value_or(true);
  r.reason = opt_string(j, "reason", path);
  if (const Json* metrics = find_member(j, "metrics")) {
    const std::string mpath = child_path(path, "metrics");
    expect_object(*metrics, mpath);
    for (auto it = metrics->begin(); it != metrics->end(); ++it) {
      r.metrics[it.key()] = metric_from_json(it.value(), child_path(mpath, it.key()));
    }
  }
  r.step_outputs = opt_json(j, "step_outputs");
  r.error = opt_string(j, "error", path);
  r.trajectory_info = opt_json(j, "trajectory_info");
  r.final_control_plane_info = opt_json(j, "final_control_plane_info");
  r.agg_score = opt_number(j, "agg_score", path);
  r.standard_error = opt_number(j, "standard_error", path);
  r.extra = unknown_keys(
      j, {"score", "is_score_valid", "reason", "metrics", "step_outputs", "error",
          "trajectory_info", "final_control_plane_info", "agg_score", "standard_error"});
  return r;
}

Json to_json(const Usage& u) {
  Json out{{"prompt_tokens", u.prompt_tokens},
           {"completion_tokens", u.completion_tokens},
           {"total_tokens", u.total_tokens}};
  merge_unknown(out, u.extra);
  return out;
}

Usage usage_from_json(const Json& j, const std::string& path) {
  expect_object(j, path);
  Usage u;
  u.prompt_tokens = opt_integer(j, "prompt_tokens", path).value_or(0);
  u.completion_tokens = opt_integer(j, "completion_tokens", path).value_or(0);
  u.total_tokens =
      opt_integer(j, "total_tokens", path).value_or(u.prompt_tokens + u.completion_tokens);
  u.extra = unknown_keys(j, {"prompt_tokens", "completion_tokens", "total_tokens"});
  return u;
}

Json to_json(const EvaluationRow& row) {
  Json out = Json::object();
  out["messages"] = to_json(row.messages);
  put_opt(out, "tools", row.tools);
  out["input_metadata"] = to_json(row.input_metadata);
  out["rollout_status"] = to_json(row.rollout_status);
  put_opt(out, "ground_truth", row.ground_truth);
  if (row.evaluation_result) out["evaluation_result"] = to_json(*row.evaluation_result);
  out["execution_metadata"] = to_json(row.execution_metadata);
  if (!row.created_at.empty()) out["created_at"] = row.created_at;
  if (row.eval_metadata) out["eval_metadata"] = to_json(*row.eval_metadata);
  put_opt(out, "pid", row.pid);
  merge_unknown(out, row.extra);
  return out;
}

EvaluationRow row_from_json(const Json& j) {
  expect_object(j, "row");
  EvaluationRow row;
  if (const Json* m = find_member(j, "messages")) row.messages = messages_from_json(*m, "messages");
  if (const Json* t = find_member(j, "tools")) row.tools = expect_array(*t, "tools");
  if (const Json* im = find_member(j, "input_metadata")) {
    row.input_metadata = input_metadata_from_json(*im, "input_metadata");
  }
  if (const Json* s = find_member(j, "rollout_status")) {
    row.rollout_status = status_from_json(*s, "rollout_status");
  }
  row.ground_truth = opt_json(j, "ground_truth");
  if (const Json* r = find_member(j, "evaluation_result")) {
    row.evaluation_result = evaluate_result_from_json(*r, "evaluation_result");
  }
  if (const Json* e = find_member(j, "execution_metadata")) {
    row.execution_metadata = execution_from_json(*e, "execution_metadata");
  }
  row.created_at = opt_string(j, "created_at", "").value_or("");
  if (const Json* e = find_member(j, "eval_metadata")) {
    row.eval_metadata = eval_metadata_from_json(*e, "eval_metadata");
  }
  row.pid = opt_integer(j, "pid", "");
  row.extra = unknown_keys(
      j, {"messages", "tools", "input_metadata", "rollout_status", "ground_truth",
          "evaluation_result", "execution_metadata", "created_at", "eval_metadata", "pid"});
  return row;
}

}  // namespace evp::model
