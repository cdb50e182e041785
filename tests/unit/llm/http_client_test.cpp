// HttpClient against the fake OpenAI server (a test double): request and response
// exactly as sent, streaming callbacks, keep-alive reuse, transport errors, timeouts, and
// shutdown with requests in flight.
#include "llm/http_client.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <vector>

#include "support/fake_openai/fake_openai_server.h"
#include "unit/llm/run_on_loop.h"

namespace evp::llm {
namespace {

namespace asio = boost::asio;
using evp::test::FakeOpenAiServer;
using evp::test::FakeReply;
using test::run_on_loop;

HttpRequest post(const FakeOpenAiServer& server, std::string body) {
  HttpRequest r;
  r.url = server.base_url() + "/chat/completions";
  r.headers = {"Content-Type: application/json", "X-Trace: abc"};
  r.body = std::move(body);
  return r;
}

TEST(HttpClient, SendsTheRequestAndReadsTheResponse) {
  FakeOpenAiServer server;
  FakeReply reply = FakeReply::json(Json{{"ok", true}}, 201);
  reply.headers.emplace_back("X-Request-Id", "req-7");
  reply.headers.emplace_back("Set-Thing", "a");
  server.push(reply);
  asio::io_context io;
  HttpClient http(io);
  const HttpResponse r = run_on_loop(io, http.send(post(server, R"({"q":1})")));
  EXPECT_FALSE(r.transport_error);
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, R"({"ok":true})");
  EXPECT_EQ(r.headers.at("x-request-id"), "req-7");
  EXPECT_EQ(r.headers.at("content-type"), "application/json");
  EXPECT_EQ(r.headers.at("content-length"), "11");
  EXPECT_GT(r.seconds, 0.0);

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/v1/chat/completions");
  EXPECT_EQ(requests[0].body, R"({"q":1})");
  EXPECT_EQ(requests[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(requests[0].headers.at("x-trace"), "abc");
  EXPECT_EQ(requests[0].headers.count("expect"), 0u);
}

TEST(HttpClient, GetsWithoutABody) {
  FakeOpenAiServer server;
  asio::io_context io;
  HttpClient http(io);
  HttpRequest r;
  r.method = "GET";
  r.url = server.base_url() + "/models";
  const HttpResponse response = run_on_loop(io, http.send(std::move(r)));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(Json::parse(response.body)["data"][0]["id"], "fake-model");
  EXPECT_EQ(server.requests().at(0).method, "GET");
  EXPECT_EQ(server.requests().at(0).body, "");
}

TEST(HttpClient, StreamsBodyBytesToOnData) {
  FakeOpenAiServer server;
  server.push(FakeReply::sse({Json{{"n", 1}}, Json{{"n", 2}}}, 0.01));
  asio::io_context io;
  HttpClient http(io);
  std::string streamed;
  int calls = 0;
  HttpRequest r = post(server, "{}");
  r.on_data = [&](std::string_view bytes) {
    streamed.append(bytes);
    ++calls;
  };
  const HttpResponse response = run_on_loop(io, http.send(std::move(r)));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(streamed, "data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n");
  EXPECT_GE(calls, 2);  // the 10 ms gaps arrive as separate reads
  EXPECT_EQ(response.headers.at("content-type"), "text/event-stream");
}

TEST(HttpClient, ReusesKeptAliveConnections) {
  FakeOpenAiServer server;
  asio::io_context io;
  HttpClient http(io);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(run_on_loop(io, http.send(post(server, "{}"))).status, 200);
  }
  EXPECT_EQ(server.request_count(), 20u);
  EXPECT_EQ(server.connection_count(), 1u);
}

// A host name goes through curl's threaded resolver (a socketpair the loop also watches).
TEST(HttpClient, ResolvesHostNames) {
  FakeOpenAiServer server;
  asio::io_context io;
  HttpClient http(io);
  for (int i = 0; i < 3; ++i) {
    HttpRequest r;
    r.url = "http://localhost:" + std::to_string(server.port()) + "/v1/chat/completions";
    r.body = R"({"messages":[{"role":"user","content":"hi"}]})";
    const HttpResponse response = run_on_loop(io, http.send(std::move(r)));
    ASSERT_EQ(response.status, 200) << response.error;
  }
  EXPECT_EQ(server.request_count(), 3u);
}

TEST(HttpClient, ReportsARefusedConnectionAsTransportError) {
  unsigned short closed_port;
  {
    FakeOpenAiServer gone;
    closed_port = gone.port();
  }
  asio::io_context io;
  HttpClient http(io);
  HttpRequest r;
  r.url = "http://127.0.0.1:" + std::to_string(closed_port) + "/v1/chat/completions";
  const HttpResponse response = run_on_loop(io, http.send(std::move(r)));
  EXPECT_TRUE(response.transport_error);
  EXPECT_FALSE(response.timed_out);
  EXPECT_EQ(response.status, 0);
  EXPECT_NE(response.error.find("Failed to connect"), std::string::npos) << response.error;
}

TEST(HttpClient, TimesOut) {
  FakeOpenAiServer server;
  server.push(FakeReply::delayed_default(2.0));
  asio::io_context io;
  HttpClient http(io);
  HttpRequest r = post(server, "{}");
  r.timeout_s = 0.2;
  const HttpResponse response = run_on_loop(io, http.send(std::move(r)));
  EXPECT_TRUE(response.transport_error);
  EXPECT_TRUE(response.timed_out);
  EXPECT_GE(response.seconds, 0.2);
  EXPECT_LT(response.seconds, 1.0);
}

TEST(HttpClient, ReportsAnExceptionFromOnDataAndAbortsTheTransfer) {
  FakeOpenAiServer server;
  asio::io_context io;
  HttpClient http(io);
  HttpRequest r = post(server, "{}");
  r.on_data = [](std::string_view) { throw std::runtime_error("parser exploded"); };
  const HttpResponse response = run_on_loop(io, http.send(std::move(r)));
  EXPECT_TRUE(response.transport_error);
  EXPECT_EQ(response.error, "response handler failed: parser exploded");
}

TEST(HttpClient, CountsRequestsInFlight) {
  FakeOpenAiServer server;
  for (int i = 0; i < 3; ++i) server.push(FakeReply::delayed_default(0.1));
  asio::io_context io;
  HttpClient http(io);
  int done = 0;
  for (int i = 0; i < 3; ++i) {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          co_await http.send(post(server, "{}"));
          ++done;
        },
        asio::detached);
  }
  io.run_for(std::chrono::milliseconds(50));
  EXPECT_EQ(http.in_flight(), 3u);
  io.run();
  EXPECT_EQ(done, 3);
  EXPECT_EQ(http.in_flight(), 0u);
}

// Destroying the client while the loop still runs ends requests with `cancelled`.
TEST(HttpClient, DestroyingTheClientCancelsRequestsInFlight) {
  FakeOpenAiServer server;
  for (int i = 0; i < 5; ++i) server.push(FakeReply::delayed_default(5.0));
  asio::io_context io;
  auto http = std::make_unique<HttpClient>(io);
  std::vector<HttpResponse> responses;
  for (int i = 0; i < 5; ++i) {
    asio::co_spawn(
        io,
        [&, client = http.get()]() -> asio::awaitable<void> {
          responses.push_back(co_await client->send(post(server, "{}")));
        },
        asio::detached);
  }
  io.run_for(std::chrono::milliseconds(100));
  ASSERT_EQ(http->in_flight(), 5u);
  http.reset();
  const auto start = std::chrono::steady_clock::now();
  io.restart();
  io.run();
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);
  ASSERT_EQ(responses.size(), 5u);
  for (const HttpResponse& r : responses) {
    EXPECT_TRUE(r.cancelled);
    EXPECT_TRUE(r.transport_error);
    EXPECT_EQ(r.error, "cancelled: the HTTP client was shut down");
  }
}

// Ctrl-C: the loop is stopped with requests in flight, then everything is destroyed.
TEST(HttpClient, DestroyingEverythingWithRequestsInFlightIsSafe) {
  FakeOpenAiServer server;
  for (int i = 0; i < 50; ++i) server.push(FakeReply::delayed_default(5.0));
  int finished = 0;
  {
    asio::io_context io;
    HttpClient http(io);
    for (int i = 0; i < 50; ++i) {
      asio::co_spawn(
          io,
          [&]() -> asio::awaitable<void> {
            co_await http.send(post(server, "{}"));
            ++finished;
          },
          asio::detached);
    }
    io.run_for(std::chrono::milliseconds(200));
    EXPECT_EQ(http.in_flight(), 50u);
    io.stop();
  }
  EXPECT_EQ(finished, 0);
}

}  // namespace
}  // namespace evp::llm
