// The result of evaluating one rollout, as Eval Protocol's EvaluateResult: an overall score,
// per-evaluator metrics, and RL step outputs.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "base/json.h"

namespace evp::model {

struct MetricResult {
  double score = 0.0;
  bool is_score_valid = true;
  std::string reason;
  Json data = Json::object();
  friend bool operator==(const MetricResult&, const MetricResult&) = default;
};

struct EvaluateResult {
  double score = 0.0;
  bool is_score_valid = true;
  std::optional<std::string> reason;
  std::map<std::string, MetricResult> metrics;
  std::optional<Json> step_outputs;
  std::optional<std::string> error;
  std::optional<Json> trajectory_info;
  std::optional<Json> final_control_plane_info;
  std::optional<double> agg_score;
  std::optional<double> standard_error;
  Json extra = Json::object();
  friend bool operator==(const EvaluateResult&, const EvaluateResult&) = default;
};

}  // namespace evp::model
