// chat_api_messages: to_json minus EP-only keys.
#include "rollout/api_messages.h"

#include "model/row_json.h"

namespace evp::rollout {

Json chat_api_messages(const std::vector<model::Message>& messages) {
  Json out = Json::array();
  for (const auto& m : messages) {
    Json j = model::to_json(m);
    j.erase("reasoning_content");
    j.erase("control_plane_step");
    j.erase("weight");
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace evp::rollout
