// HttpEvaluator against the fake HTTP server of tests/support (a test double; its scripted
// handler answers POSTs to .../chat/completions, which serves here as the evaluation
// service's URL): the exact body and headers POSTed, answers, every failure's reason, the
// in-flight limit, and config errors.
#include "evaluate/http_evaluator.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>

#include "evaluate/evaluator_protocol.h"
#include "protocol_test_support.h"
#include "support/fake_openai/fake_openai_server.h"

namespace evp::evaluate::test {
namespace {

using evp::test::FakeOpenAiServer;
using evp::test::FakeReply;
using evp::test::FakeRequest;

// Answers every request with a result whose reason is the row's answer text.
FakeReply echo_answer(const FakeRequest& request) {
  const Json& body = request.json;
  Json answer = {{"id", body["id"]}};
  if (body["mode"] == "groupwise") {
    Json results = Json::array();
    for (const Json& row : body["rows"]) {
      results.push_back({{"score", 0.5}, {"reason", row["messages"][1]["content"]}});
    }
    answer["results"] = results;
  } else {
    answer["result"] = {{"score", 1},
                        {"reason", body["row"]["messages"][1]["content"]},
                        {"metrics", {{"m", {{"score", 0}, {"reason", "sub"}}}}}};
  }
  return FakeReply::json(answer);
}

// A reply with `status` and `body`, after `delay_s`.
FakeReply reply(int status, std::string body, double delay_s = 0) {
  FakeReply r;
  r.status = status;
  r.body = std::move(body);
  r.delay_s = delay_s;
  return r;
}

class HttpEvaluatorTest : public ::testing::Test {
 protected:
  std::string url() const { return server_.base_url() + "/chat/completions"; }
  // An http evaluator named "svc" on the fake server, with extra config keys.
  AsyncEvaluator& make(const std::string& extra = "") {
    config_ = Json::parse(R"({"type":"http","name":"svc","url":")" + url() + "\"" +
                          (extra.empty() ? "" : "," + extra) + "}");
    evaluator_ = make_http_evaluator(ConfigReader(config_), loop_.env);
    loop_.run(evaluator_->start());
    return *evaluator_;
  }
  std::string one(const std::string& answer) {
    return outcome(loop_.run(evaluator_->evaluate(answered_row("r1", answer))));
  }

  FakeOpenAiServer server_;
  EvaluatorLoop loop_;
  Json config_;
  std::unique_ptr<AsyncEvaluator> evaluator_;
};

TEST_F(HttpEvaluatorTest, PostsTheRequestObjectAndReadsTheAnswer) {
  server_.set_handler(echo_answer);
  AsyncEvaluator& evaluator = make(R"("headers":{"X-Api-Key":"k1","X-Attempt":2})");
  const model::EvaluationRow row = answered_row("r1", "the answer");
  const model::MetricResult m = loop_.run(evaluator.evaluate(row));
  EXPECT_EQ(outcome(m), "1 | the answer");
  EXPECT_EQ(m.data, Json::parse(R"({"metrics":{"m":{"score":0.0,"reason":"sub",
                                    "is_score_valid":true,"data":{}}}})"));
  const std::vector<FakeRequest> requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/v1/chat/completions");
  EXPECT_EQ(requests[0].body, protocol::pointwise_request(1, row));
  EXPECT_EQ(requests[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(requests[0].headers.at("x-api-key"), "k1");
  EXPECT_EQ(requests[0].headers.at("x-attempt"), "2");
  // Ids go up per evaluator.
  loop_.run(evaluator.evaluate(row));
  EXPECT_EQ(server_.requests().at(1).json["id"], 2);
  loop_.run(evaluator_->stop());
  EXPECT_TRUE(evaluator.notes().empty());
}

TEST_F(HttpEvaluatorTest, GroupwiseRoundTrip) {
  server_.set_handler(echo_answer);
  AsyncEvaluator& evaluator = make(R"("mode":"groupwise")");
  const std::vector<model::EvaluationRow> group = {answered_row("r1", "a"),
                                                   answered_row("r1", "b")};
  const auto metrics = loop_.run(evaluator.evaluate_group(group));
  ASSERT_EQ(metrics.size(), 2u);
  EXPECT_EQ(outcome(metrics[0]), "0.5 | a");
  EXPECT_EQ(outcome(metrics[1]), "0.5 | b");
  EXPECT_EQ(server_.requests().at(0).body, protocol::groupwise_request(1, group));
}

TEST_F(HttpEvaluatorTest, ErrorStatusGivesTheStatusAndTheStartOfTheBody) {
  server_.push(reply(503, "overloaded, try later"));
  make();
  EXPECT_EQ(one("x"), "invalid | evaluator 'svc': HTTP 503 from POST " + url() +
                          " while scoring row r1: 'overloaded, try later'");
  EXPECT_EQ(evaluator_->notes(),
            std::vector<std::string>{"evaluator 'svc': 1 request failed; the last: evaluator "
                                     "'svc': HTTP 503 from POST " +
                                     url() + " while scoring row r1: 'overloaded, try later'"});
}

TEST_F(HttpEvaluatorTest, MalformedAndErrorAnswers) {
  make();
  server_.push(reply(200, "<html>oops</html>"));
  EXPECT_EQ(one("x"),
            "invalid | evaluator 'svc' sent a malformed answer (HTTP 200) while scoring row r1: "
            "the answer is not JSON: '<html>oops</html>'");
  server_.push(FakeReply::json(Json{{"id", 99}, {"result", {{"score", 1}}}}));
  EXPECT_EQ(one("x"),
            "invalid | evaluator 'svc' sent a malformed answer (HTTP 200) while scoring row r1: "
            "the answer's id is 99, expected 2: '{\"id\":99,\"result\":{\"score\":1}}'");
  server_.push(FakeReply::json(Json{{"id", 3}, {"error", "no ground truth"}}));
  EXPECT_EQ(one("x"), "invalid | no ground truth");
  server_.push(FakeReply::json(Json{{"id", 4}, {"result", {{"score", 2}}}}));
  EXPECT_EQ(one("x"), "invalid | score 2 is outside [0, 1]");
}

TEST_F(HttpEvaluatorTest, TimeoutAndTransportErrors) {
  server_.push(reply(200, "{}", 2));
  make(R"("timeout_s":0.2)");
  EXPECT_EQ(
      one("x"),
      "invalid | evaluator 'svc' timed out after 0.2 s while scoring row r1 (POST " + url() + ")");

  // A port nobody listens on.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor probe(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const std::string closed_url =
      "http://127.0.0.1:" + std::to_string(probe.local_endpoint().port()) + "/evaluate";
  probe.close();
  config_ = Json::parse(R"({"type":"http","name":"svc","url":")" + closed_url + "\"}");
  evaluator_ = make_http_evaluator(ConfigReader(config_), loop_.env);
  const std::string refused = one("x");
  EXPECT_TRUE(refused.starts_with("invalid | evaluator 'svc': POST " + closed_url +
                                  " failed while scoring row r1: "))
      << refused;
}

TEST_F(HttpEvaluatorTest, SecretsInTheUrlStayOutOfMessages) {
  server_.push(reply(500, ""));
  config_ = Json::parse(R"({"type":"http","name":"svc","url":"http://user:pw@127.0.0.1:)" +
                        std::to_string(server_.port()) + R"(/v1/chat/completions?key=secret"})");
  evaluator_ = make_http_evaluator(ConfigReader(config_), loop_.env);
  EXPECT_EQ(one("x"), "invalid | evaluator 'svc': HTTP 500 from POST http://127.0.0.1:" +
                          std::to_string(server_.port()) +
                          "/v1/chat/completions while scoring row r1: an empty line");
}

TEST_F(HttpEvaluatorTest, ConcurrencyLimitsRequestsInFlight) {
  server_.set_handler([](const FakeRequest& request) {
    FakeReply answer = echo_answer(request);
    answer.delay_s = 0.1;
    return answer;
  });
  AsyncEvaluator& evaluator = make(R"("concurrency":2)");
  std::vector<model::EvaluationRow> rows;
  for (int i = 0; i < 6; ++i) rows.push_back(answered_row("r" + std::to_string(i), "ok"));
  for (const auto& m : loop_.evaluate_all(evaluator, rows)) EXPECT_EQ(outcome(m), "1 | ok");
  EXPECT_EQ(server_.peak_concurrency(), 2);
}

TEST_F(HttpEvaluatorTest, ConfigErrors) {
  const auto error = [&](const std::string& config) {
    const Json j = Json::parse(config);
    return input_error([&] { make_http_evaluator(ConfigReader(j), loop_.env); });
  };
  EXPECT_EQ(error(R"({"type":"http"})"), "http: 'url' is required");
  EXPECT_EQ(error(R"({"type":"http","url":"127.0.0.1:8000/x?k=s"})"),
            "http.url: expected an http:// or https:// URL, got '127.0.0.1:8000/x'");
  EXPECT_EQ(error(R"({"type":"http","url":"http://h/x","concurrency":0})"),
            "http.concurrency: expected an integer from 1 to 4096, got 0");
  EXPECT_EQ(error(R"({"type":"http","url":"http://h/x","headers":{"Bad Name":"v"}})"),
            "http.headers: 'Bad Name' is not a valid header (name and one-line value)");
  EXPECT_EQ(error(R"({"type":"http","url":"http://h/x","headers":{"X":"a\nb"}})"),
            "http.headers: 'X' is not a valid header (name and one-line value)");
  EXPECT_EQ(error(R"({"type":"http","url":"http://h/x","workers":2})"),
            "http: unknown key 'workers'");
  EXPECT_EQ(error(R"({"type":"http","url":"https://h/x","timeout_s":5,"mode":"groupwise",
                      "concurrency":8,"headers":{"A":"b"}})"),
            "no error");
}

}  // namespace
}  // namespace evp::evaluate::test
