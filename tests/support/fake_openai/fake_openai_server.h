// TEST DOUBLE, not a model: a scripted OpenAI-compatible HTTP server for tests. Boost.Beast
// on 127.0.0.1 (ephemeral port by default) with its own thread; serves hundreds of
// concurrent keep-alive connections.
//
// POST .../chat/completions takes the next scripted FakeReply (push), else the handler
// (set_handler), else default_reply (fake_reply.h: echoes the last user message, "CALL"
// directives become tool calls, streams when asked). GET .../models lists options.model.
// Anything else is a 404 in OpenAI's error shape. Every request is recorded, and the
// server tracks how many requests it was answering at once (peak_concurrency).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "support/fake_openai/fake_reply.h"

namespace evp::test {

class FakeOpenAiServer {
 public:
  explicit FakeOpenAiServer(FakeServerOptions options = {});
  ~FakeOpenAiServer();  // stops the thread; connections are closed
  FakeOpenAiServer(const FakeOpenAiServer&) = delete;
  FakeOpenAiServer& operator=(const FakeOpenAiServer&) = delete;

  unsigned short port() const;
  std::string base_url() const;  // "http://127.0.0.1:PORT/v1"

  // Scripted replies for chat requests, consumed in arrival order.
  void push(FakeReply reply);
  void push(const std::vector<FakeReply>& replies);
  size_t pending_replies() const;
  // Answers chat requests when no scripted reply is queued (runs on the server thread).
  void set_handler(std::function<FakeReply(const FakeRequest&)> handler);

  std::vector<FakeRequest> requests() const;  // in arrival order
  size_t request_count() const;               // counted even when not recorded
  int peak_concurrency() const;  // most requests between read and fully answered at once
  int active_requests() const;
  size_t connection_count() const;  // TCP connections accepted (keep-alive reuse shows here)
  void reset_stats();               // forgets recorded requests, count and peak

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace evp::test
