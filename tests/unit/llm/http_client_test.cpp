// HttpClient against the fake OpenAI server (a test double), once per engine (BeastEngine,
// the default for http://, and CurlEngine, forced with EVP_HTTP_ENGINE=curl): request and
// response exactly as sent, streaming callbacks, keep-alive reuse (and a retry when the
// server closed an idle connection), Connection: close, repeated headers, transport errors,
// timeouts, and shutdown with requests in flight.
#include "llm/http_client.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/fake_openai/fake_openai_server.h"
#include "unit/llm/canned_http_server.h"
#include "unit/llm/run_on_loop.h"

namespace evp::llm {
namespace {

namespace asio = boost::asio;
using evp::test::FakeOpenAiServer;
using evp::test::FakeReply;
using test::CannedHttpServer;
using test::run_on_loop;
using Clock = std::chrono::steady_clock;

HttpRequest post(const FakeOpenAiServer& server, std::string body) {
  HttpRequest r;
  r.url = server.base_url() + "/chat/completions";
  r.headers = {"Content-Type: application/json", "X-Trace: abc"};
  r.body = std::move(body);
  return r;
}

// Runs each test with EVP_HTTP_ENGINE set for the engine under test (HttpClient reads it
// when constructed), restoring the variable afterwards.
class HttpClientTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const char* v = std::getenv(kVariable)) saved_ = v;
    if (GetParam() == "curl") {
      setenv(kVariable, "curl", 1);
    } else {
      unsetenv(kVariable);
    }
  }
  void TearDown() override {
    if (saved_) {
      setenv(kVariable, saved_->c_str(), 1);
    } else {
      unsetenv(kVariable);
    }
  }
  bool curl() const { return GetParam() == "curl"; }

 private:
  static constexpr const char* kVariable = "EVP_HTTP_ENGINE";
  std::optional<std::string> saved_;
};

INSTANTIATE_TEST_SUITE_P(Engines, HttpClientTest, ::testing::Values("beast", "curl"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

// One request on a fresh loop and client.
HttpResponse send_on_fresh_client(HttpRequest r) {
  asio::io_context io;
  HttpClient http(io);
  return run_on_loop(io, http.send(std::move(r)));
}

// One POST to a canned server.
HttpResponse send_to(const CannedHttpServer& server, std::string body) {
  HttpRequest r;
  r.url = server.url();
  r.body = std::move(body);
  return send_on_fresh_client(std::move(r));
}

// One request whose body bytes are appended to `streamed` as they arrive.
HttpResponse send_streaming(HttpRequest r, std::string& streamed) {
  r.on_data = [&streamed](std::string_view bytes) { streamed.append(bytes); };
  return send_on_fresh_client(std::move(r));
}

TEST_P(HttpClientTest, SendsTheRequestAndReadsTheResponse) {
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
  EXPECT_EQ(requests[0].headers.at("content-length"), "7");
  EXPECT_EQ(requests[0].headers.at("host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(requests[0].headers.count("expect"), 0u);
}

// curl's conventions: a caller's Host replaces the default, "Name:" with no value removes
// a header, "Name;" sends it empty.
TEST_P(HttpClientTest, SendsCallerHeadersVerbatim) {
  FakeOpenAiServer server;
  asio::io_context io;
  HttpClient http(io);
  HttpRequest r = post(server, "{}");
  r.headers = {"Host: models.internal", "Accept:", "X-Empty;", "X-Spaced:  two  words"};
  ASSERT_EQ(run_on_loop(io, http.send(std::move(r))).status, 200);
  const auto headers = server.requests().at(0).headers;
  EXPECT_EQ(headers.at("host"), "models.internal");
  EXPECT_EQ(headers.count("accept"), 0u);
  EXPECT_EQ(headers.at("x-empty"), "");
  EXPECT_EQ(headers.at("x-spaced"), "two  words");
}

TEST_P(HttpClientTest, GetsWithoutABody) {
  FakeOpenAiServer server;
  asio::io_context io;
  HttpClient http(io);
  HttpRequest r;
  r.method = "GET";
  r.url = server.base_url() + "/models?limit=5";
  const HttpResponse response = run_on_loop(io, http.send(std::move(r)));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(Json::parse(response.body)["data"][0]["id"], "fake-model");
  EXPECT_EQ(server.requests().at(0).method, "GET");
  EXPECT_EQ(server.requests().at(0).target, "/v1/models?limit=5");
  EXPECT_EQ(server.requests().at(0).body, "");
  EXPECT_EQ(server.requests().at(0).headers.count("content-length"), 0u);
}

TEST_P(HttpClientTest, StreamsBodyBytesToOnData) {
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

// A chunked stream reaches on_data event by event as the server sends it, not at the end.
TEST_P(HttpClientTest, StreamsChunkedResponsesInPiecesAsTheyArrive) {
  FakeOpenAiServer server;
  server.push(FakeReply::sse({Json{{"n", 1}}, Json{{"n", 2}}, Json{{"n", 3}}}, 0.1));
  asio::io_context io;
  HttpClient http(io);
  std::vector<std::string> pieces;
  std::vector<Clock::time_point> arrivals;
  HttpRequest r = post(server, "{}");
  r.on_data = [&](std::string_view bytes) {
    pieces.emplace_back(bytes);
    arrivals.push_back(Clock::now());
  };
  const HttpResponse response = run_on_loop(io, http.send(std::move(r)));
  ASSERT_FALSE(response.transport_error) << response.error;
  EXPECT_EQ(response.headers.at("transfer-encoding"), "chunked");
  ASSERT_GE(pieces.size(), 4u);  // 3 events and [DONE], 100 ms apart
  EXPECT_EQ(pieces.front(), "data: {\"n\":1}\n\n");
  EXPECT_GE(std::chrono::duration<double>(arrivals.back() - arrivals.front()).count(), 0.25);
  std::string all;
  for (const std::string& p : pieces) all += p;
  EXPECT_EQ(all, "data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: {\"n\":3}\n\ndata: [DONE]\n\n");
}

// A Content-Length body goes to on_data too, and HttpResponse::body stays empty.
TEST_P(HttpClientTest, StreamsAContentLengthBodyToOnData) {
  FakeOpenAiServer server;
  server.push(FakeReply::json(Json{{"text", std::string(100000, 'x')}}));
  std::string streamed;
  const HttpResponse response = send_streaming(post(server, "{}"), streamed);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(Json::parse(streamed)["text"].get<std::string>().size(), 100000u);
}

TEST_P(HttpClientTest, ReusesKeptAliveConnections) {
  FakeOpenAiServer server;
  asio::io_context io;
  HttpClient http(io);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(run_on_loop(io, http.send(post(server, "{}"))).status, 200);
  }
  EXPECT_EQ(server.request_count(), 20u);
  EXPECT_EQ(server.connection_count(), 1u);
}

// The server closed the kept-alive connection while it was idle (its keep-alive timeout):
// the next request fails on it before any response byte and is sent again, once, on a
// fresh connection, without the caller seeing anything.
TEST_P(HttpClientTest, RetriesOnAFreshConnectionWhenTheServerClosedAnIdleOne) {
  FakeOpenAiServer server;
  FakeReply reply = FakeReply::json(Json{{"n", 1}});
  reply.close_after_reply = true;
  server.push(reply);
  asio::io_context io;
  HttpClient http(io);
  EXPECT_EQ(run_on_loop(io, http.send(post(server, "{}"))).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the close has landed
  const HttpResponse second = run_on_loop(io, http.send(post(server, "{}")));
  EXPECT_FALSE(second.transport_error) << second.error;
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(server.request_count(), 2u);
  EXPECT_EQ(server.connection_count(), 2u);
}

// The same race without the pause: the next request may reach the socket before or after
// the server closes it; either way it is answered.
TEST_P(HttpClientTest, SurvivesServersClosingEveryConnectionAfterAnswering) {
  FakeOpenAiServer server;
  server.set_handler([](const evp::test::FakeRequest&) {
    FakeReply reply = FakeReply::json(Json{{"n", 1}});
    reply.close_after_reply = true;
    return reply;
  });
  asio::io_context io;
  HttpClient http(io);
  for (int i = 0; i < 20; ++i) {
    const HttpResponse r = run_on_loop(io, http.send(post(server, "{}")));
    EXPECT_EQ(r.status, 200) << r.error;
  }
  EXPECT_EQ(server.request_count(), 20u);
}

TEST_P(HttpClientTest, HonoursConnectionClose) {
  FakeOpenAiServer server;
  FakeReply closing = FakeReply::json(Json{{"n", 1}});
  closing.connection_close = true;
  server.push({closing, closing});
  asio::io_context io;
  HttpClient http(io);
  for (int i = 0; i < 4; ++i) {
    const HttpResponse r = run_on_loop(io, http.send(post(server, "{}")));
    EXPECT_EQ(r.status, 200) << r.error;
    if (i < 2) {
      EXPECT_EQ(r.headers.at("connection"), "close");
    }
  }
  EXPECT_EQ(server.request_count(), 4u);
  EXPECT_EQ(server.connection_count(), 3u);  // two closed by the server, then one kept
}

TEST_P(HttpClientTest, JoinsRepeatedHeaders) {
  CannedHttpServer server(
      "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX-Multi: x\r\nSet-Cookie: b=2\r\n"
      "x-multi:   y  \r\nContent-Length: 2\r\n\r\nok");
  const HttpResponse response = send_to(server, "{}");
  ASSERT_FALSE(response.transport_error) << response.error;
  EXPECT_EQ(response.body, "ok");
  EXPECT_EQ(response.headers.at("set-cookie"), "a=1, b=2");
  EXPECT_EQ(response.headers.at("x-multi"), "x, y");
}

TEST_P(HttpClientTest, SkipsAnInformationalHead) {
  CannedHttpServer server(
      "HTTP/1.1 100 Continue\r\nX-Early: 1\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
  const HttpResponse response = send_to(server, "{}");
  ASSERT_FALSE(response.transport_error) << response.error;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "hello");
  EXPECT_EQ(response.headers.count("x-early"), 0u);
  EXPECT_EQ(response.headers.at("content-type"), "text/plain");
}

// No Content-Length and no chunking: the body ends when the server closes.
TEST_P(HttpClientTest, ReadsABodyThatEndsWithTheConnection) {
  CannedHttpServer server("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
  const HttpResponse response = send_to(server, "");
  ASSERT_FALSE(response.transport_error) << response.error;
  EXPECT_EQ(response.body, "until the end");
}

TEST_P(HttpClientTest, ReportsAMalformedResponseAsTransportError) {
  CannedHttpServer server("SPDY/9 nonsense\r\n\r\n");
  const HttpResponse response = send_to(server, "");
  EXPECT_TRUE(response.transport_error);
  EXPECT_FALSE(response.timed_out);
  EXPECT_FALSE(response.error.empty());
  if (!curl()) {
    EXPECT_NE(response.error.find(server.authority()), std::string::npos) << response.error;
  }
}

TEST_P(HttpClientTest, ReportsAConnectionDroppedBeforeAnswering) {
  FakeOpenAiServer server;
  server.push(FakeReply::drop());
  asio::io_context io;
  HttpClient http(io);
  const HttpResponse response = run_on_loop(io, http.send(post(server, "{}")));
  EXPECT_TRUE(response.transport_error);
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.error.empty());
  EXPECT_EQ(server.request_count(), 1u);  // a fresh connection is not retried
}

TEST_P(HttpClientTest, ReportsAStreamCutShortAsTransportError) {
  FakeOpenAiServer server;
  FakeReply reply = FakeReply::sse({Json{{"n", 1}}, Json{{"n", 2}}});
  reply.drop_after_events = 1;
  server.push(reply);
  std::string streamed;
  const HttpResponse response = send_streaming(post(server, "{}"), streamed);
  EXPECT_TRUE(response.transport_error);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(streamed, "data: {\"n\":1}\n\n");
}

// A host name goes through a resolver (curl's threaded one, or Asio's).
TEST_P(HttpClientTest, ResolvesHostNames) {
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
  EXPECT_EQ(server.requests().at(0).headers.at("host"),
            "localhost:" + std::to_string(server.port()));
}

TEST_P(HttpClientTest, ReportsAnUnknownHostAsTransportError) {
  asio::io_context io;
  HttpClient http(io);
  HttpRequest r;
  r.url = "http://no-such-host.invalid:8000/v1/chat/completions";
  r.timeout_s = 10;
  const HttpResponse response = run_on_loop(io, http.send(std::move(r)));
  EXPECT_TRUE(response.transport_error);
  EXPECT_FALSE(response.timed_out);
  EXPECT_NE(response.error.find("resolve"), std::string::npos) << response.error;
}

TEST_P(HttpClientTest, ReportsARefusedConnectionAsTransportError) {
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
  EXPECT_NE(response.error.find(std::to_string(closed_port)), std::string::npos);
}

TEST_P(HttpClientTest, TimesOut) {
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

// The timeout covers the whole exchange, a stream that stalls part-way included; the
// connection it timed out on is not reused.
TEST_P(HttpClientTest, TimesOutInTheMiddleOfAStream) {
  FakeOpenAiServer server;
  server.push(FakeReply::sse({Json{{"n", 1}}, Json{{"n", 2}}}, 2.0));
  asio::io_context io;
  HttpClient http(io);
  std::string streamed;
  HttpRequest r = post(server, "{}");
  r.timeout_s = 0.3;
  r.on_data = [&](std::string_view bytes) { streamed.append(bytes); };
  const HttpResponse response = run_on_loop(io, http.send(std::move(r)));
  EXPECT_TRUE(response.transport_error);
  EXPECT_TRUE(response.timed_out);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(streamed, "data: {\"n\":1}\n\n");
  EXPECT_LT(response.seconds, 1.5);
  EXPECT_EQ(run_on_loop(io, http.send(post(server, "{}"))).status, 200);
  EXPECT_EQ(server.connection_count(), 2u);
}

TEST_P(HttpClientTest, ReportsAnExceptionFromOnDataAndAbortsTheTransfer) {
  FakeOpenAiServer server;
  asio::io_context io;
  HttpClient http(io);
  HttpRequest r = post(server, "{}");
  r.on_data = [](std::string_view) { throw std::runtime_error("parser exploded"); };
  const HttpResponse response = run_on_loop(io, http.send(std::move(r)));
  EXPECT_TRUE(response.transport_error);
  EXPECT_EQ(response.error, "response handler failed: parser exploded");
}

TEST_P(HttpClientTest, CountsRequestsInFlight) {
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

// Many requests at once each get their own connection; the next wave reuses them (with the
// Beast engine, all of them: its pool has no cap).
TEST_P(HttpClientTest, ServesManyConcurrentRequests) {
  evp::test::FakeServerOptions options;
  options.latency_s = 0.1;
  options.record_requests = false;
  FakeOpenAiServer server(options);
  asio::io_context io;
  HttpClient http(io);
  int ok = 0;
  std::vector<size_t> connections;
  for (int wave = 0; wave < 2; ++wave) {
    for (int i = 0; i < 100; ++i) {
      asio::co_spawn(
          io,
          [&]() -> asio::awaitable<void> {
            const HttpResponse r = co_await http.send(post(server, "{}"));
            ok += r.status == 200 ? 1 : 0;
          },
          asio::detached);
    }
    io.restart();
    io.run();
    connections.push_back(server.connection_count());
  }
  EXPECT_EQ(ok, 200);
  EXPECT_EQ(server.request_count(), 200u);
  EXPECT_GT(server.peak_concurrency(), 50);
  if (!curl()) {
    EXPECT_EQ(connections[1], connections[0]);  // curl's cache may keep fewer
  }
}

// Destroying the client while the loop still runs ends requests with `cancelled`.
TEST_P(HttpClientTest, DestroyingTheClientCancelsRequestsInFlight) {
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
TEST_P(HttpClientTest, DestroyingEverythingWithRequestsInFlightIsSafe) {
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
