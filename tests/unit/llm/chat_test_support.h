// Test helpers for ChatClient tests: an endpoint pointing at the fake server (a test
// double) with fast retries, and a one-call runner.
#pragma once

#include <boost/asio/io_context.hpp>
#include <string>

#include "llm/chat_client.h"
#include "support/fake_openai/fake_openai_server.h"
#include "unit/llm/run_on_loop.h"

namespace evp::llm::test {

inline Endpoint fake_endpoint(const evp::test::FakeOpenAiServer& server) {
  Endpoint e;
  e.base_url = server.base_url();
  e.model = "test-model";
  e.api_key = "sk-test-123";
  e.retry.base_delay_s = 0.001;
  e.retry.max_delay_s = 0.01;
  e.retry.timeout_s = 10;
  return e;
}

inline ChatRequest user_says(const std::string& text) {
  ChatRequest r;
  r.messages = {model::make_message("user", text)};
  return r;
}

// One complete() on a fresh loop, HTTP client and chat client.
inline ChatResult chat_once(const Endpoint& endpoint, ChatRequest request) {
  boost::asio::io_context io;
  HttpClient http(io);
  ChatClient client(io, http, endpoint);
  return run_on_loop(io, client.complete(std::move(request)));
}

}  // namespace evp::llm::test
