// A chat message in OpenAI's shape, as Eval Protocol's Message keeps it: content as a string
// or a list of parts, reasoning_content, name, tool_call_id, tool_calls, function_call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"

namespace evp::model {

struct FunctionCall {
  std::string name;
  std::string arguments;  // a JSON document as a string, exactly as the model sent it
  friend bool operator==(const FunctionCall&, const FunctionCall&) = default;
};

struct ToolCall {
  std::string id;
  std::string type = "function";
  FunctionCall function;
  Json extra = Json::object();  // keys we do not model (e.g. "index"), kept verbatim
  friend bool operator==(const ToolCall&, const ToolCall&) = default;
};

struct Message {
  std::string role;   // system, user, assistant, tool
  Json content = "";  // string, array of content parts, or null (omitted on output)
  std::optional<std::string> reasoning_content;
  std::optional<std::string> name;
  std::optional<std::string> tool_call_id;
  std::optional<std::vector<ToolCall>> tool_calls;
  std::optional<FunctionCall> function_call;
  std::optional<Json> control_plane_step;
  std::optional<int> weight;
  Json extra = Json::object();

  // The text of the content: the string itself, or the text parts joined by newlines.
  std::string text() const;

  friend bool operator==(const Message&, const Message&) = default;
};

Message make_message(std::string role, std::string content);

// Eval Protocol's own message fields: kept in rows, left out of what a chat-completions API
// is sent (chat_api_json, append_chat_api_json).
inline constexpr const char* kEvalProtocolMessageFields[] = {"control_plane_step",
                                                             "reasoning_content", "weight"};

}  // namespace evp::model
