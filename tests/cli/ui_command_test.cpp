// `evp ui` end to end: the printed URL (with the real port for --port 0) and write token,
// the web app and the API served from the store, the token required for writes, refusals
// (non-loopback without --token, port in use) with exit code 2, and a clean exit 0 on
// SIGINT and SIGTERM.
#include <signal.h>

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <optional>
#include <regex>
#include <thread>

#include "cli_fixture.h"
#include "unit/server/http_test_client.h"

namespace evp::test {
namespace {

using namespace std::chrono_literals;
using server::test::Response;
using server::test::TestConnection;
namespace http = boost::beast::http;

struct Started {
  std::string url;
  unsigned short port = 0;
  std::string token;  // empty when the server did not print one
};

class UiCommandTest : public CliTest {
 protected:
  // Waits for the "serving" line on stderr (and the token line after it).
  static std::optional<Started> wait_until_serving(ChildProcess& child) {
    const std::regex serving("evp ui: serving (http://[^ ]+:([0-9]+)) \\(store [^)]+\\)\n");
    const std::regex token_line("evp ui: write token: ([0-9a-f]{64}) \\(paste it");
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string err = child.err_so_far();
      std::smatch m;
      if (std::regex_search(err, m, serving) &&
          (err.find("write token") != std::string::npos ||
           err.find("given with --token") != std::string::npos)) {
        Started started;
        started.url = m[1];
        started.port = static_cast<unsigned short>(std::stoi(m[2]));
        std::smatch t;
        if (std::regex_search(err, t, token_line)) started.token = t[1];
        return started;
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }
};

TEST_F(UiCommandTest, ServesTheAppAndTheApiOnThePrintedPortAndStopsOnSigint) {
  ChildProcess child(spec({EVP_BINARY, "ui", "--port", "0"}));
  const auto started = wait_until_serving(child);
  ASSERT_TRUE(started.has_value()) << child.err_so_far();
  EXPECT_EQ(started->url, "http://127.0.0.1:" + std::to_string(started->port));
  EXPECT_NE(started->port, 0);
  EXPECT_NE(child.err_so_far().find("(store " + store() + ")"), std::string::npos);
  ASSERT_EQ(started->token.size(), 64u) << child.err_so_far();

  TestConnection c(started->port);
  const Response page = c.get("/");
  EXPECT_EQ(page.result_int(), 200u);
  EXPECT_EQ(server::test::header(page, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body().find("<html"), std::string::npos);
  EXPECT_EQ(page.body().find(started->token), std::string::npos);
  const Response route = c.get("/experiments/some-id");
  EXPECT_EQ(route.body(), page.body());

  const Response info = c.get("/api/info");
  EXPECT_EQ(info.result_int(), 200u) << info.body();
  const Json body = Json::parse(info.body());
  EXPECT_EQ(body["api"], "evp-api/1");
  EXPECT_EQ(info.body().find(started->token), std::string::npos);

  const std::string vote = R"({"ticket": "no-such-ticket", "winner": "tie"})";
  EXPECT_EQ(c.request(http::verb::post, "/api/arena/vote", {}, vote).result_int(), 401u);
  EXPECT_EQ(c.request(http::verb::post, "/api/arena/vote",
                      {{"Authorization", "Bearer " + started->token + "0"}}, vote)
                .result_int(),
            401u);
  const Response authorized = c.request(http::verb::post, "/api/arena/vote",
                                        {{"Authorization", "Bearer " + started->token}}, vote);
  EXPECT_NE(authorized.result_int(), 401u) << authorized.body();
  EXPECT_NE(authorized.result_int(), 403u) << authorized.body();
  EXPECT_EQ(
      c.request(http::verb::post, "/api/arena/vote",
                {{"Authorization", "Bearer " + started->token}, {"Origin", "http://evil.example"}},
                vote)
          .result_int(),
      403u);

  child.kill(SIGINT);
  const ProcessResult r = child.wait();
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("evp ui: stopping"), std::string::npos) << r.err;
}

TEST_F(UiCommandTest, SigtermWhileAnEventStreamIsOpenExitsZero) {
  ChildProcess child(spec({EVP_BINARY, "ui", "--port", "0"}));
  const auto started = wait_until_serving(child);
  ASSERT_TRUE(started.has_value()) << child.err_so_far();
  TestConnection events(started->port);
  events.send(http::verb::get, "/api/events", {}, "");
  EXPECT_EQ(events.read_stream_head().result_int(), 200u);
  child.kill(SIGTERM);
  const ProcessResult r = child.wait();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(events.closed_by_server(5s));
}

TEST_F(UiCommandTest, AGivenTokenIsUsedAndNotPrinted) {
  const std::string token = "a-token-given-on-the-command-line";
  ChildProcess child(spec({EVP_BINARY, "ui", "--port", "0", "--token", token}));
  const auto started = wait_until_serving(child);
  ASSERT_TRUE(started.has_value()) << child.err_so_far();
  EXPECT_EQ(started->token, "");
  EXPECT_EQ(child.err_so_far().find(token), std::string::npos) << child.err_so_far();
  EXPECT_NE(child.err_so_far().find("evp ui: writes need the token given with --token"),
            std::string::npos);
  TestConnection c(started->port);
  const std::string vote = R"({"ticket": "x", "winner": "tie"})";
  EXPECT_NE(
      c.request(http::verb::post, "/api/arena/vote", {{"Authorization", "Bearer " + token}}, vote)
          .result_int(),
      401u);
  child.kill(SIGINT);
  EXPECT_EQ(child.wait().exit_code, 0);
}

TEST_F(UiCommandTest, NonLoopbackWithoutTokenIsRefused) {
  const ProcessResult r = evp({"ui", "--host", "0.0.0.0", "--port", "0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("evp ui: refusing to listen on 0.0.0.0 without --token"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("serving"), std::string::npos) << r.err;
  // With a token it starts.
  ChildProcess child(
      spec({EVP_BINARY, "ui", "--host", "0.0.0.0", "--port", "0", "--token", "t0k"}));
  const auto started = wait_until_serving(child);
  ASSERT_TRUE(started.has_value()) << child.err_so_far();
  EXPECT_EQ(started->url, "http://0.0.0.0:" + std::to_string(started->port));
  child.kill(SIGTERM);
  EXPECT_EQ(child.wait().exit_code, 0);
}

TEST_F(UiCommandTest, BadHostsAndEmptyTokensAreRefused) {
  const ProcessResult empty = evp({"ui", "--port", "0", "--token", ""});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("evp ui: --token must not be empty"), std::string::npos) << empty.err;
  const ProcessResult bad_port = evp({"ui", "--port", "70000"});
  EXPECT_EQ(bad_port.exit_code, 2);
}

TEST_F(UiCommandTest, APortInUseIsAClearError) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor taken(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  const unsigned short port = taken.local_endpoint().port();
  const ProcessResult r = evp({"ui", "--port", std::to_string(port)});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "evp ui: cannot listen on 127.0.0.1:" + std::to_string(port) +
                       ": Address already in use\n");
}

}  // namespace
}  // namespace evp::test
