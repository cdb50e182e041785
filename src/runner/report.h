// The report of one experiment (`evp run` and `evp show` print the same thing): per model rows,
// rollouts, errors, mean score with a 95% CI, pass/fail against the threshold, tokens, cost,
// latency percentiles and per-metric means. Printed as a leaderboard table, or written as JSON or
// JUnit XML.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/json.h"
#include "stats/clustered.h"
#include "stats/pass_at_k.h"
#include "stats/summary.h"
#include "store/store.h"

namespace evp::runner {

struct ModelReport {
  std::string model;
  long long rows = 0;      // distinct dataset rows
  long long rollouts = 0;  // rows x runs stored
  long long errors = 0;    // rollouts that failed (not scored)
  long long invalid = 0;   // rollouts scored but with is_score_valid false
  stats::MeanCI score;     // over valid scores
  std::string ci_method;   // "fixed-question-set" (runs > 1) or "bootstrap"
  std::optional<bool> passed;
  long long prompt_tokens = 0;
  long long completion_tokens = 0;
  double cost_usd = 0;
  // What its LLM judges spent on its rollouts, apart from its own usage and cost.
  long long judge_prompt_tokens = 0;
  long long judge_completion_tokens = 0;
  double judge_cost_usd = 0;
  double latency_p50_ms = 0;
  double latency_p95_ms = 0;
  // Rollouts by latency: (upper bound in ms, count) over the 1-2-5 bounds from 10 ms up, the
  // last bound infinite; from the first bucket with a rollout to the last.
  std::vector<std::pair<double, long long>> latency_histogram;
  std::map<std::string, double> metric_means;
  // With several runs: pass@k and pass^k for k = runs over the rows with all runs stored (a
  // rollout passes when its score is 1), with normal intervals across rows.
  int pass_k = 0;
  std::optional<stats::MeanCI> pass_at_k;
  std::optional<stats::MeanCI> pass_hat_k;
  // With several runs: majority-vote (self-consistency) accuracy over the rows, answers
  // compared after normalisation (RolloutRecord::answer).
  std::optional<stats::MeanCI> majority_vote;
  // With a suite cluster_key: the mean of the rows' mean scores with a CR1 clustered
  // standard error and normal interval over `clusters` clusters (rows without a value are
  // clusters of their own).
  std::optional<stats::MeanCI> clustered;
  long long clusters = 0;
};

struct Threshold {
  double success = 0;
  std::optional<double> standard_error;
};

struct Report {
  std::string experiment_id;
  std::string suite;
  std::string status;  // the experiment's
  int runs = 1;
  std::optional<Threshold> threshold;
  std::optional<bool> passed;       // every model passed; empty without a threshold
  std::vector<ModelReport> models;  // best mean score first
};

// Aggregates an experiment's rollouts, in any order, into its report. build_report feeds it
// from the store; a run feeds it the rollouts it hands to the store, so a fresh run's report
// needs no second pass over the store (tests check both give the same report).
class ReportBuilder {
 public:
  ReportBuilder();
  ~ReportBuilder();
  ReportBuilder(ReportBuilder&&) noexcept;
  ReportBuilder& operator=(ReportBuilder&&) noexcept;

  // Metrics are read from `row` when given (a run adds the rows it has in hand), else from
  // rec.metrics_json, else from rec.row_json.
  void add(const store::RolloutRecord& rec, const model::EvaluationRow* row = nullptr);
  Report finish(const store::ExperimentRecord& experiment) &&;

 private:
  struct Accumulators;
  std::unique_ptr<Accumulators> acc_;
};

// Throws std::runtime_error when the experiment is not in the store.
Report build_report(store::Store& store, const std::string& experiment_id);

void print_report(std::ostream& out, const Report& report);
Json report_json(const Report& report);
// Keeps the report in the store (Store::save_report) with the rollouts it covers, so `evp ui`
// can show it without a pass over the experiment.
void save_report(store::Store& store, const Report& report);
std::string report_junit(const Report& report);

}  // namespace evp::runner
