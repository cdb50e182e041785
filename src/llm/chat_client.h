// ChatClient: chat completions against one OpenAI-compatible endpoint (OpenAI, Fireworks,
// vLLM, llama.cpp server, Ollama), plain or streamed, with the endpoint's limits
// (concurrency, requests and tokens per minute, adaptive backoff on 429) and retries.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <memory>

#include "llm/chat_body.h"
#include "llm/chat_types.h"
#include "llm/http_client.h"

namespace evp::llm {

namespace detail {
struct ChatClientState;
}

// Each complete() call:
//  1. waits for a concurrency permit (AsyncSemaphore; the limit is adaptive when
//     limits.adaptive), then for the RPM and TPM buckets (TPM charged with
//     estimate_request_tokens, reconciled with the real usage afterwards);
//  2. POSTs build_chat_body to {base_url}/chat/completions with Content-Type and, when the
//     key is set, "Authorization: Bearer KEY";
//  3. retries transport errors, timeouts, 408, 409, 429, 5xx, a 200 whose body is not a
//     usable completion (malformed JSON is a server fault worth one more try), and a stream
//     that reports an error or ends before [DONE]; the sleep is full jitter
//     (retry.h), at least the server's Retry-After. Any other 4xx is final.
// Use from the loop thread. Destroying the client ends waiting calls with CANCELLED;
// calls inside an HTTP exchange finish that exchange and then return without retrying.
// The HttpClient may be destroyed before or after the ChatClient.
class ChatClient {
 public:
  ChatClient(boost::asio::io_context& io, HttpClient& http, Endpoint endpoint);
  ~ChatClient();
  ChatClient(const ChatClient&) = delete;
  ChatClient& operator=(const ChatClient&) = delete;

  boost::asio::awaitable<ChatResult> complete(ChatRequest request);
  const Endpoint& endpoint() const;

  // The current concurrency limit (below limits.concurrency after 429s when adaptive).
  int concurrency_limit() const;
  // Calls holding a concurrency permit right now.
  size_t in_flight() const;

 private:
  std::shared_ptr<detail::ChatClientState> state_;
};

}  // namespace evp::llm
