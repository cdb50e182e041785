// ChatModel: anything that answers a chat request for a rollout. An OpenAI-compatible
// endpoint (EndpointChatModel) or canned responses read from a file (ReplayChatModel).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "llm/chat_client.h"

namespace evp::llm {

class ChatModel {
 public:
  virtual ~ChatModel() = default;
  // `row_id` and `run` identify the rollout (a replay model answers by them).
  virtual boost::asio::awaitable<ChatResult> complete(ChatRequest request, std::string row_id,
                                                      int run) = 0;
  // What identifies this model's answers in the response cache (endpoint, model, params,
  // streaming); empty means "never cache" (canned answers cost nothing to recompute).
  virtual std::string cache_identity() const = 0;
};

// A ChatModel over an OpenAI-compatible endpoint (rate limits and retries in ChatClient).
class EndpointChatModel : public ChatModel {
 public:
  EndpointChatModel(boost::asio::io_context& io, HttpClient& http, Endpoint endpoint);
  boost::asio::awaitable<ChatResult> complete(ChatRequest request, std::string row_id,
                                              int run) override;
  std::string cache_identity() const override;

 private:
  ChatClient client_;
};

}  // namespace evp::llm
