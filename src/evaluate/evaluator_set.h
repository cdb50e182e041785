// A suite's evaluators, made from its config list, of three kinds: built-ins that run inline
// on the lane right after a rollout (registry.h), evaluators that wait on something outside
// evp (evaluator processes, HTTP services, judge models) or score a row's rollouts together
// (async_evaluator.h), and pairwise judges, which compare two models' answers in a phase
// after the rollouts (pairwise_judge.h). Metric names are unique across all of them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/json.h"
#include "evaluate/async_evaluator.h"
#include "evaluate/evaluator.h"
#include "evaluate/score_row.h"

namespace evp::evaluate {

class PairwiseJudge;

struct EvaluatorSet {
  EvaluatorSet();
  ~EvaluatorSet();
  EvaluatorSet(EvaluatorSet&&) noexcept;
  EvaluatorSet& operator=(EvaluatorSet&&) noexcept;

  std::vector<std::unique_ptr<Evaluator>> inline_evaluators;
  std::vector<std::unique_ptr<AsyncEvaluator>> async_evaluators;
  std::vector<std::unique_ptr<PairwiseJudge>> pairwise_judges;
  // Every per-rollout metric (inline and async), in config order.
  std::vector<MetricSlot> slots;

  bool has_groupwise() const;
  bool has_pointwise_async() const;
};

// Adds the evaluator `config` describes (a YAML mapping as JSON with a string "type") to
// `set`; a name already taken gets "_2", "_3", ... Throws evp::InputError naming the key path
// inside the config ("llm_judge.model: no model 'x' in the suite's models (have: a, b)").
void add_evaluator(EvaluatorSet& set, const Json& config, EvaluatorEnvironment& env);

// Every type name (built-in, async and pairwise), sorted, for help text and errors.
std::vector<std::string> all_evaluator_types();

}  // namespace evp::evaluate
