// The single-turn rollout: send the row's conversation (and tools) to the model once and
// append its answer. Usage, cost, finish reason, latency and the answer's reasoning are
// recorded on the row; a failed call sets rollout_status to the error and keeps the row.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>

#include "llm/chat_model.h"
#include "model/evaluation_row.h"
#include "rollout/pricing.h"

namespace evp::rollout {

boost::asio::awaitable<void> run_single_turn(model::EvaluationRow& row, llm::ChatModel& model,
                                             int run, std::optional<Pricing> price);

// Applies a finished chat call to the row (shared by every rollout kind that calls a model).
void apply_chat_result(model::EvaluationRow& row, const llm::ChatResult& result,
                       const std::optional<Pricing>& price);

}  // namespace evp::rollout
