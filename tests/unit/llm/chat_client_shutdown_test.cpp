// Shutting down with calls in flight: destroying the ChatClient, the HttpClient or the
// whole loop never crashes, and waiting calls end CANCELLED promptly.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <memory>
#include <vector>

#include "llm/chat_client.h"
#include "unit/llm/chat_test_support.h"

namespace evp::llm {
namespace {

namespace asio = boost::asio;
using evp::test::FakeOpenAiServer;
using evp::test::FakeReply;
using evp::test::FakeServerOptions;
using model::StatusCode;
using test::fake_endpoint;
using test::user_says;

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void spawn_calls(asio::io_context& io, ChatClient& client, int n, std::vector<ChatResult>& out) {
  for (int i = 0; i < n; ++i) {
    asio::co_spawn(
        io,
        [&out, &client]() -> asio::awaitable<void> {
          out.push_back(co_await client.complete(user_says("q")));
        },
        asio::detached);
  }
}

// Ctrl-C: stop the loop, then destroy client, HTTP client and loop in declaration order,
// with calls waiting for permits, in HTTP exchanges and in backoff.
TEST(ChatShutdown, DestroyingEverythingMidFlightIsSafe) {
  FakeServerOptions options;
  options.latency_s = 5;
  FakeOpenAiServer server(options);
  server.push(FakeReply::error(503, "retry me", "server_error"));
  std::vector<ChatResult> results;
  {
    asio::io_context io;
    HttpClient http(io);
    Endpoint e = fake_endpoint(server);
    e.limits.concurrency = 10;
    e.retry.base_delay_s = 10;
    e.retry.max_delay_s = 10;
    ChatClient client(io, http, e);
    spawn_calls(io, client, 100, results);
    io.run_for(std::chrono::milliseconds(200));
    EXPECT_EQ(client.in_flight(), 10u);
    io.stop();
  }
  EXPECT_TRUE(results.empty());
}

TEST(ChatShutdown, DestroyingTheChatClientCancelsWaitingCalls) {
  FakeServerOptions options;
  options.latency_s = 0.3;
  FakeOpenAiServer server(options);
  asio::io_context io;
  HttpClient http(io);
  Endpoint e = fake_endpoint(server);
  e.limits.concurrency = 2;
  auto client = std::make_unique<ChatClient>(io, http, e);
  std::vector<ChatResult> results;
  spawn_calls(io, *client, 6, results);
  io.run_for(std::chrono::milliseconds(50));
  client.reset();
  const auto start = std::chrono::steady_clock::now();
  io.run_for(std::chrono::milliseconds(100));
  ASSERT_EQ(results.size(), 4u);  // the four waiting for a permit, at once
  for (const ChatResult& r : results) {
    EXPECT_EQ(r.code, StatusCode::kCancelled);
    EXPECT_EQ(r.error, "cancelled: the chat client was shut down");
    EXPECT_EQ(r.attempts, 1);
  }
  io.restart();
  io.run();  // the two in their HTTP exchange finish it
  EXPECT_LT(seconds_since(start), 1.0);
  ASSERT_EQ(results.size(), 6u);
  EXPECT_TRUE(results[4].ok);
  EXPECT_TRUE(results[5].ok);
  EXPECT_EQ(server.request_count(), 2u);
}

TEST(ChatShutdown, DestroyingTheChatClientCutsBackoffShort) {
  FakeOpenAiServer server;
  FakeReply busy = FakeReply::error(503, "busy", "server_error");
  busy.headers.emplace_back("Retry-After", "30");
  server.push(busy);
  asio::io_context io;
  HttpClient http(io);
  auto client = std::make_unique<ChatClient>(io, http, fake_endpoint(server));
  std::vector<ChatResult> results;
  spawn_calls(io, *client, 1, results);
  io.run_for(std::chrono::milliseconds(200));
  ASSERT_EQ(server.request_count(), 1u);
  client.reset();
  const auto start = std::chrono::steady_clock::now();
  io.restart();
  io.run();
  EXPECT_LT(seconds_since(start), 1.0);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].code, StatusCode::kCancelled);
  EXPECT_EQ(results[0].attempts, 1);
}

TEST(ChatShutdown, DestroyingTheHttpClientFirstCancelsWithoutRetrying) {
  FakeServerOptions options;
  options.latency_s = 5;
  FakeOpenAiServer server(options);
  asio::io_context io;
  auto http = std::make_unique<HttpClient>(io);
  ChatClient client(io, *http, fake_endpoint(server));
  std::vector<ChatResult> results;
  spawn_calls(io, client, 3, results);
  io.run_for(std::chrono::milliseconds(200));
  http.reset();
  const auto start = std::chrono::steady_clock::now();
  io.restart();
  io.run();
  EXPECT_LT(seconds_since(start), 1.0);
  ASSERT_EQ(results.size(), 3u);
  for (const ChatResult& r : results) {
    EXPECT_EQ(r.code, StatusCode::kCancelled);
    EXPECT_EQ(r.error, "cancelled: the HTTP client was shut down");
    EXPECT_EQ(r.attempts, 1);
  }
  // Later calls are answered at once, without a connection.
  std::vector<ChatResult> late;
  spawn_calls(io, client, 1, late);
  io.restart();
  io.run();
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].code, StatusCode::kCancelled);
  EXPECT_EQ(server.request_count(), 3u);
}

}  // namespace
}  // namespace evp::llm
