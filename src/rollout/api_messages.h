// The messages of a row as a chat-completions API takes them: Eval Protocol's own fields
// (reasoning_content, control_plane_step, weight) are left out, as EP does.
#pragma once

#include <vector>

#include "base/json.h"
#include "model/message.h"

namespace evp::rollout {

Json chat_api_messages(const std::vector<model::Message>& messages);

}  // namespace evp::rollout
