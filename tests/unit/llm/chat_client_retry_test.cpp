// ChatClient retries and failures: which errors are retried, Retry-After, backoff, error
// text and status codes, and that the API key never reaches an error.
#include <gtest/gtest.h>

#include "llm/chat_client.h"
#include "unit/llm/chat_test_support.h"

namespace evp::llm {
namespace {

using evp::test::FakeOpenAiServer;
using evp::test::FakeReply;
using model::StatusCode;
using test::chat_once;
using test::fake_endpoint;
using test::user_says;

TEST(ChatRetry, WaitsOutRetryAfterOnA429) {
  FakeOpenAiServer server;
  server.push(FakeReply::rate_limited("1"));
  const ChatResult result = chat_once(fake_endpoint(server), user_says("hi"));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.attempts, 2);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  const double waited = requests[1].received_s - requests[0].received_s;
  EXPECT_GE(waited, 1.0);  // backoff alone would be at most 1 ms
  EXPECT_LT(waited, 1.5);
}

TEST(ChatRetry, RetriesA500ThenSucceeds) {
  FakeOpenAiServer server;
  server.push(FakeReply::error(500, "boom", "server_error"));
  const ChatResult result = chat_once(fake_endpoint(server), user_says("hi"));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(result.message["content"], "hi");
  EXPECT_EQ(server.request_count(), 2u);
}

TEST(ChatRetry, RetriesADroppedConnection) {
  FakeOpenAiServer server;
  server.push(FakeReply::drop());
  const ChatResult result = chat_once(fake_endpoint(server), user_says("hi"));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(server.request_count(), 2u);
}

TEST(ChatRetry, A400IsFinalAndCarriesTheServerMessage) {
  FakeOpenAiServer server;
  server.push(FakeReply::error(400, "Invalid value for 'temperature': must be at most 2."));
  server.push(FakeReply::completion("must not be reached"));
  const ChatResult result = chat_once(fake_endpoint(server), user_says("hi"));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(result.http_status, 400);
  EXPECT_EQ(result.code, StatusCode::kInvalidArgument);
  EXPECT_EQ(result.error, "HTTP 400: Invalid value for 'temperature': must be at most 2.");
  EXPECT_EQ(server.request_count(), 1u);
  EXPECT_EQ(server.pending_replies(), 1u);
}

TEST(ChatRetry, GivesUpAfterMaxAttempts) {
  FakeOpenAiServer server;
  for (int i = 0; i < 3; ++i) server.push(FakeReply::error(503, "overloaded", "server_error"));
  server.push(FakeReply::completion("must not be reached"));
  Endpoint e = fake_endpoint(server);
  e.retry.max_attempts = 3;
  const ChatResult result = chat_once(e, user_says("hi"));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(result.http_status, 503);
  EXPECT_EQ(result.code, StatusCode::kUnavailable);
  EXPECT_EQ(result.error, "HTTP 503: overloaded (after 3 attempts)");
  EXPECT_EQ(server.request_count(), 3u);
}

TEST(ChatRetry, RetriesMalformedJson) {
  FakeOpenAiServer server;
  server.push(FakeReply::malformed());
  const ChatResult result = chat_once(fake_endpoint(server), user_says("hi"));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.attempts, 2);
}

TEST(ChatRetry, ReportsMalformedJsonWhenOutOfAttempts) {
  FakeOpenAiServer server;
  server.push(FakeReply::malformed(R"({"choices": [)"));  // 13 bytes, ends early
  server.push(FakeReply::json(Json{{"choices", Json::array()}}));
  Endpoint e = fake_endpoint(server);
  e.retry.max_attempts = 1;
  ChatResult result = chat_once(e, user_says("hi"));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.code, StatusCode::kInternal);
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.error, "HTTP 200 with malformed JSON in the response body at byte 14");
  result = chat_once(e, user_says("hi"));
  EXPECT_EQ(result.error, "HTTP 200 with the response has no choices[0]");
}

TEST(ChatRetry, TimesOutWithDeadlineExceeded) {
  FakeOpenAiServer server;
  server.push(FakeReply::delayed_default(3.0));
  Endpoint e = fake_endpoint(server);
  e.retry.timeout_s = 0.2;
  e.retry.max_attempts = 1;
  const ChatResult result = chat_once(e, user_says("hi"));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.code, StatusCode::kDeadlineExceeded);
  EXPECT_EQ(result.error, "request timed out after 0.2 s");
  EXPECT_GE(result.total_s, 0.2);
  EXPECT_LT(result.total_s, 1.0);
}

TEST(ChatRetry, RetriesATimeout) {
  FakeOpenAiServer server;
  server.push(FakeReply::delayed_default(3.0));
  Endpoint e = fake_endpoint(server);
  e.retry.timeout_s = 0.3;
  const ChatResult result = chat_once(e, user_says("hi"));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.attempts, 2);
}

TEST(ChatRetry, NeverPutsTheApiKeyInAnError) {
  FakeOpenAiServer server;
  const std::string key = "sk-live-SECRET42";
  server.push(FakeReply::error(401, "Incorrect API key provided: " + key + ". Check " + key + "."));
  Endpoint e = fake_endpoint(server);
  e.api_key = key;
  const ChatResult result = chat_once(e, user_says("hi"));
  EXPECT_EQ(result.code, StatusCode::kUnauthenticated);
  EXPECT_EQ(result.error, "HTTP 401: Incorrect API key provided: [REDACTED]. Check [REDACTED].");
  EXPECT_EQ(result.error.find("SECRET42"), std::string::npos);
  EXPECT_EQ(server.requests().at(0).headers.at("authorization"), "Bearer " + key);
}

TEST(ChatRetry, MapsForbiddenAndNotFound) {
  FakeOpenAiServer server;
  server.push(FakeReply::error(403, "no access"));
  server.push(FakeReply::error(404, "The model `x` does not exist"));
  const Endpoint e = fake_endpoint(server);
  const ChatResult forbidden = chat_once(e, user_says("hi"));
  EXPECT_EQ(forbidden.code, StatusCode::kPermissionDenied);
  EXPECT_EQ(forbidden.error, "HTTP 403: no access");
  const ChatResult missing = chat_once(e, user_says("hi"));
  EXPECT_EQ(missing.code, StatusCode::kNotFound);
  EXPECT_EQ(missing.error, "HTTP 404: The model `x` does not exist");
  EXPECT_EQ(server.request_count(), 2u);
}

TEST(ChatRetry, RetriesAStreamCutShort) {
  FakeOpenAiServer server;
  FakeReply cut = FakeReply::sse({evp::test::make_chunk(Json{{"content", "par"}})});
  cut.drop_after_events = 1;
  server.push(cut);
  Endpoint e = fake_endpoint(server);
  e.stream = true;
  const ChatResult result = chat_once(e, user_says("whole answer"));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(result.message["content"], "whole answer");
}

TEST(ChatRetry, ReportsAStreamErrorEvent) {
  FakeOpenAiServer server;
  server.push(FakeReply::sse({evp::test::make_chunk(Json{{"content", "par"}}),
                              Json{{"error", {{"message", "upstream overloaded"}}}}}));
  Endpoint e = fake_endpoint(server);
  e.stream = true;
  e.retry.max_attempts = 1;
  const ChatResult result = chat_once(e, user_says("hi"));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.code, StatusCode::kUnavailable);
  EXPECT_EQ(result.error, "the stream reported an error: upstream overloaded");
}

TEST(ChatRetry, ReportsAStreamEndingBeforeDone) {
  FakeOpenAiServer server;
  FakeReply unfinished;
  unfinished.sse_events = {dump_json(evp::test::make_chunk(Json{{"content", "par"}}))};
  server.push(unfinished);
  Endpoint e = fake_endpoint(server);
  e.stream = true;
  e.retry.max_attempts = 1;
  const ChatResult result = chat_once(e, user_says("hi"));
  EXPECT_EQ(result.error, "the stream ended before [DONE]");
}

TEST(ChatRetry, ReportsTransportErrors) {
  unsigned short closed_port;
  {
    FakeOpenAiServer gone;
    closed_port = gone.port();
  }
  Endpoint e;
  e.base_url = "http://127.0.0.1:" + std::to_string(closed_port) + "/v1";
  e.model = "m";
  e.retry.max_attempts = 2;
  e.retry.base_delay_s = 0.001;
  const ChatResult result = chat_once(e, user_says("hi"));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.code, StatusCode::kUnavailable);
  EXPECT_EQ(result.http_status, 0);
  EXPECT_EQ(result.error.rfind("transport error: Failed to connect to 127.0.0.1 port ", 0), 0u)
      << result.error;
  EXPECT_TRUE(result.error.ends_with(" (after 2 attempts)")) << result.error;
}

}  // namespace
}  // namespace evp::llm
