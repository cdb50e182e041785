// AsyncEvaluator: an evaluator that waits on something outside evp's process: an evaluator
// process speaking the evaluator protocol (docs/evaluator-protocol.md), an HTTP evaluation
// service, or a judge model. Every async evaluator of a run lives on one event loop, the
// evaluation service (EvaluatorEnvironment::io, its own thread); lanes call it with
// `co_await asio::co_spawn(env.io, evaluator.evaluate(row), asio::use_awaitable)` and resume
// on their own loop. Pointwise evaluators score one rollout; groupwise ones score all the
// rollouts of one dataset row for one model together (its runs), e.g. relative scoring.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "llm/chat_model.h"
#include "llm/http_client.h"
#include "model/evaluate_result.h"
#include "model/evaluation_row.h"
#include "rollout/pricing.h"

namespace evp::evaluate {

// A model of the suite that judges: its ChatModel on the evaluation service's loop (with the
// model's limits), its key in the suite, and its prices (for the judge's cost).
struct JudgeModel {
  std::string key;
  llm::ChatModel* chat = nullptr;
  std::optional<rollout::Pricing> price;
};

// What async evaluators get from the run that hosts them. Everything here is used from the
// `io` loop's thread only.
struct EvaluatorEnvironment {
  boost::asio::io_context& io;
  llm::HttpClient& http;
  // The suite file's folder: relative paths in an evaluator's command resolve against it
  // (the process also starts there).
  std::filesystem::path base_dir;
  // The judge model with this key (a key of the suite's `models`); throws evp::InputError
  // ("no model 'KEY' in the suite's models (have: a, b)") for an unknown key.
  std::function<JudgeModel(const std::string& key)> judge_model;
};

enum class EvaluationMode { kPointwise, kGroupwise };

class AsyncEvaluator {
 public:
  AsyncEvaluator(std::string name, double weight, EvaluationMode mode)
      : name_(std::move(name)), weight_(weight), mode_(mode) {}
  virtual ~AsyncEvaluator() = default;
  AsyncEvaluator(const AsyncEvaluator&) = delete;
  AsyncEvaluator& operator=(const AsyncEvaluator&) = delete;

  // The metric key in EvaluateResult.metrics, and its weight in the row's weighted mean.
  const std::string& name() const { return name_; }
  double weight() const { return weight_; }
  EvaluationMode mode() const { return mode_; }
  void rename(std::string name) { name_ = std::move(name); }

  // Called once on the service loop before any rollout: starts processes, checks handshakes.
  // Throws evp::InputError naming the evaluator when it cannot serve ("evaluators[2]
  // (my_eval): handshake: expected {\"protocol\": \"evp-evaluator/1\", ...}, got ..."), so a
  // broken evaluator stops the run before any model is paid for.
  virtual boost::asio::awaitable<void> start() { co_return; }
  // Called once on the service loop after the last rollout: ends processes.
  virtual boost::asio::awaitable<void> stop() { co_return; }

  // Pointwise (mode() == kPointwise): scores one finished rollout. Never throws for a
  // failure of the evaluator itself (a crash, a timeout, a malformed answer): that is a
  // metric with is_score_valid=false and the error as its reason.
  virtual boost::asio::awaitable<model::MetricResult> evaluate(const model::EvaluationRow& row);
  // Groupwise (mode() == kGroupwise): scores the finished rollouts of one row together;
  // returns one metric per row, in order. Same failure rule (every row gets the error).
  virtual boost::asio::awaitable<std::vector<model::MetricResult>> evaluate_group(
      const std::vector<model::EvaluationRow>& rows);

  // Whatever the user must see after the run (an evaluator process's stderr tail, restarts);
  // empty when nothing happened. Called on the service loop after stop().
  virtual std::vector<std::string> notes() const { return {}; }

 private:
  std::string name_;
  double weight_;
  EvaluationMode mode_;
};

}  // namespace evp::evaluate
