// The fake OpenAI server (a test double) itself: the scheduled failures of its standalone
// mode, a fixed answer, its other routes, and 100-continue.
#include "support/fake_openai/fake_openai_server.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <vector>

#include "llm/http_client.h"
#include "unit/llm/run_on_loop.h"

namespace evp::test {
namespace {

using llm::HttpClient;
using llm::HttpRequest;
using llm::HttpResponse;

HttpResponse post(boost::asio::io_context& io, HttpClient& http, const FakeOpenAiServer& server,
                  std::vector<std::string> headers = {}) {
  HttpRequest r;
  r.url = server.base_url() + "/chat/completions";
  r.headers = std::move(headers);
  r.body = R"({"model":"m","messages":[{"role":"user","content":"hi"}]})";
  return llm::test::run_on_loop(io, http.send(std::move(r)));
}

TEST(FakeOpenAiServer, SchedulesFailuresAndRateLimits) {
  FakeServerOptions options;
  options.fail_every = 3;
  options.rate_limit_every = 2;
  FakeOpenAiServer server(options);
  boost::asio::io_context io;
  HttpClient http(io);
  std::vector<long> statuses;
  for (int i = 0; i < 6; ++i) {
    const HttpResponse r = post(io, http, server);
    statuses.push_back(r.status);
    if (r.status == 429) {
      EXPECT_EQ(r.headers.at("retry-after"), "0");
    }
  }
  EXPECT_EQ(statuses, (std::vector<long>{200, 429, 500, 429, 200, 500}));
}

TEST(FakeOpenAiServer, AnswersAFixedText) {
  FakeServerOptions options;
  options.answer = "42";
  FakeOpenAiServer server(options);
  boost::asio::io_context io;
  HttpClient http(io);
  const Json body = Json::parse(post(io, http, server).body);
  EXPECT_EQ(body["choices"][0]["message"], Json::parse(R"({"role":"assistant","content":"42"})"));
  EXPECT_EQ(body["model"], "m");
  EXPECT_EQ(body["usage"],
            Json::parse(R"({"prompt_tokens":1,"completion_tokens":1,"total_tokens":2})"));
}

TEST(FakeOpenAiServer, ServesModelsAndNotFound) {
  FakeOpenAiServer server;
  boost::asio::io_context io;
  HttpClient http(io);
  HttpRequest get;
  get.method = "GET";
  get.url = server.base_url() + "/nowhere";
  const HttpResponse r = llm::test::run_on_loop(io, http.send(std::move(get)));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Json::parse(r.body)["error"]["message"], "fake server: no route for GET /v1/nowhere");
  EXPECT_EQ(server.request_count(), 1u);
}

// A client that asks for 100-continue gets it at once (curl would otherwise wait 1 s).
TEST(FakeOpenAiServer, AnswersExpectContinue) {
  FakeOpenAiServer server;
  boost::asio::io_context io;
  HttpClient http(io);
  const HttpResponse r = post(io, http, server, {"Expect: 100-continue"});
  EXPECT_EQ(r.status, 200);
  EXPECT_LT(r.seconds, 0.5);
  EXPECT_EQ(server.requests().at(0).headers.at("expect"), "100-continue");
}

}  // namespace
}  // namespace evp::test
