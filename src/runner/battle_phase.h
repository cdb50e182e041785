// The pairwise judging phase: after the rollouts, each pairwise judge (evaluate/
// pairwise_judge.h) compares every other model's finished rollouts with the baseline model's
// rollout of the same row and run, and its games are stored as battles (store/records.h),
// which arena ratings read. It runs on the evaluation service's loop, many judgments at once
// (the judge model's limits pace them); a resumed run skips the judgments already stored.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "evaluate/evaluator_set.h"
#include "runner/evaluation_service.h"

namespace evp::runner {

struct BattlePhaseOptions {
  std::filesystem::path store_path;
  std::string experiment_id;
  std::string suite_name;
  int concurrency = 64;  // judgments in flight per judge
  // Judgments stored per transaction: each is two judge calls, so storing every one costs
  // nothing next to them, and a Ctrl-C loses only the judgments in flight.
  size_t batch = 1;
};

// The judge's battle source: "llm:JUDGE_MODEL_KEY:JUDGE_NAME".
std::string battle_judge_name(const std::string& judge_model, const std::string& judge_name);

// Returns one summary line per judge (judgments, battles stored, games without a verdict,
// judge tokens and cost).
std::vector<std::string> run_pairwise_judges(EvaluationService& service,
                                             evaluate::EvaluatorSet& set,
                                             const BattlePhaseOptions& options);

}  // namespace evp::runner
