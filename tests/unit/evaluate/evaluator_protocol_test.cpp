// The evaluator protocol's messages: request lines byte for byte, handshake checks with their
// messages, answers read into MetricResults (mapping, error answers, malformed answers,
// score range), and the shared config keys.
#include "evaluate/evaluator_protocol.h"

#include <gtest/gtest.h>

#include <limits>

#include "model/row_json.h"
#include "protocol_test_support.h"

namespace evp::evaluate::test {
namespace {

using protocol::ProtocolError;
using protocol::read_answer;
constexpr auto kPointwise = EvaluationMode::kPointwise;
constexpr auto kGroupwise = EvaluationMode::kGroupwise;

model::EvaluationRow rich_row() {
  model::EvaluationRow row =
      answered_row("row-7", "caf\u00e9 \"42\"\n", Json::parse(R"({"a":[1,2]})"));
  row.tools = Json::parse(R"([{"type":"function","function":{"name":"f"}}])");
  row.extra["custom_key"] = "kept";
  return row;
}

TEST(EvaluatorProtocol, RequestLinesAreTheCompactJsonOfTheRequestObject) {
  const model::EvaluationRow a = rich_row();
  const model::EvaluationRow b = answered_row("row-8", "second");
  EXPECT_EQ(protocol::pointwise_request(17, a),
            dump_json(Json{{"id", 17}, {"mode", "pointwise"}, {"row", model::to_json(a)}}));
  EXPECT_EQ(protocol::groupwise_request(18, {a, b}),
            dump_json(Json{{"id", 18},
                           {"mode", "groupwise"},
                           {"rows", Json::array({model::to_json(a), model::to_json(b)})}}));
  const std::string line = protocol::pointwise_request(1, b);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_TRUE(line.starts_with(R"({"id":1,"mode":"pointwise","row":{"execution_metadata":)"))
      << line;
}

TEST(EvaluatorProtocol, HandshakeChecks) {
  using protocol::handshake_problem;
  EXPECT_EQ(
      handshake_problem(R"({"protocol": "evp-evaluator/1", "modes": ["pointwise"]})", kPointwise),
      std::nullopt);
  // Other keys and modes evp does not know are allowed.
  EXPECT_EQ(handshake_problem(
                R"({"protocol":"evp-evaluator/1","modes":["listwise","groupwise"],"name":"x"})",
                kGroupwise),
            std::nullopt);
  EXPECT_EQ(
      *handshake_problem("hello", kPointwise),
      R"(expected {"protocol": "evp-evaluator/1", "modes": ["pointwise"]} as the first line, got 'hello')");
  EXPECT_EQ(
      *handshake_problem("", kGroupwise),
      R"(expected {"protocol": "evp-evaluator/1", "modes": ["groupwise"]} as the first line, got an empty line)");
  EXPECT_EQ(
      *handshake_problem(R"(["evp-evaluator/1"])", kPointwise),
      R"(expected {"protocol": "evp-evaluator/1", "modes": ["pointwise"]} as the first line, got '["evp-evaluator/1"]')");
  EXPECT_EQ(
      *handshake_problem(R"({"modes": ["pointwise"]})", kPointwise),
      R"(no "protocol" string: expected {"protocol": "evp-evaluator/1", "modes": ["pointwise"]}, got '{"modes": ["pointwise"]}')");
  EXPECT_EQ(
      *handshake_problem(R"({"protocol": "evp-evaluator/2", "modes": ["pointwise"]})", kPointwise),
      "protocol 'evp-evaluator/2' is not supported (evp speaks evp-evaluator/1)");
  EXPECT_EQ(
      *handshake_problem(R"({"protocol": "evp-evaluator/1", "modes": "pointwise"})", kPointwise),
      R"("modes" must be an array of strings: expected {"protocol": "evp-evaluator/1", "modes": ["pointwise"]}, got '{"protocol": "evp-evaluator/1", "modes": "pointwise"}')");
  EXPECT_EQ(
      *handshake_problem(R"({"protocol": "evp-evaluator/1", "modes": ["pointwise"]})", kGroupwise),
      "the evaluator serves modes [pointwise] but its config asks for mode groupwise");
}

TEST(EvaluatorProtocol, ResultMapsToTheMetricKeepingWhatElseWasSent) {
  const auto metrics = read_answer(R"({"id": 3, "result": {
      "score": 0.75, "reason": "mostly right", "is_score_valid": true,
      "metrics": {"format": {"score": 1, "reason": "ok"}},
      "step_outputs": [{"step_index": 0}], "agg_score": 0.7, "custom": {"x": 1}}})",
                                   3, kPointwise, 1);
  ASSERT_EQ(metrics.size(), 1u);
  const model::MetricResult& m = metrics[0];
  EXPECT_EQ(outcome(m), "0.75 | mostly right");
  EXPECT_EQ(m.data, Json::parse(R"({
      "metrics": {"format": {"score": 1.0, "reason": "ok", "is_score_valid": true, "data": {}}},
      "step_outputs": [{"step_index": 0}], "agg_score": 0.7, "custom": {"x": 1}})"));
}

TEST(EvaluatorProtocol, MinimalResultHasEmptyData) {
  const auto m = read_answer(R"({"id":1,"result":{"score":1}})", 1, kPointwise, 1).at(0);
  EXPECT_EQ(outcome(m), "1 | ");
  EXPECT_EQ(m.data, Json::object());
}

TEST(EvaluatorProtocol, InvalidResultTakesItsErrorAsReason) {
  const auto m =
      read_answer(R"({"id":1,"result":{"score":0,"is_score_valid":false,"error":"no answer"}})", 1,
                  kPointwise, 1)
          .at(0);
  EXPECT_EQ(outcome(m), "invalid | no answer");
  EXPECT_EQ(m.data, Json::object());
  // With both, the reason stays the reason and the error is kept in data.
  const auto both = read_answer(
      R"({"id":1,"result":{"score":0,"is_score_valid":false,"reason":"r","error":"e"}})", 1,
      kPointwise, 1);
  EXPECT_EQ(outcome(both.at(0)), "invalid | r");
  EXPECT_EQ(both.at(0).data, Json::parse(R"({"error":"e"})"));
}

TEST(EvaluatorProtocol, ScoresOutsideTheUnitIntervalAreInvalid) {
  const auto high =
      read_answer(R"({"id":1,"result":{"score":1.5,"reason":"generous"}})", 1, kPointwise, 1).at(0);
  EXPECT_EQ(outcome(high), "invalid | score 1.5 is outside [0, 1] (reason: generous)");
  EXPECT_EQ(high.score, 0);
  EXPECT_EQ(high.data, Json::parse(R"({"score":1.5})"));
  EXPECT_EQ(outcome(read_answer(R"({"id":1,"result":{"score":-1}})", 1, kPointwise, 1).at(0)),
            "invalid | score -1 is outside [0, 1]");
  model::EvaluateResult infinite;
  infinite.score = std::numeric_limits<double>::infinity();
  EXPECT_EQ(outcome(protocol::result_metric(infinite)), "invalid | score is not a finite number");
  EXPECT_EQ(protocol::result_metric(infinite).data, Json::object());
  // Already invalid: its own reason stays.
  EXPECT_EQ(
      outcome(read_answer(R"({"id":1,"result":{"score":7,"is_score_valid":false,"reason":"x"}})", 1,
                          kPointwise, 1)
                  .at(0)),
      "invalid | x");
}

TEST(EvaluatorProtocol, ResultThatIsNotAnEvaluateResultIsInvalid) {
  EXPECT_EQ(outcome(read_answer(R"({"id":1,"result":{"score":"high"}})", 1, kPointwise, 1).at(0)),
            "invalid | the evaluator's answer is not an EvaluateResult: result.score: expected a "
            "number, got string");
  EXPECT_EQ(outcome(read_answer(R"({"id":1,"result":{"reason":"x"}})", 1, kPointwise, 1).at(0)),
            "invalid | the evaluator's answer is not an EvaluateResult: result.score: expected a "
            "number, got nothing");
}

TEST(EvaluatorProtocol, ErrorAnswerFailsEveryRow) {
  const auto metrics = read_answer(R"({"id": 9, "error": "KeyError: 'x'"})", 9, kGroupwise, 2);
  ASSERT_EQ(metrics.size(), 2u);
  EXPECT_EQ(outcome(metrics[0]), "invalid | KeyError: 'x'");
  EXPECT_EQ(outcome(metrics[1]), "invalid | KeyError: 'x'");
}

TEST(EvaluatorProtocol, GroupwiseResults) {
  const auto metrics =
      read_answer(R"({"id":2,"results":[{"score":0.5,"reason":"a"},{"score":"x"},{"score":1}]})", 2,
                  kGroupwise, 3);
  ASSERT_EQ(metrics.size(), 3u);
  EXPECT_EQ(outcome(metrics[0]), "0.5 | a");
  EXPECT_EQ(outcome(metrics[1]),
            "invalid | the evaluator's answer is not an EvaluateResult: results[1].score: "
            "expected a number, got string");
  EXPECT_EQ(outcome(metrics[2]), "1 | ");
  const auto short_answer = read_answer(R"({"id":2,"results":[{"score":1}]})", 2, kGroupwise, 2);
  EXPECT_EQ(outcome(short_answer.at(1)),
            "invalid | the evaluator returned 1 results for a group of 2 rollouts");
  EXPECT_EQ(outcome(read_answer(R"({"id":2,"results":{"score":1}})", 2, kGroupwise, 1).at(0)),
            "invalid | \"results\" is not an array but object");
}

std::string protocol_error(std::string_view text, EvaluationMode mode = kPointwise) {
  try {
    read_answer(text, 5, mode, 1);
  } catch (const ProtocolError& e) {
    return e.what();
  }
  return "no error";
}

TEST(EvaluatorProtocol, MalformedAnswersThrowProtocolError) {
  EXPECT_EQ(protocol_error("Traceback (most recent call last):"),
            "the answer is not JSON: 'Traceback (most recent call last):'");
  EXPECT_EQ(protocol_error("[1]"), "the answer is not a JSON object: '[1]'");
  EXPECT_EQ(protocol_error(R"({"result":{"score":1}})"),
            R"(the answer has no "id" (expected 5): '{"result":{"score":1}}')");
  EXPECT_EQ(protocol_error(R"({"id":4,"result":{"score":1}})"),
            R"(the answer's id is 4, expected 5: '{"id":4,"result":{"score":1}}')");
  EXPECT_EQ(protocol_error(R"({"id":"5","result":{"score":1}})"),
            R"(the answer's id is "5", expected 5: '{"id":"5","result":{"score":1}}')");
  EXPECT_EQ(protocol_error(R"({"id":5})"),
            R"(the answer has neither "result" nor "error": '{"id":5}')");
  EXPECT_EQ(protocol_error(R"({"id":5,"result":{"score":1}})", kGroupwise),
            R"(the answer has neither "results" nor "error": '{"id":5,"result":{"score":1}}')");
  EXPECT_EQ(protocol_error(R"({"id":5,"error":{"message":"x"}})"),
            R"(the answer's "error" is not a string: '{"id":5,"error":{"message":"x"}}')");
}

TEST(EvaluatorProtocol, TextStartCutsLongTextAtACharacterBoundary) {
  EXPECT_EQ(protocol::text_start("abc"), "'abc'");
  EXPECT_EQ(protocol::text_start(""), "an empty line");
  EXPECT_EQ(protocol::text_start("abcdef", 4), "'abcd...'");
  EXPECT_EQ(protocol::text_start("ab\u00e9\u00e9", 3), "'ab...'");  // not half an é
}

TEST(EvaluatorProtocol, LabelsAndNumbers) {
  EXPECT_EQ(protocol::row_label(answered_row("r1", "x")), "r1");
  EXPECT_EQ(protocol::row_label(model::EvaluationRow{}), "(no row id)");
  EXPECT_EQ(protocol::group_label({answered_row("r1", "x"), answered_row("r1", "y")}),
            "r1 (group of 2 rollouts)");
  EXPECT_EQ(protocol::number_text(30), "30");
  EXPECT_EQ(protocol::number_text(0.3), "0.3");
}

std::string config_error(const std::string& text) {
  const Json config = Json::parse(text);
  return input_error([&] {
    const ConfigReader reader(config);
    protocol::read_mode(reader);
    protocol::read_timeout(reader);
    protocol::read_count(reader, "workers", 1, 64);
    protocol::read_text_map(reader, "env");
  });
}

TEST(EvaluatorProtocol, SharedConfigKeys) {
  const Json config = Json::parse(
      R"({"type":"command","mode":"groupwise","timeout_s":2.5,"workers":3,
          "env":{"B":"x","A":8080,"C":true}})");
  const ConfigReader reader(config);
  EXPECT_EQ(protocol::read_mode(reader), kGroupwise);
  EXPECT_EQ(protocol::read_timeout(reader), 2.5);
  EXPECT_EQ(protocol::read_count(reader, "workers", 1, 64), 3);
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(protocol::read_text_map(reader, "env"),
            (Pairs{{"A", "8080"}, {"B", "x"}, {"C", "true"}}));
  const Json defaults = Json::parse(R"({"type":"command"})");
  const ConfigReader plain(defaults);
  EXPECT_EQ(protocol::read_mode(plain), kPointwise);
  EXPECT_EQ(protocol::read_timeout(plain), 30);
  EXPECT_EQ(protocol::read_count(plain, "workers", 1, 64), 1);
  EXPECT_TRUE(protocol::read_text_map(plain, "env").empty());

  EXPECT_EQ(config_error(R"({"type":"command","mode":"listwise"})"),
            "command.mode: expected pointwise or groupwise, got 'listwise'");
  EXPECT_EQ(config_error(R"({"type":"command","timeout_s":0})"),
            "command.timeout_s: expected a positive number of seconds");
  EXPECT_EQ(config_error(R"({"type":"command","workers":0})"),
            "command.workers: expected an integer from 1 to 64, got 0");
  EXPECT_EQ(config_error(R"({"type":"command","workers":65})"),
            "command.workers: expected an integer from 1 to 64, got 65");
  EXPECT_EQ(config_error(R"({"type":"command","env":["A=1"]})"),
            "command.env: expected a mapping of names to strings, got array");
  EXPECT_EQ(config_error(R"({"type":"command","env":{"A":[1]}})"),
            "command.env.A: expected a string, got array");
}

}  // namespace
}  // namespace evp::evaluate::test
