// build_chat_body and the small helpers next to it.
#include "llm/chat_body.h"

#include <optional>
#include <utility>

namespace evp::llm {

namespace {

Json body_from(const Endpoint& endpoint, Json messages, std::optional<Json> tools) {
  Json body = endpoint.params.is_object() ? endpoint.params : Json::object();
  if (auto extra = body.find("extra_body"); extra != body.end()) {
    Json merged = std::move(*extra);
    body.erase("extra_body");
    if (merged.is_object()) {
      for (auto& [key, value] : merged.items()) body[key] = value;
    }
  }
  body["model"] = endpoint.model;
  body["messages"] = std::move(messages);
  if (tools && !tools->is_null() && !(tools->is_array() && tools->empty())) {
    body["tools"] = std::move(*tools);
  }
  if (endpoint.stream) {
    body["stream"] = true;
    Json& options = body["stream_options"];
    if (!options.is_object()) options = Json::object();
    options["include_usage"] = true;
  } else {
    body.erase("stream");
    body.erase("stream_options");
  }
  return body;
}

}  // namespace

Json build_chat_body(const Endpoint& endpoint, const ChatRequest& request) {
  return body_from(endpoint, request.messages, request.tools);
}

Json build_chat_body(const Endpoint& endpoint, ChatRequest&& request) {
  return body_from(endpoint, std::move(request.messages), std::move(request.tools));
}

std::string chat_completions_url(const std::string& base_url) {
  std::string url = base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + "/chat/completions";
}

double estimate_request_tokens(const Json& body, size_t body_bytes) {
  double tokens = static_cast<double>((body_bytes + 3) / 4);
  for (const char* key : {"max_completion_tokens", "max_tokens"}) {
    auto it = body.find(key);
    if (it != body.end() && it->is_number()) {
      tokens += it->get<double>();
      break;
    }
  }
  return tokens;
}

}  // namespace evp::llm
