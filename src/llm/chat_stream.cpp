// ChatStreamAccumulator: delta merging.
#include "llm/chat_stream.h"

#include "llm/chat_errors.h"
#include "llm/chat_response.h"

namespace evp::llm {

void ChatStreamAccumulator::add(const Json& chunk) {
  ++chunks_;
  if (!chunk.is_object()) return;
  if (auto e = chunk.find("error"); e != chunk.end() && !e->is_null()) {
    error_ = server_error_message(dump_json(chunk));
    if (error_.empty()) error_ = "error event without a message";
    return;
  }
  for (const char* key : {"id", "model", "created", "system_fingerprint"}) {
    if (auto v = chunk.find(key); v != chunk.end() && !v->is_null() && !header_.contains(key)) {
      header_[key] = *v;
    }
  }
  if (auto u = chunk.find("usage"); u != chunk.end() && u->is_object()) {
    if (auto usage = usage_if_valid(*u)) {
      usage_ = std::move(usage);
      usage_raw_ = *u;
    }
  }
  auto choices = chunk.find("choices");
  if (choices == chunk.end() || !choices->is_array()) return;
  for (size_t i = 0; i < choices->size(); ++i) {
    const Json& choice = (*choices)[i];
    if (!choice.is_object()) continue;
    auto index = choice.find("index");
    const bool first =
        index != choice.end() && index->is_number_integer() ? index->get<long long>() == 0 : i == 0;
    if (!first) continue;
    if (auto f = choice.find("finish_reason"); f != choice.end() && f->is_string()) {
      finish_reason_ = f->get<std::string>();
    }
    if (auto d = choice.find("delta"); d != choice.end() && d->is_object()) add_delta(*d);
  }
}

void ChatStreamAccumulator::add_delta(const Json& delta) {
  const bool has_reasoning_content =
      delta.contains("reasoning_content") && !delta["reasoning_content"].is_null();
  for (const auto& [key, value] : delta.items()) {
    if (value.is_null()) continue;
    if (key == "role") {
      if (value.is_string()) role_ = value.get<std::string>();
    } else if (key == "content") {
      if (!value.is_string()) continue;
      has_content_ = true;
      const auto& text = value.get_ref<const std::string&>();
      if (!text.empty()) {
        content_ += text;
        token_arrived();
      }
    } else if (key == "reasoning_content" || (key == "reasoning" && !has_reasoning_content)) {
      if (!value.is_string()) continue;
      has_reasoning_ = true;
      const auto& text = value.get_ref<const std::string&>();
      if (!text.empty()) {
        reasoning_ += text;
        token_arrived();
      }
    } else if (key == "reasoning") {
      continue;  // the same text as reasoning_content
    } else if (key == "tool_calls") {
      if (!value.is_array()) continue;
      for (size_t i = 0; i < value.size(); ++i) add_tool_call(value[i], i);
    } else if (value.is_string()) {
      Json& slot = other_fields_[key];
      if (slot.is_string()) {
        slot.get_ref<std::string&>() += value.get_ref<const std::string&>();
      } else {
        slot = value;
      }
    } else {
      other_fields_[key] = value;
    }
  }
}

void ChatStreamAccumulator::add_tool_call(const Json& call, size_t position) {
  if (!call.is_object()) return;
  auto index = call.find("index");
  const long long key = index != call.end() && index->is_number_integer()
                            ? index->get<long long>()
                            : static_cast<long long>(position);
  ToolCallParts& parts = tool_calls_[key];
  if (auto id = call.find("id"); id != call.end() && id->is_string() && !parts.id) {
    parts.id = id->get<std::string>();
  }
  if (auto type = call.find("type"); type != call.end() && type->is_string()) {
    parts.type = type->get<std::string>();
  }
  if (auto fn = call.find("function"); fn != call.end() && fn->is_object()) {
    if (auto name = fn->find("name");
        name != fn->end() && name->is_string() && parts.name.empty()) {
      parts.name = name->get<std::string>();
    }
    if (auto args = fn->find("arguments"); args != fn->end() && args->is_string()) {
      parts.arguments += args->get_ref<const std::string&>();
    }
  }
  token_arrived();
}

void ChatStreamAccumulator::token_arrived() {
  if (!first_token_at_) first_token_at_ = std::chrono::steady_clock::now();
}

Json ChatStreamAccumulator::message() const {
  Json m = other_fields_;
  m["role"] = role_;
  m["content"] = has_content_ ? Json(content_) : Json(nullptr);
  if (has_reasoning_) m["reasoning_content"] = reasoning_;
  if (!tool_calls_.empty()) {
    Json calls = Json::array();
    for (const auto& [index, parts] : tool_calls_) {
      Json call{{"type", parts.type.empty() ? "function" : parts.type},
                {"function", {{"name", parts.name}, {"arguments", parts.arguments}}}};
      if (parts.id) call["id"] = *parts.id;
      calls.push_back(std::move(call));
    }
    m["tool_calls"] = std::move(calls);
  }
  return m;
}

Json ChatStreamAccumulator::completion() const {
  Json c = header_;
  c["object"] = "chat.completion";
  Json choice{{"index", 0}, {"message", message()}};
  choice["finish_reason"] = finish_reason_ ? Json(*finish_reason_) : Json(nullptr);
  c["choices"] = Json::array({std::move(choice)});
  if (usage_) c["usage"] = usage_raw_;
  return c;
}

}  // namespace evp::llm
