// BeastEngine's own bookkeeping, against the fake OpenAI server (a test double): which
// connections go back to the pool, URLs it refuses; and EngineRouter's choice of engine.
#include "llm/beast_engine.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "llm/engine_router.h"
#include "support/fake_openai/fake_openai_server.h"
#include "unit/llm/run_on_loop.h"

namespace evp::llm::detail {
namespace {

namespace asio = boost::asio;
using evp::test::FakeOpenAiServer;
using evp::test::FakeReply;
using test::run_on_loop;

HttpRequest post(const FakeOpenAiServer& server) {
  HttpRequest r;
  r.url = server.base_url() + "/chat/completions";
  r.body = "{}";
  return r;
}

class BeastEngineTest : public ::testing::Test {
 protected:
  ~BeastEngineTest() override { engine->shutdown(); }
  HttpResponse send(HttpRequest r) {
    return run_on_loop(io, BeastEngine::perform(engine, std::move(r)));
  }

  FakeOpenAiServer server;
  asio::io_context io;
  std::shared_ptr<BeastEngine> engine = std::make_shared<BeastEngine>(io);
};

TEST_F(BeastEngineTest, KeepsAnsweredConnectionsForReuse) {
  EXPECT_EQ(send(post(server)).status, 200);
  EXPECT_EQ(engine->idle_connections(), 1u);
  EXPECT_EQ(send(post(server)).status, 200);
  EXPECT_EQ(engine->idle_connections(), 1u);
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST_F(BeastEngineTest, DoesNotPoolAConnectionTheServerCloses) {
  FakeReply closing = FakeReply::json(Json{{"n", 1}});
  closing.connection_close = true;
  server.push(closing);
  EXPECT_EQ(send(post(server)).status, 200);
  EXPECT_EQ(engine->idle_connections(), 0u);
}

TEST_F(BeastEngineTest, DoesNotPoolAConnectionThatTimedOut) {
  server.push(FakeReply::delayed_default(1.0));
  HttpRequest r = post(server);
  r.timeout_s = 0.1;
  EXPECT_TRUE(send(std::move(r)).timed_out);
  EXPECT_EQ(engine->idle_connections(), 0u);
}

TEST_F(BeastEngineTest, DoesNotPoolAConnectionWhoseHandlerThrew) {
  HttpRequest r = post(server);
  r.on_data = [](std::string_view) { throw std::runtime_error("no"); };
  EXPECT_EQ(send(std::move(r)).error, "response handler failed: no");
  EXPECT_EQ(engine->idle_connections(), 0u);
}

TEST_F(BeastEngineTest, ShutdownClosesIdleConnectionsAndCancelsLaterRequests) {
  EXPECT_EQ(send(post(server)).status, 200);
  engine->shutdown();
  EXPECT_EQ(engine->idle_connections(), 0u);
  const HttpResponse r = send(post(server));
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(BeastEngineTest, RejectsUrlsItCannotParse) {
  for (const char* url : {"http://[::1/v1", "http://host:99999/v1", "http://host:x/v1",
                          "http:///v1", "https://127.0.0.1/v1"}) {
    HttpRequest r;
    r.url = url;
    const HttpResponse response = send(std::move(r));
    EXPECT_TRUE(response.transport_error) << url;
    EXPECT_NE(response.error.find("URL rejected"), std::string::npos) << response.error;
  }
}

TEST_F(BeastEngineTest, AcceptsUrlsWithoutAPathOrWithAQueryOnly) {
  const std::string origin = "http://127.0.0.1:" + std::to_string(server.port());
  HttpRequest r;
  r.method = "GET";
  r.url = origin + "?x=1#fragment";
  EXPECT_EQ(send(std::move(r)).status, 404);
  r = HttpRequest();
  r.method = "GET";
  r.url = origin;
  EXPECT_EQ(send(std::move(r)).status, 404);
  EXPECT_EQ(server.requests().at(0).target, "/?x=1");
  EXPECT_EQ(server.requests().at(1).target, "/");
}

TEST(EngineRouter, SendsPlainHttpToBeastAndTheRestToCurl) {
  EXPECT_TRUE(EngineRouter::is_plain_http("http://127.0.0.1:8000/v1/chat/completions"));
  EXPECT_TRUE(EngineRouter::is_plain_http("HTTP://localhost/v1"));
  EXPECT_TRUE(EngineRouter::is_plain_http("http://host/path@with-at"));
  EXPECT_FALSE(EngineRouter::is_plain_http("https://api.openai.com/v1/chat/completions"));
  EXPECT_FALSE(EngineRouter::is_plain_http("http://user:secret@host/v1"));
  EXPECT_FALSE(EngineRouter::is_plain_http("ftp://host/"));
}

TEST(EngineRouter, ReadsTheEngineChoiceFromTheEnvironment) {
  const char* saved = std::getenv("EVP_HTTP_ENGINE");
  const std::string saved_value = saved != nullptr ? saved : "";
  setenv("EVP_HTTP_ENGINE", "curl", 1);
  EXPECT_EQ(EngineRouter::choice_from_environment(), EngineChoice::kCurlOnly);
  setenv("EVP_HTTP_ENGINE", "beast", 1);
  EXPECT_EQ(EngineRouter::choice_from_environment(), EngineChoice::kByScheme);
  unsetenv("EVP_HTTP_ENGINE");
  EXPECT_EQ(EngineRouter::choice_from_environment(), EngineChoice::kByScheme);
  if (saved != nullptr) setenv("EVP_HTTP_ENGINE", saved_value.c_str(), 1);
}

TEST(EngineRouter, AProxySettingSendsEverythingToCurl) {
  if (std::getenv("EVP_HTTP_ENGINE") != nullptr || std::getenv("http_proxy") != nullptr ||
      std::getenv("HTTP_PROXY") != nullptr || std::getenv("all_proxy") != nullptr ||
      std::getenv("ALL_PROXY") != nullptr) {
    GTEST_SKIP() << "the environment already chooses an engine";
  }
  setenv("http_proxy", "http://proxy.internal:3128", 1);
  EXPECT_EQ(EngineRouter::choice_from_environment(), EngineChoice::kCurlOnly);
  setenv("http_proxy", "", 1);  // set but empty: no proxy
  EXPECT_EQ(EngineRouter::choice_from_environment(), EngineChoice::kByScheme);
  unsetenv("http_proxy");
  setenv("ALL_PROXY", "socks5://proxy.internal:1080", 1);
  EXPECT_EQ(EngineRouter::choice_from_environment(), EngineChoice::kCurlOnly);
  unsetenv("ALL_PROXY");
}

}  // namespace
}  // namespace evp::llm::detail
