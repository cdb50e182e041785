// The evaluation service's loop thread, judge models and evaluator lifecycle.
#include "runner/evaluation_service.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>

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
  io_.stop();
  join();
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
  std::string have;
  for (const ResolvedModel& m : models_) have += (have.empty() ? "" : ", ") + m.spec.key;
  bool skipped = false;
  for (const suite::ModelSpec& spec : suite_.models) skipped = skipped || spec.key == key;
  if (skipped) throw InputError("model '" + key + "' was skipped (its API key is not set)");
  throw InputError("no model '" + key + "' in the suite's models (have: " + have + ")");
}

void EvaluationService::start(evaluate::EvaluatorSet& set) {
  work_.emplace(io_.get_executor());
  thread_ = std::thread([this] { io_.run(); });
  run([](evaluate::EvaluatorSet& s) -> asio::awaitable<void> {
    for (auto& evaluator : s.async_evaluators) co_await evaluator->start();
  }(set));
}

void EvaluationService::run(asio::awaitable<void> task) {
  asio::co_spawn(io_, std::move(task), asio::use_future).get();
}

std::vector<std::string> EvaluationService::stop(evaluate::EvaluatorSet& set) {
  std::vector<std::string> notes;
  if (!thread_.joinable()) return notes;
  run([](evaluate::EvaluatorSet& s, std::vector<std::string>& out) -> asio::awaitable<void> {
    for (auto& evaluator : s.async_evaluators) {
      co_await evaluator->stop();
      for (const std::string& note : evaluator->notes()) {
        out.push_back(evaluator->name() + ": " + note);
      }
    }
  }(set, notes));
  io_.stop();  // idle keep-alive connections must not keep the loop alive
  join();
  return notes;
}

void EvaluationService::join() {
  work_.reset();
  if (thread_.joinable()) thread_.join();
}

}  // namespace evp::runner
