// What the store holds: experiments (one `evp run` of a suite) and rollouts (one row x model
// x run, with its scores and the full Eval Protocol row as JSON).
#pragma once

#include <compare>
#include <optional>
#include <string>

#include "base/json.h"
#include "model/evaluation_row.h"

namespace evp::store {

// Experiment statuses: running, finished, interrupted, failed.
struct ExperimentRecord {
  std::string id;  // e.g. "exp-20261128-175109-3fa9", see experiment_id.h
  std::string suite_name;
  std::string suite_hash;
  // The dataset's row ids in order, hashed (a resume needs the same rows at the same places);
  // empty for experiments stored before schema 4.
  std::string dataset_hash;
  evp::Json config;  // the resolved suite configuration (never secrets)
  std::string evp_version;
  std::string created_at;  // UTC ISO-8601; create_experiment fills it in when empty
  std::string status = "running";
  long long total = 0;  // rollouts planned
};

// One line of `evp list`: done is the number of stored rollouts.
struct ExperimentSummary {
  std::string id, suite, created_at, status;
  long long done = 0, total = 0;
};

// Identifies a rollout within an experiment; ordered as the store lists rollouts.
struct RolloutKey {
  std::string model;
  std::string row_id;
  int run = 0;
  auto operator<=>(const RolloutKey&) const = default;
};

struct RolloutRecord {
  std::string experiment_id;
  RolloutKey key;
  // The row's position in the dataset (0-based): rollouts are stored and read in dataset
  // order. StoreWriter::add requires it; -1 on rollouts stored before schema 4.
  long long row_index = -1;
  int status_code = 100;  // the rollout's Eval Protocol status code (100 = finished)
  bool score_valid = false;
  double score = 0;
  double cost_usd = 0;
  double latency_ms = 0;
  long long prompt_tokens = 0, completion_tokens = 0;
  // What judging it cost (llm_judge metrics), apart from the rollout's own usage.
  long long judge_prompt_tokens = 0, judge_completion_tokens = 0;
  double judge_cost_usd = 0;
  // {"metric": score, ...} over the row's valid metrics, so reports never parse row_json.
  // Empty when unknown: rollouts stored before schema 3, or read with RolloutFields::all.
  std::string metrics_json;
  std::string row_json;  // the full Eval Protocol row, serialized
  // The row's cluster (the suite's cluster_key value as text); empty when none.
  std::string cluster;
  // The final answer, normalised for majority votes (whitespace collapsed, lowercase, at most
  // 256 bytes); empty when the rollout has none.
  std::string answer;
};

// One judgment of two models' answers to the same prompt: an LLM judge's game, a human vote,
// or a battle imported from elsewhere (FastChat's model_a / model_b / winner).
struct BattleRecord {
  std::optional<std::string> experiment_id;  // none for battles outside any experiment
  std::string suite_name;                    // "" when unknown
  std::string model_a, model_b;
  std::string winner;  // "model_a", "model_b", "tie" or "tie (bothbad)"
  double weight = 1;   // how many battles it counts for (Arena-Hard: 3 for a strong verdict)
  std::string judge;   // "llm:<model key>", "human", or where imported battles came from
  std::optional<std::string> row_id;
  std::optional<int> run;
  std::optional<int> game;  // a pairwise judge's game: 0 baseline shown first, 1 swapped
  std::optional<double> length_a, length_b;  // the answers' lengths in characters
  evp::Json details = evp::Json::object();   // the verdict as written, reasoning, judge usage
  std::string created_at;                    // UTC ISO-8601; add_battles fills it when empty
};

// Which battles Store::for_each_battle reads: all, or those of a suite and/or experiment.
struct BattleFilter {
  std::optional<std::string> suite_name;
  std::optional<std::string> experiment_id;
};

// An experiment's report as a run (or `evp ui`) computed it: `report` is report_json's object,
// valid while the experiment still has `done` rollouts and this status.
struct StoredReport {
  long long done = 0;
  std::string status;
  evp::Json report;
  std::string created_at;
};

// A person's label and/or note on one rollout (written from `evp ui`).
struct AnnotationRecord {
  long long id = 0;  // set by the store
  std::string experiment_id, model;
  long long row_index = 0;
  int run = 0;
  std::optional<std::string> label, note;
  std::string author;      // a non-secret id of the write token used
  std::string created_at;  // set by the store
};

// "model_a", "model_b", "tie", "tie (bothbad)".
bool is_battle_winner(const std::string& winner);

// What a comparison needs of one rollout (Store::for_each_score).
struct RolloutScore {
  std::string row_id;
  int status_code = 0;
  bool score_valid = false;
  double score = 0;
};

// Which columns Store::for_each_rollout reads: everything, or all but row_json (what a
// report needs; row_json is read only for old rollouts that have no metrics column).
enum class RolloutFields { all, summary };

// The metrics column of a row: its valid metric scores as a compact JSON object.
std::string metrics_json_of(const model::EvaluationRow& row);

bool is_experiment_status(const std::string& status);

}  // namespace evp::store
