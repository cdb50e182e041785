// Server-sent events at /api/events: events produced by the API's poll reach every
// subscriber, pings keep the stream alive, polls never overlap, a client that leaves or
// falls behind frees its subscriber, and stopping the server ends the streams.
#include <gtest/gtest.h>

#include "http_test_client.h"
#include "server/sse_hub.h"
#include "test_server.h"

namespace evp::server::test {
namespace {

using namespace std::chrono_literals;

// Waits until `condition` holds (true) or `timeout` passes (false).
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

ServerOptions fast_polls() {
  ServerOptions options;
  options.poll_interval = 20ms;
  return options;
}

TEST(SseFormat, EventLinesAndCompactJson) {
  EXPECT_EQ(format_sse_event({"experiment", Json{{"id", "x"}, {"done", 3}, {"text", "a\nb"}}}),
            "event: experiment\ndata: {\"done\":3,\"id\":\"x\",\"text\":\"a\\nb\"}\n\n");
  EXPECT_EQ(format_sse_event({"bad\r\nname", Json{{"battles", 2}}}),
            "event: badname\ndata: {\"battles\":2}\n\n");
  EXPECT_EQ(kSsePing, ": ping\n\n");
}

TEST(ServerSentEvents, PolledEventsReachEverySubscriber) {
  TestServer server(fast_polls());
  TestConnection a(server.port());
  TestConnection b(server.port());
  a.send(http::verb::get, "/api/events", {}, "");
  b.send(http::verb::get, "/api/events", {}, "");
  const Response head = a.read_stream_head();
  b.read_stream_head();
  EXPECT_EQ(head.result_int(), 200u);
  EXPECT_EQ(header(head, "Content-Type"), "text/event-stream");
  EXPECT_EQ(header(head, "Cache-Control"), "no-store");
  EXPECT_EQ(header(head, "Content-Length"), "");
  EXPECT_EQ(server.server().event_subscribers(), 2u);

  server.backend().push_event(
      {"experiment",
       Json{{"id", "e1"}, {"suite", "s"}, {"status", "running"}, {"done", 3}, {"total", 10}}});
  const std::string expected =
      "event: experiment\ndata: "
      "{\"done\":3,\"id\":\"e1\",\"status\":\"running\",\"suite\":\"s\",\"total\":10}\n\n";
  EXPECT_TRUE(a.read_until(expected).has_value()) << a.text();
  EXPECT_TRUE(b.read_until(expected).has_value()) << b.text();
  server.backend().push_event({"battles", Json{{"battles", 12}}});
  const auto second = a.read_until("event: battles\ndata: {\"battles\":12}\n\n");
  ASSERT_TRUE(second.has_value()) << a.text();
  EXPECT_GT(*second, a.text().find(expected));  // in the order they were polled
}

TEST(ServerSentEvents, PingsEveryInterval) {
  ServerOptions options = fast_polls();
  options.ping_interval = 150ms;
  TestServer server(options);
  TestConnection c(server.port());
  c.send(http::verb::get, "/api/events", {}, "");
  c.read_stream_head();
  const auto first = c.read_until(": ping\n\n", 0, 2s);
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(c.read_until(": ping\n\n", *first + 1, 2s).has_value());
}

TEST(ServerSentEvents, DefaultPingIntervalIsFifteenSeconds) {
  EXPECT_EQ(ServerOptions{}.ping_interval, 15s);
  EXPECT_EQ(ServerOptions{}.poll_interval, 500ms);
}

TEST(ServerSentEvents, PollsAreRegularAndNeverOverlap) {
  ServerOptions options;
  options.poll_interval = 10ms;
  TestServer server(options);
  server.backend().set_poll_delay(30ms);
  EXPECT_TRUE(eventually([&] { return server.backend().polls() >= 10; }));
  EXPECT_EQ(server.backend().max_concurrent_polls(), 1);
}

TEST(ServerSentEvents, PollsEveryHalfSecondByDefault) {
  TestServer server;
  std::this_thread::sleep_for(1200ms);
  // A first poll at start (the baseline), then one per 500 ms: 3 within 1.2 s.
  const int polls = server.backend().polls();
  EXPECT_GE(polls, 2);
  EXPECT_LE(polls, 4);
}

TEST(ServerSentEvents, ADisconnectFreesTheSubscriber) {
  TestServer server(fast_polls());
  TestConnection c(server.port());
  c.send(http::verb::get, "/api/events", {}, "");
  c.read_stream_head();
  EXPECT_EQ(server.server().event_subscribers(), 1u);
  EXPECT_EQ(server.server().open_connections(), 1u);
  c.close();
  // Noticed without any event being sent.
  EXPECT_TRUE(eventually([&] { return server.server().event_subscribers() == 0; }));
  EXPECT_TRUE(eventually([&] { return server.server().open_connections() == 0; }));
}

TEST(ServerSentEvents, AClientThatFallsBehindIsDropped) {
  ServerOptions options = fast_polls();
  options.event_backlog_bytes = 256 * 1024;
  TestServer server(options);
  Json big = Json::object();
  big["blob"] = std::string(32 * 1024, 'x');
  server.backend().repeat_event({"experiment", big});
  // This client never reads (and has a small receive buffer): the socket fills, its
  // queue grows past the bound, and the hub drops it.
  TestConnection stuck(server.port(), 4096);
  stuck.send(http::verb::get, "/api/events", {}, "");
  TestConnection reader(server.port());
  reader.send(http::verb::get, "/api/events", {}, "");
  reader.read_stream_head();
  EXPECT_TRUE(eventually([&] { return server.server().open_connections() == 1; }, 10s));
  // The reading client is still served.
  EXPECT_EQ(server.server().event_subscribers(), 1u);
  const size_t before = reader.text().size();
  EXPECT_TRUE(reader.read_until("event: experiment", before + 1).has_value());
}

TEST(ServerSentEvents, StoppingTheServerEndsTheStreams) {
  TestServer server(fast_polls());
  TestConnection c(server.port());
  c.send(http::verb::get, "/api/events", {}, "");
  c.read_stream_head();
  server.stop();
  EXPECT_TRUE(c.closed_by_server(2s));
  EXPECT_EQ(server.server().event_subscribers(), 0u);
}

TEST(ServerSentEvents, OnlyGet) {
  TestServer server;
  TestConnection c(server.port());
  const Response r = c.request(http::verb::post, "/api/events", {}, "");
  EXPECT_EQ(r.result_int(), 405u);
  EXPECT_EQ(header(r, "Allow"), "GET");
}

}  // namespace
}  // namespace evp::server::test
