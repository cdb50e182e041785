// ReplayChatModel: canned responses read from a JSONL file, so a suite runs with no API key
// and no network. Each line answers one row (and optionally one run):
//   {"row_id": "q1", "run": 0, "content": "...", "reasoning_content": "...",
//    "finish_reason": "stop", "usage": {"prompt_tokens": 9, "completion_tokens": 3},
//    "delay_ms": 120}
// "run" absent means every run; "prompt" (the last user message's text) may stand in for
// "row_id". "delay_ms" is really waited on the event loop, so latencies are measured, not
// invented. A rollout with no canned answer fails with NOT_FOUND, recorded like any error.
#pragma once

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <utility>

#include "llm/chat_model.h"

namespace evp::llm {

struct CannedResponse {
  Json message;  // {"role":"assistant","content":...}
  std::optional<std::string> finish_reason;
  std::optional<model::Usage> usage;
  double delay_s = 0;
};

class ReplayChatModel : public ChatModel {
 public:
  // Throws evp::InputError naming file:line for a malformed line.
  ReplayChatModel(boost::asio::io_context& io, const std::filesystem::path& file);
  boost::asio::awaitable<ChatResult> complete(ChatRequest request, std::string row_id,
                                              int run) override;
  std::string cache_identity() const override { return ""; }
  size_t size() const { return by_row_.size() + by_prompt_.size(); }

 private:
  const CannedResponse* find(const ChatRequest& request, const std::string& row_id, int run) const;

  boost::asio::io_context& io_;
  std::string file_;
  // Keyed by (row_id or prompt, run); run -1 answers every run.
  std::map<std::pair<std::string, int>, CannedResponse> by_row_;
  std::map<std::pair<std::string, int>, CannedResponse> by_prompt_;
};

}  // namespace evp::llm
