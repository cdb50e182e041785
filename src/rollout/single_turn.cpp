// run_single_turn and apply_chat_result.
#include "rollout/single_turn.h"

#include <algorithm>

#include "base/errors.h"
#include "model/row_json.h"

namespace evp::rollout {

void apply_chat_result(model::EvaluationRow& row, const llm::ChatResult& result,
                       const std::optional<Pricing>& price) {
  auto& exec = row.execution_metadata;
  // The rollout's duration includes waiting for rate limits and retries; the latency is the
  // model's own answer time (the last attempt).
  exec.rollout_duration_seconds = std::max(result.total_s, result.latency_s);
  Json& evp_extra = (exec.extra ? *exec.extra : exec.extra.emplace(Json::object()))["evp"];
  evp_extra["latency_seconds"] = result.latency_s;
  evp_extra["attempts"] = result.attempts;
  if (result.ok && result.attempts == 0) evp_extra["cache_hit"] = true;  // answered from cache
  if (result.ttft_s) evp_extra["ttft_seconds"] = *result.ttft_s;
  if (!result.ok) {
    row.rollout_status = model::Status::error(result.code, result.error);
    if (result.http_status != 0) evp_extra["http_status"] = result.http_status;
    return;
  }
  model::Message answer;
  try {
    answer = model::message_from_json(result.message, "choices[0].message");
  } catch (const FormatError& e) {
    row.rollout_status = model::Status::error(model::StatusCode::kDataLoss,
                                              std::string("malformed model answer: ") + e.what());
    return;
  }
  if (answer.role.empty()) answer.role = "assistant";
  exec.finish_reason = result.finish_reason;
  exec.tool_call_count = answer.tool_calls ? static_cast<int>(answer.tool_calls->size()) : 0;
  row.messages.push_back(std::move(answer));
  if (result.usage) {
    exec.usage = *result.usage;
    if (price) exec.cost_metrics = cost_of(*result.usage, *price);
  }
  row.rollout_status = model::Status::rollout_finished();
}

boost::asio::awaitable<void> run_single_turn(model::EvaluationRow& row, llm::ChatModel& model,
                                             int run, std::optional<Pricing> price) {
  llm::ChatRequest request;
  request.messages = row.messages;
  if (row.tools && !row.tools->empty()) request.tools = *row.tools;
  const std::string row_id = row.input_metadata.row_id.value_or("");
  const llm::ChatResult result = co_await model.complete(std::move(request), row_id, run);
  apply_chat_result(row, result, price);
}

}  // namespace evp::rollout
