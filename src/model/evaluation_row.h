// EvaluationRow: one unit of evaluation (a conversation, its tools, ground truth, the result,
// and metadata), field for field as Eval Protocol's JSONL rows. Keys evp does not model are
// kept in `extra` at every level and written back unchanged.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "model/evaluate_result.h"
#include "model/message.h"
#include "model/status.h"

namespace evp::model {

struct InputMetadata {
  std::optional<std::string> row_id;
  Json completion_params = Json::object();
  std::optional<Json> dataset_info;
  std::optional<Json> session_data;
  Json extra = Json::object();
  friend bool operator==(const InputMetadata&, const InputMetadata&) = default;
};

struct Usage {
  long long prompt_tokens = 0;
  long long completion_tokens = 0;
  long long total_tokens = 0;
  Json extra = Json::object();  // e.g. prompt_tokens_details
  friend bool operator==(const Usage&, const Usage&) = default;
};

struct CostMetrics {
  std::optional<double> input_cost;
  std::optional<double> output_cost;
  std::optional<double> total_cost_dollar;
  friend bool operator==(const CostMetrics&, const CostMetrics&) = default;
};

struct ExecutionMetadata {
  std::optional<std::string> invocation_id;
  std::optional<std::string> experiment_id;
  std::optional<std::string> rollout_id;
  std::optional<std::string> run_id;
  std::optional<Usage> usage;
  std::optional<CostMetrics> cost_metrics;
  std::optional<double> duration_seconds;
  std::optional<double> experiment_duration_seconds;
  std::optional<double> rollout_duration_seconds;
  std::optional<double> eval_duration_seconds;
  std::optional<Json> extra;  // EP's own "extra" bag
  std::optional<std::string> finish_reason;
  std::optional<int> tool_call_count;
  Json unknown = Json::object();  // keys evp does not model
  friend bool operator==(const ExecutionMetadata&, const ExecutionMetadata&) = default;
};

struct EvaluationThreshold {
  double success = 0.0;
  std::optional<double> standard_error;
  friend bool operator==(const EvaluationThreshold&, const EvaluationThreshold&) = default;
};

struct EvalMetadata {
  std::string name;
  std::optional<std::string> description;
  std::string version;
  std::optional<Status> status;
  int num_runs = 1;
  std::string aggregation_method = "mean";
  std::optional<EvaluationThreshold> passed_threshold;
  std::optional<bool> passed;
  Json extra = Json::object();
  friend bool operator==(const EvalMetadata&, const EvalMetadata&) = default;
};

struct EvaluationRow {
  std::vector<Message> messages;
  std::optional<Json> tools;
  InputMetadata input_metadata;
  Status rollout_status = Status::rollout_running();
  std::optional<Json> ground_truth;
  std::optional<EvaluateResult> evaluation_result;
  ExecutionMetadata execution_metadata;
  std::string created_at;  // UTC ISO-8601; empty is omitted
  std::optional<EvalMetadata> eval_metadata;
  std::optional<long long> pid;
  Json extra = Json::object();

  const Message* last_assistant_message() const;
  const Message* first_user_message() const;
  friend bool operator==(const EvaluationRow&, const EvaluationRow&) = default;
};

}  // namespace evp::model
