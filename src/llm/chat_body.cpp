// build_chat_body and the small helpers next to it.
#include "llm/chat_body.h"

#include <optional>
#include <stdexcept>
#include <utility>

#include "model/json_writer.h"
#include "model/row_json.h"
#include "model/row_writer.h"

namespace evp::llm {

namespace {

// Whether the request's tools go into the body: absent, null and [] mean none.
bool sends_tools(const std::optional<Json>& tools) {
  return tools && !tools->is_null() && !(tools->is_array() && tools->empty());
}

// Whether a request has params of its own: absent, null and {} mean none.
bool has_own_params(const std::optional<Json>& params) {
  return params && params->is_object() && !params->empty();
}

// `params` (an object, else nothing) with the keys of its "extra_body" moved to the top level.
Json flattened_params(const Json& params) {
  Json out = params.is_object() ? params : Json::object();
  if (auto extra = out.find("extra_body"); extra != out.end()) {
    Json merged = std::move(*extra);
    out.erase("extra_body");
    if (merged.is_object()) {
      for (auto& [key, value] : merged.items()) out[key] = value;
    }
  }
  return out;
}

Json body_from(const Endpoint& endpoint, Json messages, std::optional<Json> tools,
               const std::optional<Json>& own_params = std::nullopt) {
  Json body = flattened_params(endpoint.params);
  if (has_own_params(own_params)) {
    Json own = flattened_params(*own_params);
    for (auto& [key, value] : own.items()) body[key] = std::move(value);
  }
  body["model"] = endpoint.model;
  body["messages"] = std::move(messages);
  if (sends_tools(tools)) body["tools"] = std::move(*tools);
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
  return body_from(endpoint, model::chat_api_json(request.messages), request.tools, request.params);
}

namespace {

// Stands in for the request's values while the endpoint's part is dumped: a string no JSON
// value of a real request produces next to these keys.
constexpr const char* kMessagesSlot = "\x01evp-messages\x01";
constexpr const char* kToolsSlot = "\x01evp-tools\x01";

// Splits `text` around the dumped placeholder `slot`; throws std::logic_error if absent.
std::pair<std::string, std::string> split_at(const std::string& text, const char* slot) {
  const std::string marker = dump_json(Json(slot));
  const size_t at = text.find(marker);
  if (at == std::string::npos) throw std::logic_error("chat body template without its slot");
  return {text.substr(0, at), text.substr(at + marker.size())};
}

}  // namespace

ChatBodyWriter::ChatBodyWriter(const Endpoint& endpoint) : endpoint_(endpoint) {
  const Json bare = body_from(endpoint, Json(kMessagesSlot), std::nullopt);
  auto [head, rest] = split_at(dump_json(bare), kMessagesSlot);
  without_tools_ = {head, rest, ""};
  const Json full = body_from(endpoint, Json(kMessagesSlot), Json(kToolsSlot));
  auto [full_head, full_rest] = split_at(dump_json(full), kMessagesSlot);
  auto [middle, tail] = split_at(full_rest, kToolsSlot);
  with_tools_ = {full_head, middle, tail};
  shape_ = bare;
  shape_.erase("messages");
}

std::string ChatBodyWriter::body(const ChatRequest& request) const {
  if (has_own_params(request.params)) return dump_json(build_chat_body(endpoint_, request));
  const bool tools = sends_tools(request.tools);
  const Template& t = tools ? with_tools_ : without_tools_;
  std::string out;
  out.reserve(t.head.size() + t.middle.size() + t.tail.size() + 256);
  out += t.head;
  model::append_chat_api_json(out, request.messages);
  out += t.middle;
  if (tools) {
    model::append_json_value(out, *request.tools);
    out += t.tail;
  }
  return out;
}

double ChatBodyWriter::estimate_tokens(size_t body_bytes) const {
  return estimate_request_tokens(shape_, body_bytes);
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
