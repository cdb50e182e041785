// The evaluation service's loop thread, judge models and evaluator lifecycle.
#include "runner/evaluation_service.h"
#include "base/join.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>

#include "base/errors.h"

namespace evp::runner {

namespace asio = boost::asio;

EvaluationService::EvaluationService(const suite::Suite& suite, std::vector<ResolvedModel> models)
    : suite_(suite),
      models_(std::move(models)),
      http_(std::make_unique<llm::HttpClient>(io_)),
      env_{io_, *http_, suite.file.parent_path(),
           [this](const std::string& key) { return judge_model(key); }} {}

EvaluationService::~EvaluationService() {
  halt();
  if (!drained_) {
    // Suspended evaluations still refer to the judges and the client: leave them alive
    // (this only happens when a failed run is being torn down).
    for (auto& [key, judge] : judges_) static_cast<void>(judge.release());
    static_cast<void>(http_.release());
    return;
  }
  judges_.clear();  // before the HTTP client and the loop they use
  http_.reset();
}

evaluate::JudgeModel EvaluationService::judge_model(const std::string& key) {
  for (const ResolvedModel& m : models_) {
    if (m.spec.key != key) continue;
    auto& chat = judges_[key];
    if (!chat) chat = make_chat_model(m, m.spec.limits, io_, *http_);
    return evaluate::JudgeModel{key, chat.get(), m.price};
  }
  std::vector<std::string> keys;
  for (const ResolvedModel& m : models_) keys.push_back(m.spec.key);
  const std::string have = join(keys);
  bool skipped = false;
  for (const suite::ModelSpec& spec : suite_.models) skipped = skipped || spec.key == key;
  if (skipped) throw InputError("model '" + key + "' was skipped (its API key is not set)");
  throw InputError("no model '" + key + "' in the suite's models (have: " + have + ")");
}

void EvaluationService::start(evaluate::EvaluatorSet& set) {
  work_.emplace(io_.get_executor());
  thread_ = std::thread([this] { io_.run(); });
  stopped_ = false;
  run([](evaluate::EvaluatorSet& s) -> asio::awaitable<void> {
    for (auto& evaluator : s.async_evaluators) co_await evaluator->start();
  }(set));
}

void EvaluationService::run(asio::awaitable<void> task) {
  asio::co_spawn(io_, std::move(task), asio::use_future).get();
}

std::vector<std::string> EvaluationService::stop(evaluate::EvaluatorSet& set) {
  std::vector<std::string> notes;
  if (stopped_ || !thread_.joinable()) return notes;
  stopped_ = true;
  try {
    run(stop_evaluators(set, notes));
  } catch (...) {
    halt();
    throw;
  }
  halt();
  return notes;
}

asio::awaitable<void> EvaluationService::stop_evaluators(evaluate::EvaluatorSet& set,
                                                         std::vector<std::string>& notes) {
  std::exception_ptr first_error;
  for (auto& evaluator : set.async_evaluators) {
    try {
      co_await evaluator->stop();
    } catch (...) {
      if (!first_error) first_error = std::current_exception();
    }
    for (const std::string& note : evaluator->notes()) {
      notes.push_back(evaluator->name() + ": " + note);
    }
  }
  // With the processes gone, evaluations still in flight (a failed run's) end soon.
  asio::steady_timer timer(io_);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(drain_seconds_);
  while (in_flight_ > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(asio::use_awaitable);
  }
  drained_ = in_flight_ == 0;
  if (first_error) std::rethrow_exception(first_error);
}

void EvaluationService::halt() {
  io_.stop();  // idle keep-alive connections must not keep the loop alive
  work_.reset();
  if (thread_.joinable()) thread_.join();
}

}  // namespace evp::runner
