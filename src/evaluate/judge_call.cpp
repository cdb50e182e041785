// Implementation of the judge conversation, its usage accounting and verdict finding.
#include "evaluate/judge_call.h"

#include "base/errors.h"
#include "evaluate/text_utils.h"
#include "model/row_json.h"

namespace evp::evaluate {

namespace {

// The reply's text, or why the message could not be read.
JudgeReply reply_of(const llm::ChatResult& result) {
  JudgeReply reply;
  if (!result.ok) {
    reply.error = result.error;
    return reply;
  }
  try {
    reply.text = model::message_from_json(result.message, "choices[0].message").text();
    reply.ok = true;
    reply.cut_off = result.finish_reason == "length";
  } catch (const FormatError& e) {
    reply.error = std::string("judge reply: ") + e.what();
  }
  return reply;
}

// execution_metadata.extra["evp"][key] when present.
const Json* evp_fact(const model::EvaluationRow& row, const char* key) {
  const std::optional<Json>& extra = row.execution_metadata.extra;
  if (!extra || !extra->is_object()) return nullptr;
  const auto evp = extra->find("evp");
  if (evp == extra->end() || !evp->is_object()) return nullptr;
  const auto fact = evp->find(key);
  return fact == evp->end() ? nullptr : &*fact;
}

}  // namespace

JudgeModel read_judge_model(const ConfigReader& config, EvaluatorEnvironment& env) {
  const std::string key = config.required_string("model");
  try {
    return env.judge_model(key);
  } catch (const InputError& e) {
    config.fail_key("model", e.message());
  }
}

Json read_judge_params(const ConfigReader& config) {
  Json params = Json::object();
  if (const std::optional<long long> max_tokens =
          config.optional_non_negative_integer("max_tokens")) {
    if (*max_tokens == 0) config.fail_key("max_tokens", "expected a positive integer");
    params["max_tokens"] = *max_tokens;
  }
  return params;
}

void JudgeUsage::add(const JudgeUsage& other) {
  calls += other.calls;
  prompt_tokens += other.prompt_tokens;
  completion_tokens += other.completion_tokens;
  if (other.cost_usd) cost_usd = cost_usd.value_or(0.0) + *other.cost_usd;
}

Json judge_data(const std::string& model_key, const JudgeUsage& usage) {
  Json out = {{"model", model_key},
              {"calls", usage.calls},
              {"prompt_tokens", usage.prompt_tokens},
              {"completion_tokens", usage.completion_tokens}};
  if (usage.cost_usd) out["cost_usd"] = *usage.cost_usd;
  return out;
}

RolloutRef rollout_ref(const model::EvaluationRow& row) {
  const Json* run = evp_fact(row, "run");
  return RolloutRef{row.input_metadata.row_id.value_or(""),
                    run && run->is_number_integer() ? run->get<int>() : 0};
}

std::string rollout_model_key(const model::EvaluationRow& row) {
  const Json* key = evp_fact(row, "model");
  return key && key->is_string() ? key->get<std::string>() : "";
}

JudgeConversation::JudgeConversation(const JudgeModel& judge, std::vector<model::Message> prompt,
                                     Json params, RolloutRef rollout)
    : judge_(judge), rollout_(std::move(rollout)) {
  request_.messages = std::move(prompt);
  if (params.is_object() && !params.empty()) request_.params = std::move(params);
}

void JudgeConversation::count(const llm::ChatResult& result) {
  JudgeUsage call;
  call.calls = 1;
  if (result.usage) {
    call.prompt_tokens = result.usage->prompt_tokens;
    call.completion_tokens = result.usage->completion_tokens;
  }
  if (judge_.price) {
    const model::Usage usage = result.usage.value_or(model::Usage{});
    call.cost_usd = rollout::cost_of(usage, *judge_.price).total_cost_dollar;
  }
  usage_.add(call);
}

boost::asio::awaitable<JudgeReply> JudgeConversation::ask() {
  const llm::ChatResult result =
      co_await judge_.chat->complete(request_, rollout_.row_id, rollout_.run);
  count(result);
  JudgeReply reply = reply_of(result);
  if (reply.ok) {
    request_.messages.push_back(model::make_message("assistant", reply.text));
    replies_.push_back(reply.text);
  }
  co_return reply;
}

boost::asio::awaitable<JudgeReply> JudgeConversation::ask_again(std::string message) {
  request_.messages.push_back(model::make_message("user", std::move(message)));
  co_return co_await ask();
}

boost::asio::awaitable<JudgeReply> ask_for_verdict(
    JudgeConversation& conversation, const std::function<bool(std::string_view)>& has_verdict,
    std::string format_message) {
  JudgeReply reply = co_await conversation.ask();
  if (!reply.ok || has_verdict(reply.text)) co_return reply;
  co_return co_await conversation.ask_again(std::move(format_message));
}

std::string no_verdict_reason(const JudgeReply& reply) {
  if (!reply.ok) return reply.error;
  return std::string("judge answer had no verdict") +
         (reply.cut_off ? " (cut off at the judge's max_tokens)" : "") + ": " +
         single_quoted(trim(reply.text), 80);
}

std::optional<Bracketed> last_bracketed(std::string_view text,
                                        const std::function<bool(std::string_view)>& shape) {
  size_t from = text.size();
  while (from > 0) {
    const size_t open = text.rfind("[[", from - 1);
    if (open == std::string_view::npos) break;
    const size_t close = text.find("]]", open + 2);
    if (close != std::string_view::npos) {
      const std::string_view content = text.substr(open + 2, close - open - 2);
      if (shape(content)) return Bracketed{content, open};
    }
    from = open;
  }
  return std::nullopt;
}

}  // namespace evp::evaluate
