// ChatStreamAccumulator: rebuilds one assistant message from streamed chat.completion.chunk
// objects. Deltas are joined per field: content, reasoning_content (also read from
// "reasoning", as Ollama and newer vLLM send it), tool_calls by their "index" (arguments
// concatenated), and any other string field (e.g. refusal); usage is the last non-null
// "usage" (OpenAI's final chunk with empty or null choices, or llama.cpp's finish chunk).
// Only choice 0 is kept.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "base/json.h"
#include "model/evaluation_row.h"

namespace evp::llm {

class ChatStreamAccumulator {
 public:
  // One parsed chunk. A chunk with an "error" member records error() instead.
  void add(const Json& chunk);

  // {"role", "content" (null if no content delta came), "reasoning_content"?,
  //  "tool_calls"?, other delta fields?}
  Json message() const;
  const std::optional<std::string>& finish_reason() const { return finish_reason_; }
  const std::optional<model::Usage>& usage() const { return usage_; }
  // A chat.completion object equivalent to the stream.
  Json completion() const;
  const std::string& error() const { return error_; }
  size_t chunks() const { return chunks_; }
  // When the first content, reasoning or tool-call delta arrived.
  const std::optional<std::chrono::steady_clock::time_point>& first_token_at() const {
    return first_token_at_;
  }

 private:
  struct ToolCallParts {
    std::optional<std::string> id;
    std::string type;
    std::string name;
    std::string arguments;
  };
  void add_delta(const Json& delta);
  void add_tool_call(const Json& call, size_t position);
  void token_arrived();

  size_t chunks_ = 0;
  std::string role_ = "assistant";
  std::string content_;
  bool has_content_ = false;
  std::string reasoning_;
  bool has_reasoning_ = false;
  std::map<long long, ToolCallParts> tool_calls_;
  Json other_fields_ = Json::object();
  std::optional<std::string> finish_reason_;
  std::optional<model::Usage> usage_;
  Json usage_raw_;
  Json header_ = Json::object();  // id, model, created, system_fingerprint of the stream
  std::string error_;
  std::optional<std::chrono::steady_clock::time_point> first_token_at_;
};

}  // namespace evp::llm
