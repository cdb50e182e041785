// TEST DOUBLE, not a model: ScriptedChatModel answers chat requests from a script written by
// the test, in order, and records every request it got (no network). JudgeBench puts one in an
// EvaluatorEnvironment as the suite's judge model "judge" and runs judge coroutines on a loop.
#pragma once

#include <boost/asio/io_context.hpp>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "base/errors.h"
#include "evaluate/async_evaluator.h"
#include "evaluate/config_reader.h"
#include "llm/chat_model.h"
#include "llm/http_client.h"
#include "unit/llm/run_on_loop.h"

namespace evp::evaluate::test {

class ScriptedChatModel final : public llm::ChatModel {
 public:
  struct Call {
    llm::ChatRequest request;
    std::string row_id;
    int run = 0;
  };

  // Queues a successful answer with this content and usage.
  void reply(std::string content, long long prompt_tokens = 100, long long completion_tokens = 20,
             std::string finish_reason = "stop") {
    llm::ChatResult r;
    r.ok = true;
    r.finish_reason = std::move(finish_reason);
    r.message = {{"role", "assistant"}, {"content", std::move(content)}};
    r.usage = model::Usage{prompt_tokens, completion_tokens, prompt_tokens + completion_tokens};
    script_.push_back(std::move(r));
  }
  // Queues a failed call with this error.
  void fail(std::string error) {
    llm::ChatResult r;
    r.error = std::move(error);
    r.code = model::StatusCode::kInternal;
    script_.push_back(std::move(r));
  }

  const std::vector<Call>& calls() const { return calls_; }
  size_t unused() const { return script_.size(); }

  boost::asio::awaitable<llm::ChatResult> complete(llm::ChatRequest request, std::string row_id,
                                                   int run) override {
    calls_.push_back({std::move(request), std::move(row_id), run});
    if (script_.empty()) {
      llm::ChatResult r;
      r.error = "script exhausted";
      co_return r;
    }
    llm::ChatResult r = std::move(script_.front());
    script_.pop_front();
    co_return r;
  }
  std::string cache_identity() const override { return ""; }

 private:
  std::deque<llm::ChatResult> script_;
  std::vector<Call> calls_;
};

// The environment of judge tests: the suite has one model, "judge", answered by `model`.
struct JudgeBench {
  boost::asio::io_context io;
  llm::HttpClient http{io};
  ScriptedChatModel model;
  std::optional<rollout::Pricing> price;
  EvaluatorEnvironment env{
      io, http, ".", [this](const std::string& key) {
        if (key != "judge") {
          throw InputError("no model '" + key + "' in the suite's models (have: judge)");
        }
        return JudgeModel{key, &model, price};
      }};

  template <typename T>
  T run(boost::asio::awaitable<T> task) {
    return llm::test::run_on_loop(io, std::move(task));
  }
};

}  // namespace evp::evaluate::test
