// The evaluation service: one event loop on its own thread hosting what scores rollouts by
// waiting on something outside evp (evaluator processes, HTTP evaluation services, judge
// models, see evaluate/async_evaluator.h) and the judge models' HTTP clients. Lanes hand it a
// rollout with co_spawn and resume on their own loop when the metric is back, so neither a
// slow judge nor an evaluator process ever blocks a lane's thread.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
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

  // Runs an evaluation for a lane on the service's loop and resumes the caller on its own;
  // counted as in flight until it ends (stop() waits for those).
  template <typename T>
  boost::asio::awaitable<T> evaluate(boost::asio::awaitable<T> task) {
    return boost::asio::co_spawn(io_, tracked(std::move(task)), boost::asio::use_awaitable);
  }

  // Starts the loop thread and every async evaluator of `set` (their start(), one after the
  // other), and waits; rethrows the first failure (e.g. an evaluator's bad handshake).
  void start(evaluate::EvaluatorSet& set);
  // Runs `task` on the loop and waits for it from another thread; rethrows its exception.
  void run(boost::asio::awaitable<void> task);
  // Stops every async evaluator of `set` (ending their processes), waits up to kDrainSeconds
  // for evaluations still in flight (only after a failure are there any), stops the loop and
  // joins its thread, even when an evaluator's stop() throws (rethrown after). Returns the
  // evaluators' notes (restarts, stderr), each prefixed with the evaluator's name. Later calls
  // do nothing; the destructor stops the loop if it was never called.
  std::vector<std::string> stop(evaluate::EvaluatorSet& set);

  // False when stop() gave up waiting for evaluations in flight: their suspended coroutines
  // still refer to the evaluators and judges, so those must outlive the loop. The service
  // then leaves its judges alive, and so must the owner of the evaluator set.
  bool drained() const { return drained_; }

  static constexpr double kDrainSeconds = 10;
  void set_drain_seconds(double seconds) { drain_seconds_ = seconds; }  // for tests

 private:
  evaluate::JudgeModel judge_model(const std::string& key);
  boost::asio::awaitable<void> stop_evaluators(evaluate::EvaluatorSet& set,
                                               std::vector<std::string>& notes);
  void halt();

  template <typename T>
  boost::asio::awaitable<T> tracked(boost::asio::awaitable<T> task) {
    struct InFlight {
      int& count;
      explicit InFlight(int& c) : count(c) { ++count; }
      ~InFlight() { --count; }
      InFlight(const InFlight&) = delete;
      InFlight& operator=(const InFlight&) = delete;
    } in_flight(in_flight_);
    co_return co_await std::move(task);
  }

  const suite::Suite& suite_;
  std::vector<ResolvedModel> models_;
  // Before io_: the frames io_ destroys count themselves out of in_flight_.
  int in_flight_ = 0;  // evaluations running on the loop (touched on its thread only)
  bool stopped_ = false;
  bool drained_ = true;
  double drain_seconds_ = kDrainSeconds;
  boost::asio::io_context io_{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::unique_ptr<llm::HttpClient> http_;
  std::map<std::string, std::unique_ptr<llm::ChatModel>> judges_;
  evaluate::EvaluatorEnvironment env_;
  std::thread thread_;
};

}  // namespace evp::runner
