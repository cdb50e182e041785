// CommandEvaluator: an evaluator written in any language, run as a pool of worker processes
// that speak the evaluator protocol over stdin/stdout (docs/evaluator-protocol.md). Suite
// config (besides type, name, weight):
//   {type: command, command: [python3, my_eval.py], workers: 4, timeout_s: 30,
//    mode: pointwise|groupwise, env: {NAME: value}}
// command: a non-empty list (argv; a relative path resolves against the suite's folder,
// where the processes start); workers: processes (default 1, at most 64); timeout_s: per
// request and for the handshake (default 30); mode (default pointwise); env: variables added
// to evp's environment for the processes.
//
// start() starts every worker and checks its handshake (InputError with the evaluator's
// stderr when one fails). Requests wait for a free worker in arrival order; each worker
// serves one request at a time. A worker that crashes, hangs past timeout_s (killed with
// SIGKILL) or sends a malformed answer fails the request it held (an invalid metric with the
// reason and the end of its stderr; the rollout is not retried) and is restarted when it is
// next needed, so restarts never outnumber the requests. A worker whose restart fails (its
// handshake) 3 times in a row is given up; meanwhile requests go to the other workers; once
// none is left every request gets an invalid metric saying why, at once.
// stop() closes the processes' stdin, waits up to 2 s, kills what is left and reaps all.
// notes(): failures, restarts, given-up workers and the last 64 KiB of stderr.
#pragma once

#include <boost/asio/io_context.hpp>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "evaluate/async_evaluator.h"
#include "evaluate/config_reader.h"
#include "evaluate/evaluator_process.h"
#include "evaluate/protocol_evaluator.h"
#include "llm/async_semaphore.h"

namespace evp::evaluate {

// The keys of type `command` besides type, name and weight.
inline constexpr std::string_view kCommandEvaluatorKeys = "command workers timeout_s mode env";

struct CommandEvaluatorOptions {
  ProcessSpec process;  // argv, extra environment, working directory
  int workers = 1;
  double timeout_s = 30;
};

class CommandEvaluator : public ProtocolEvaluator {
 public:
  CommandEvaluator(std::string name, double weight, EvaluationMode mode,
                   CommandEvaluatorOptions options, boost::asio::io_context& io);
  ~CommandEvaluator() override;

  boost::asio::awaitable<void> start() override;
  boost::asio::awaitable<void> stop() override;
  std::vector<std::string> notes() const override;

 protected:
  boost::asio::awaitable<std::vector<model::MetricResult>> call(std::string request, long long id,
                                                                size_t rows,
                                                                std::string label) override;

 private:
  struct Worker {
    int index = 0;
    std::shared_ptr<EvaluatorProcess> process;  // null until (re)started
    int failed_restarts = 0;                    // in a row
    bool given_up = false;
  };
  struct Failures {
    int crashes = 0;
    int timeouts = 0;
    int malformed = 0;
    int restarts = 0;
    int failed_restarts = 0;
  };
  class Lease;

  boost::asio::awaitable<Worker*> acquire_worker();
  void release_worker(Worker& worker);
  void spawn(Worker& worker);
  boost::asio::awaitable<std::optional<std::string>> handshake(Worker& worker, double timeout_s);
  boost::asio::awaitable<bool> restart(Worker& worker);
  void give_up(Worker& worker, const std::string& why);
  boost::asio::awaitable<std::string> retire(Worker& worker,
                                             std::shared_ptr<EvaluatorProcess> process,
                                             const LineResult& answer, const std::string& malformed,
                                             const std::string& label);
  std::string unavailable_reason() const;
  std::string with_stderr(std::string message, const EvaluatorProcess& process) const;
  std::string command_text() const;

  CommandEvaluatorOptions options_;
  boost::asio::io_context& io_;
  std::vector<Worker> workers_;
  std::deque<Worker*> idle_;
  llm::AsyncSemaphore free_workers_;  // one permit per worker not given up
  int alive_ = 0;
  bool stopped_ = false;
  Failures failures_;
  std::vector<std::string> given_up_;  // why each given-up worker was
  std::string last_failed_restart_;
  TextTail stderr_;
};

// Reads a `command` evaluator's config (checking its keys) and builds it on env.io; the
// processes start in env.base_dir.
std::unique_ptr<AsyncEvaluator> make_command_evaluator(const ConfigReader& config,
                                                       EvaluatorEnvironment& env);

}  // namespace evp::evaluate
