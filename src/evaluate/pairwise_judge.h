// pairwise_judge {model, baseline, template?, max_tokens?}: a judge model compares a
// candidate model's answer with the baseline model's answer to the same row, as Arena-Hard
// does. Not an AsyncEvaluator: it needs both models' rollouts, so the runner calls it in a
// phase after the rollouts, on the evaluation service's loop.
//
// Two games per pair, positions swapped against position bias: game 1 shows the baseline's
// answer as Assistant A and the candidate's as B, game 2 the candidate's as A and the
// baseline's as B. The default prompt is a system message in the spirit of Arena-Hard's (the
// judge writes its own answer first, then weighs both answers for correctness, helpfulness,
// relevance, conciseness and missing information, and ends with exactly one label among
// [[A>>B]], [[A>B]], [[A=B]], [[B>A]], [[B>>A]]) and a user message with the question and
// both answers. `template` replaces both with one user message, placeholders {question},
// {answer_a}, {answer_b} and {ground_truth} (judge_prompt.h).
//
// The label is the last "[[X]]" with X made of A, B, <, > and = (Arena-Hard's
// \[\[([AB<>=]+)\]\]); only the five labels above are verdicts, anything else (e.g. a final
// [[A<B]]) is unparseable, never replaced by an earlier label. An unparseable reply is
// re-asked once (the reply as assistant message, then a user message listing the labels, as
// Arena-Hard's "continue your judgment"); still none, the game has no verdict.
//
// Each game is a battle in the candidate's terms: model_a = the candidate's model key,
// model_b = the baseline's; winner "model_a", "model_b" or "tie" with weight 3 for a strong
// verdict (>>) and 1 otherwise (Arena-Hard counts strong verdicts three times), none and 0
// without a verdict. The games run one after the other; calls carry the candidate rollout's
// row id and run.
#pragma once

#include <array>
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "evaluate/async_evaluator.h"
#include "evaluate/config_reader.h"
#include "evaluate/judge_call.h"
#include "evaluate/judge_prompt.h"

namespace evp::evaluate {

// Besides type, name and weight; the caller checks them (ConfigReader::check_keys) first.
inline constexpr std::string_view kPairwiseJudgeKeys = "model baseline template max_tokens";

struct PairwiseGame {
  bool candidate_is_a = false;  // false in game 1, true in game 2
  std::string label;            // as written ("A>>B"); empty without a verdict
  std::string winner;           // "model_a" (candidate), "model_b" (baseline), "tie"; or empty
  int weight = 0;               // 3 for a strong verdict, 1 otherwise, 0 without a verdict
  std::string judgment;         // the judge's replies in this game, joined by blank lines
  std::string error;  // without a verdict: the call's error, "judge answer had no verdict:
                      // '...'", or why the game was not played
  JudgeUsage usage;
};

struct PairwiseJudgment {
  std::string model_a;  // the candidate's model key
  std::string model_b;  // the baseline's model key
  std::array<PairwiseGame, 2> games;
  JudgeUsage usage() const;  // both games
};

// The candidate's weighted win share over the games with a verdict: each game counts its
// weight, a win 1, a tie 1/2, a loss 0. Game 1 [[B>>A]] (strong win, 3) and game 2 [[A=B]]
// (tie, 1) give (3 * 1 + 1 * 0.5) / 4 = 0.875. nullopt when neither game has a verdict.
std::optional<double> candidate_score(const PairwiseJudgment& judgment);

// The judgment as a metric: score candidate_score (invalid when there is none); reason
// "vs BASELINE: game 1 [[B>A]] model_a, game 2 [[A=B]] tie" followed by each game's judgment
// or error; data {"judge": judge_data(...) summed over both games, plus "model_a", "model_b"
// and "games": [{"label", "winner", "weight", "candidate_is_a", "error"?}, ...]}.
model::MetricResult pairwise_metric(const PairwiseJudgment& judgment, const std::string& judge_key);

class PairwiseJudge {
 public:
  // Throws evp::InputError naming the key for a bad config or an unknown judge model. The
  // baseline key is not checked against the suite here (the runner knows its models).
  PairwiseJudge(const ConfigReader& config, EvaluatorEnvironment& env);

  const std::string& name() const { return name_; }
  void rename(std::string name) { name_ = std::move(name); }  // for unique metric names
  double weight() const { return weight_; }
  const std::string& baseline() const { return baseline_; }  // a model key of the suite
  const std::string& judge_key() const { return judge_.key; }

  // Judges `candidate` against `baseline` (two rollouts of the same dataset row; the question
  // and ground truth are read from the candidate's). model_a is the candidate row's
  // execution_metadata.extra["evp"]["model"] (empty when absent), model_b the baseline row's
  // (baseline() when absent).
  // Never throws for the judge's failures: they are games without a verdict. The rows are
  // read before the first call, so they need not outlive the judgment.
  boost::asio::awaitable<PairwiseJudgment> judge(const model::EvaluationRow& candidate,
                                                 const model::EvaluationRow& baseline) const;

 private:
  boost::asio::awaitable<PairwiseGame> play(const JudgeTexts& candidate, const JudgeTexts& baseline,
                                            bool candidate_is_a, const RolloutRef& rollout) const;
  // The prompt for one game: the question and ground truth are the candidate row's.
  std::vector<model::Message> prompt(const JudgeTexts& row, std::string_view answer_a,
                                     std::string_view answer_b) const;

  std::string name_;
  double weight_;
  std::string baseline_;
  std::optional<PromptTemplate> custom_;
  Json params_;
  JudgeModel judge_;
};

std::unique_ptr<PairwiseJudge> make_pairwise_judge(const ConfigReader& config,
                                                   EvaluatorEnvironment& env);

}  // namespace evp::evaluate
