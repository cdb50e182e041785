// Helpers for the evaluator protocol tests (command, HTTP and example evaluators): an event
// loop with the EvaluatorEnvironment async evaluators get, running their coroutines to
// completion, rows with a row id, an answer and ground truth, and process checks.
#pragma once

#include <signal.h>
#include <sys/wait.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <cerrno>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/errors.h"
#include "base/json.h"
#include "evaluate/async_evaluator.h"
#include "evaluate/config_reader.h"
#include "llm/http_client.h"
#include "model/evaluation_row.h"

namespace evp::evaluate::test {

inline const std::filesystem::path kTestEvaluators =
    std::filesystem::path(EVP_SOURCE_DIR) / "tests/unit/evaluate/evaluators";

// A finished rollout with a row id: a user question and the assistant's `answer`.
inline model::EvaluationRow answered_row(const std::string& row_id, const std::string& answer,
                                         std::optional<Json> ground_truth = std::nullopt) {
  model::EvaluationRow row;
  row.input_metadata.row_id = row_id;
  row.messages.push_back(model::make_message("user", "question"));
  row.messages.push_back(model::make_message("assistant", answer));
  row.ground_truth = std::move(ground_truth);
  return row;
}

// "1 | reason", "0.25 | reason" or "invalid | reason".
inline std::string outcome(const model::MetricResult& m) {
  if (!m.is_score_valid) return "invalid | " + m.reason;
  std::string score = dump_json(Json(m.score));
  if (score.ends_with(".0")) score.resize(score.size() - 2);
  return score + " | " + m.reason;
}

// The pid a scripted evaluator put in its result (-1 when absent).
inline long long answer_pid(const model::MetricResult& m) {
  return m.data.contains("pid") ? m.data["pid"].get<long long>() : -1;
}

// True when `pid` is neither running nor a zombie of ours (reaped).
inline bool process_gone(long long pid) {
  const pid_t p = static_cast<pid_t>(pid);
  return ::kill(p, 0) == -1 && errno == ESRCH && waitpid(p, nullptr, WNOHANG) == -1;
}

// An event loop hosting async evaluators the way a run does.
class EvaluatorLoop {
 public:
  explicit EvaluatorLoop(std::filesystem::path base_dir = kTestEvaluators)
      : env{io, http, std::move(base_dir), [](const std::string& key) -> JudgeModel {
              throw InputError("no model '" + key + "'");
            }} {}

  // Runs `task` to completion (rethrowing its exception). The loop stops when the task is
  // done: evaluator processes keep reads pending (their stderr), so it never runs out of work.
  template <typename T>
  T run(boost::asio::awaitable<T> task) {
    std::optional<T> value;
    std::exception_ptr error;
    boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T v) {
      error = e;
      if (!e) value = std::move(v);
      io.stop();
    });
    io.restart();
    io.run();
    if (error) std::rethrow_exception(error);
    return std::move(*value);
  }
  void run(boost::asio::awaitable<void> task) { run(wrap(std::move(task))); }

  // Scores `rows` one request each, all at once (they queue for the evaluator's workers).
  std::vector<model::MetricResult> evaluate_all(AsyncEvaluator& evaluator,
                                                const std::vector<model::EvaluationRow>& rows) {
    std::vector<model::MetricResult> out(rows.size());
    size_t done = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      boost::asio::co_spawn(io, evaluator.evaluate(rows[i]),
                            [&, i](std::exception_ptr e, model::MetricResult m) {
                              if (e) std::rethrow_exception(e);
                              out[i] = std::move(m);
                              if (++done == rows.size()) io.stop();
                            });
    }
    io.restart();
    io.run();
    if (done != rows.size()) throw std::logic_error("not every evaluation finished");
    return out;
  }

  // Scores `rows` one after the other.
  std::vector<model::MetricResult> evaluate_each(AsyncEvaluator& evaluator,
                                                 const std::vector<model::EvaluationRow>& rows) {
    std::vector<model::MetricResult> out;
    for (const model::EvaluationRow& row : rows) out.push_back(run(evaluator.evaluate(row)));
    return out;
  }

  boost::asio::io_context io;
  llm::HttpClient http{io};
  EvaluatorEnvironment env;

 private:
  static boost::asio::awaitable<bool> wrap(boost::asio::awaitable<void> task) {
    co_await std::move(task);
    co_return true;
  }
};

// The message of the InputError that `f` throws, or "no error".
template <typename F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace evp::evaluate::test
