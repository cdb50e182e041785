// The transport in front of the real REST API (HttpServer(io, Api&, ...)) over a temporary
// store: reads, a write with the token, and a live event produced by Api::poll_events when
// an experiment appears in the store while a browser listens.
#include <gtest/gtest.h>

#include <thread>

#include "api_fixture.h"
#include "http_test_client.h"
#include "server/http_server.h"

namespace evp::server::test {
namespace {

using namespace std::chrono_literals;

class HttpServerRealApi : public ApiTest {
 protected:
  void start(ServerOptions server_options = {}) {
    api = std::make_unique<Api>(db);
    server_options.host = "127.0.0.1";
    server_options.port = 0;
    server_options.token = "real-api-token";
    server = std::make_unique<HttpServer>(io, *api, server_options);
    server->listen();
    thread = std::thread([this] { io.run(); });
  }
  void TearDown() override {
    if (!thread.joinable()) return;
    server->stop();
    thread.join();
  }

  boost::asio::io_context io;
  std::unique_ptr<HttpServer> server;
  std::thread thread;
};

TEST_F(HttpServerRealApi, ServesReadsAndWritesFromTheStore) {
  create_experiment("exp 1", "math suite", 2, "2026-11-01T00:00:00Z");
  std::vector<Known> rollouts(1);
  rollouts[0].model = "org/model";
  rollouts[0].question = "q";
  rollouts[0].answer = "a";
  store_rollouts("exp 1", rollouts);
  start();
  TestConnection c(server->port());
  const Response info = c.get("/api/info");
  ASSERT_EQ(info.result_int(), 200u) << info.body();
  EXPECT_EQ(header(info, "Content-Type"), "application/json");
  EXPECT_EQ(Json::parse(info.body())["api"], "evp-api/1");
  // Percent-encoded path segment and query value reach the API decoded.
  const Response list = c.get("/api/experiments?suite=math+suite");
  ASSERT_EQ(list.result_int(), 200u) << list.body();
  ASSERT_EQ(Json::parse(list.body())["experiments"].size(), 1u);
  const Response rollout = c.get("/api/experiments/exp%201/rollout?model=org%2Fmodel&row=0&run=0");
  ASSERT_EQ(rollout.result_int(), 200u) << rollout.body();
  EXPECT_EQ(Json::parse(rollout.body())["model"], "org/model");
  EXPECT_EQ(c.get("/api/experiments/nope").result_int(), 404u);

  const std::string note = R"({"model":"org/model","row_index":0,"run":0,"note":"checked"})";
  EXPECT_EQ(
      c.request(http::verb::post, "/api/experiments/exp%201/annotations", {}, note).result_int(),
      401u);
  const Response added = c.request(http::verb::post, "/api/experiments/exp%201/annotations",
                                   {{"Authorization", "Bearer real-api-token"}}, note);
  ASSERT_EQ(added.result_int(), 200u) << added.body();
  EXPECT_EQ(Json::parse(added.body())["note"], "checked");
}

TEST_F(HttpServerRealApi, AnExperimentStoredWhileListeningArrivesAsAnEvent) {
  ServerOptions fast;
  fast.poll_interval = 50ms;
  fast.ping_interval = 100ms;
  start(fast);
  TestConnection events(server->port());
  events.send(http::verb::get, "/api/events", {}, "");
  ASSERT_EQ(events.read_stream_head().result_int(), 200u);
  // A ping comes after the first poll, which took the API's baseline.
  ASSERT_TRUE(events.read_until(": ping\n\n").has_value());
  create_experiment("exp-live", "live", 5, "2026-11-04T00:00:00Z", "running");
  const auto at = events.read_until("event: experiment\ndata: {");
  ASSERT_TRUE(at.has_value()) << events.text();
  const size_t data = events.text().find("data: ", *at) + 6;
  const size_t end = events.text().find("\n\n", data);
  ASSERT_NE(end, std::string::npos);
  const Json event = Json::parse(events.text().substr(data, end - data));
  EXPECT_EQ(event["id"], "exp-live");
  EXPECT_EQ(event["status"], "running");
  EXPECT_EQ(event["total"], 5);
}

}  // namespace
}  // namespace evp::server::test
