// The evaluation service: one event loop on its own thread hosting what scores rollouts by
// waiting on something outside evp (evaluator processes, HTTP evaluation services, judge
// models, see evaluate/async_evaluator.h) and the judge models' HTTP clients. Lanes hand it a
// rollout with co_spawn and resume on their own loop when the metric is back, so neither a
// slow judge nor an evaluator process ever blocks a lane's thread.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "evaluate/async_evaluator.h"
#include "evaluate/evaluator_set.h"
#include "llm/chat_model.h"
#include "llm/http_client.h"
#include "runner/model_factory.h"
#include "suite/suite.h"

namespace evp::runner {

class EvaluationService {
 public:
  // `models` are every resolved model of the suite (judge_only ones included): judges are
  // looked up among them by key, and get the model's whole limits.
  EvaluationService(const suite::Suite& suite, std::vector<ResolvedModel> models);
  ~EvaluationService();
  EvaluationService(const EvaluationService&) = delete;
  EvaluationService& operator=(const EvaluationService&) = delete;

  // What evaluators are made with (add_evaluator); use before start().
  evaluate::EvaluatorEnvironment& environment() { return env_; }
  boost::asio::io_context::executor_type executor() { return io_.get_executor(); }

  // Starts the loop thread and every async evaluator of `set` (their start(), one after the
  // other), and waits; rethrows the first failure (e.g. an evaluator's bad handshake).
  void start(evaluate::EvaluatorSet& set);
  // Runs `task` on the loop and waits for it from another thread; rethrows its exception.
  void run(boost::asio::awaitable<void> task);
  // Stops every async evaluator of `set`, stops the loop and joins its thread. Returns the
  // evaluators' notes (restarts, stderr), each prefixed with the evaluator's name. Safe to
  // call once; the destructor stops the loop if it was not called.
  std::vector<std::string> stop(evaluate::EvaluatorSet& set);

 private:
  evaluate::JudgeModel judge_model(const std::string& key);
  void join();

  const suite::Suite& suite_;
  std::vector<ResolvedModel> models_;
  boost::asio::io_context io_{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::unique_ptr<llm::HttpClient> http_;
  std::map<std::string, std::unique_ptr<llm::ChatModel>> judges_;
  evaluate::EvaluatorEnvironment env_;
  std::thread thread_;
};

}  // namespace evp::runner
