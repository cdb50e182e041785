// ChatClient limits, observed from the fake server (a test double): the concurrency
// limit, RPM spacing, TPM waits and reconciliation, AIMD on 429, and 1,000 concurrent
// requests served by one thread.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fstream>
#include <thread>
#include <vector>

#include "llm/chat_client.h"
#include "unit/llm/chat_test_support.h"

namespace evp::llm {
namespace {

namespace asio = boost::asio;
using evp::test::FakeOpenAiServer;
using evp::test::FakeReply;
using evp::test::FakeServerOptions;
using test::fake_endpoint;
using test::user_says;

// Starts `n` calls at once ("q0", "q1", ...) and runs the loop until all are done.
std::vector<ChatResult> complete_all(asio::io_context& io, ChatClient& client, int n) {
  std::vector<ChatResult> results(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    asio::co_spawn(
        io,
        [&, i]() -> asio::awaitable<void> {
          results[static_cast<size_t>(i)] =
              co_await client.complete(user_says("q" + std::to_string(i)));
        },
        asio::detached);
  }
  io.restart();
  io.run();
  return results;
}

std::vector<double> arrival_times(const FakeOpenAiServer& server) {
  std::vector<double> times;
  for (const auto& r : server.requests()) times.push_back(r.received_s);
  std::sort(times.begin(), times.end());
  return times;
}

TEST(ChatLimits, NeverExceedsTheConcurrencyLimit) {
  FakeServerOptions options;
  options.latency_s = 0.02;
  FakeOpenAiServer server(options);
  Endpoint e = fake_endpoint(server);
  e.limits.concurrency = 4;
  asio::io_context io;
  HttpClient http(io);
  ChatClient client(io, http, e);
  const auto results = complete_all(io, client, 40);
  for (const ChatResult& r : results) EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(server.request_count(), 40u);
  EXPECT_EQ(server.peak_concurrency(), 4);
  EXPECT_EQ(client.in_flight(), 0u);
}

TEST(ChatLimits, SpacesRequestsPerRpmAfterAOneSecondBurst) {
  FakeOpenAiServer server;
  Endpoint e = fake_endpoint(server);
  e.limits.rpm = 600;  // 10 per second, a burst of 10
  asio::io_context io;
  HttpClient http(io);
  ChatClient client(io, http, e);
  const auto results = complete_all(io, client, 15);
  for (const ChatResult& r : results) EXPECT_TRUE(r.ok) << r.error;
  const std::vector<double> t = arrival_times(server);
  ASSERT_EQ(t.size(), 15u);
  EXPECT_LT(t[9] - t[0], 0.1);  // the burst
  // Request k (k >= 10) was reserved (k - 9) / 10 s after the first; the first reservation
  // came a moment before the first arrival, hence the small slack below.
  for (size_t k = 10; k < 15; ++k) {
    const double due = static_cast<double>(k - 9) * 0.1;
    EXPECT_GE(t[k] - t[0], due - 0.03) << k;
    EXPECT_LT(t[k] - t[0], due + 0.25) << k;
  }
}

TEST(ChatLimits, WaitsForTokensPerMinute) {
  FakeOpenAiServer server;
  // Answers without usage, so nothing is reconciled.
  const Json no_usage = Json::parse(
      R"({"choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]})");
  server.push(FakeReply::json(no_usage));
  server.push(FakeReply::json(no_usage));
  Endpoint e = fake_endpoint(server);
  e.limits.tpm = 600000;  // 10,000 per second, bucket of 10,000
  e.params = Json{{"max_tokens", 10000}};
  // Each call is estimated at ceil(body bytes / 4) + 10,000: the first empties the bucket and
  // leaves a debt, the second waits until 10,000 have flowed back: estimate / rate seconds.
  const std::string body = dump_json(build_chat_body(e, user_says("q0")));
  const double estimate = static_cast<double>((body.size() + 3) / 4) + 10000;
  asio::io_context io;
  HttpClient http(io);
  ChatClient client(io, http, e);
  const auto results = complete_all(io, client, 2);
  for (const ChatResult& r : results) EXPECT_TRUE(r.ok) << r.error;
  const std::vector<double> t = arrival_times(server);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_GE(t[1] - t[0], estimate / 10000 - 0.02);
  EXPECT_LT(t[1] - t[0], estimate / 10000 + 0.2);
}

TEST(ChatLimits, ReconcilesTokensWithTheReportedUsage) {
  FakeOpenAiServer server;  // default answers report a handful of tokens
  Endpoint e = fake_endpoint(server);
  e.limits.tpm = 600000;
  e.params = Json{{"max_tokens", 10000}};
  asio::io_context io;
  HttpClient http(io);
  ChatClient client(io, http, e);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) {
    const ChatResult r = test::run_on_loop(io, client.complete(user_says("q")));
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_TRUE(r.usage.has_value());
    EXPECT_LT(r.usage->total_tokens, 10);
  }
  // Without reconciliation the second and third calls would each wait about a second.
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 0.5);
}

TEST(ChatLimits, HalvesConcurrencyOn429AndGrowsBack) {
  FakeServerOptions options;
  options.latency_s = 0.05;
  FakeOpenAiServer server(options);
  for (int i = 0; i < 8; ++i) {
    FakeReply limited = FakeReply::rate_limited("0");
    limited.delay_s = 0.05;  // all eight are in flight together
    server.push(limited);
  }
  Endpoint e = fake_endpoint(server);
  e.limits.concurrency = 8;
  e.limits.adaptive_increase_after = 100;
  asio::io_context io;
  HttpClient http(io);
  ChatClient client(io, http, e);
  auto results = complete_all(io, client, 8);
  for (const ChatResult& r : results) {
    EXPECT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.attempts, 2);
  }
  EXPECT_EQ(client.concurrency_limit(), 4);  // eight 429s from one epoch halve it once

  server.reset_stats();
  results = complete_all(io, client, 20);
  for (const ChatResult& r : results) EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(server.peak_concurrency(), 4);

  Endpoint growing = e;
  growing.limits.adaptive_increase_after = 2;
  ChatClient client2(io, http, growing);
  server.push(FakeReply::rate_limited("0"));
  ASSERT_TRUE(test::run_on_loop(io, client2.complete(user_says("a"))).ok);  // 429, then success 1
  EXPECT_EQ(client2.concurrency_limit(), 4);
  ASSERT_TRUE(test::run_on_loop(io, client2.complete(user_says("b"))).ok);  // success 2
  EXPECT_EQ(client2.concurrency_limit(), 5);
}

TEST(ChatLimits, NonAdaptiveKeepsItsLimit) {
  FakeOpenAiServer server;
  server.push(FakeReply::rate_limited("0"));
  Endpoint e = fake_endpoint(server);
  e.limits.concurrency = 8;
  e.limits.adaptive = false;
  asio::io_context io;
  HttpClient http(io);
  ChatClient client(io, http, e);
  ASSERT_TRUE(test::run_on_loop(io, client.complete(user_says("a"))).ok);
  EXPECT_EQ(client.concurrency_limit(), 8);
}

int thread_count() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "Threads:") {
      int n = 0;
      status >> n;
      return n;
    }
  }
  return -1;
}

TEST(ChatLimits, OneThousandConcurrentRequestsOnOneThread) {
  FakeServerOptions options;
  options.latency_s = 0.5;
  options.record_requests = false;
  FakeOpenAiServer server(options);
  Endpoint e = fake_endpoint(server);
  e.limits.concurrency = 1000;
  asio::io_context io;
  HttpClient http(io);
  ChatClient client(io, http, e);
  const int threads_before = thread_count();
  int most_threads = 0;
  size_t most_in_flight = 0;
  std::vector<std::thread::id> completed_on;
  const int n = 1000;
  std::vector<ChatResult> results(n);
  for (int i = 0; i < n; ++i) {
    asio::co_spawn(
        io,
        [&, i]() -> asio::awaitable<void> {
          results[static_cast<size_t>(i)] =
              co_await client.complete(user_says("q" + std::to_string(i)));
          completed_on.push_back(std::this_thread::get_id());
        },
        asio::detached);
  }
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        asio::steady_timer tick(io);
        while (completed_on.size() < static_cast<size_t>(n)) {
          most_threads = std::max(most_threads, thread_count());
          most_in_flight = std::max(most_in_flight, http.in_flight());
          tick.expires_after(std::chrono::milliseconds(10));
          co_await tick.async_wait(asio::use_awaitable);
        }
      },
      asio::detached);
  io.run();

  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(results[static_cast<size_t>(i)].ok)
        << i << ": " << results[static_cast<size_t>(i)].error;
    ASSERT_EQ(results[static_cast<size_t>(i)].message["content"], "q" + std::to_string(i));
  }
  EXPECT_EQ(completed_on.size(), static_cast<size_t>(n));
  EXPECT_TRUE(std::all_of(completed_on.begin(), completed_on.end(),
                          [](std::thread::id id) { return id == std::this_thread::get_id(); }));
  EXPECT_LE(most_threads, threads_before);  // no thread per request
  EXPECT_GE(most_in_flight, 900u);          // they really were in flight together
  EXPECT_GE(server.peak_concurrency(), 900);
  EXPECT_EQ(server.request_count(), static_cast<size_t>(n));
}

}  // namespace
}  // namespace evp::llm
