// The example evaluators (examples/evaluators/) run through CommandEvaluator with python3 and
// node, configured by the very suite lines of docs/evaluator-protocol.md; the request line the
// docs show is the one evp sends; an Eval Protocol style function ports by wrapping it with
// evp_evaluator.py; the Python example also serves HTTP with the same results.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <regex>
#include <sstream>
#include <thread>

#include "evaluate/command_evaluator.h"
#include "evaluate/evaluator_protocol.h"
#include "evaluate/http_evaluator.h"
#include "protocol_test_support.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace evp::evaluate::test {
namespace {

const std::filesystem::path kSource(EVP_SOURCE_DIR);

std::string docs() {
  return evp::test::read_file(kSource / "docs/evaluator-protocol.md");
}

// The fenced block after the "<!-- examples-test: NAME -->" marker, without its fences.
std::string docs_block(const std::string& name) {
  const std::string text = docs();
  const size_t marker = text.find("<!-- examples-test: " + name + " -->");
  if (marker == std::string::npos) throw std::runtime_error("no block " + name + " in the docs");
  const size_t open = text.find('\n', text.find("```", marker)) + 1;
  return text.substr(open, text.find("```", open) - open);
}

// A YAML flow collection as the snippets write it ({a: b, c: [d, 2]}) as JSON text: plain
// scalars are strings unless they read as JSON numbers, booleans or null.
std::string flow_yaml_to_json(std::string_view yaml) {
  const auto separator = [&](size_t i) {
    return std::strchr(",]}", yaml[i]) ||
           (yaml[i] == ':' && (i + 1 == yaml.size() || yaml[i + 1] == ' '));
  };
  std::string out;
  for (size_t i = 0; i < yaml.size();) {
    if (yaml[i] == ' ') {
      ++i;
    } else if (std::strchr("{}[],:", yaml[i])) {
      out += yaml[i++];
    } else if (yaml[i] == '"') {
      size_t end = i + 1;
      while (yaml[end] != '"') end += yaml[end] == '\\' ? 2 : 1;
      out += yaml.substr(i, end + 1 - i);
      i = end + 1;
    } else {
      size_t end = i;
      while (end < yaml.size() && !separator(end)) ++end;
      std::string scalar(yaml.substr(i, end - i));
      while (scalar.ends_with(' ')) scalar.pop_back();
      const Json value = Json::parse(scalar, nullptr, false);
      const bool keep = !value.is_discarded() && !value.is_string() && value.is_primitive();
      out += keep ? scalar : Json(scalar).dump();
      i = end;
    }
  }
  return out;
}

// The evaluator configs of the docs' suite snippet.
std::vector<Json> snippet_evaluators() {
  std::vector<Json> out;
  std::istringstream lines(docs_block("suite snippet"));
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("  - ")) out.push_back(Json::parse(flow_yaml_to_json(line.substr(4))));
  }
  return out;
}

Json snippet_evaluator(const std::string& name) {
  for (const Json& config : snippet_evaluators()) {
    if (config["name"] == name) return config;
  }
  throw std::runtime_error("no evaluator " + name + " in the docs' snippet");
}

// Starts the evaluator of `config` (the suite in examples/evaluators/), scores `rows`
// (concurrently), stops it.
std::vector<model::MetricResult> run_example(const Json& config,
                                             const std::vector<model::EvaluationRow>& rows) {
  EvaluatorLoop loop(kSource / "examples/evaluators");
  const std::unique_ptr<AsyncEvaluator> evaluator =
      make_command_evaluator(ConfigReader(config), loop.env);
  loop.run(evaluator->start());
  std::vector<model::MetricResult> out = loop.evaluate_all(*evaluator, rows);
  loop.run(evaluator->stop());
  EXPECT_TRUE(evaluator->notes().empty()) << evaluator->notes().front();
  return out;
}

TEST(ExampleEvaluators, TheDocsSnippetConfiguresTheExamples) {
  const std::vector<Json> configs = snippet_evaluators();
  ASSERT_EQ(configs.size(), 3u);
  EXPECT_EQ(configs[0], Json::parse(R"({"type": "command", "name": "exact_answer",
      "command": ["python3", "python/exact_answer.py"], "workers": 2})"));
  EXPECT_EQ(configs[2]["mode"], "groupwise");
  EXPECT_EQ(flow_yaml_to_json(R"({type: http, url: "http://h:1/x", n: 2.5, b: true})"),
            R"({"type":"http","url":"http://h:1/x","n":2.5,"b":true})");
}

TEST(ExampleEvaluators, ExactAnswerInPythonAndJavaScriptGiveTheSameResults) {
  const std::vector<model::EvaluationRow> rows = {
      answered_row("r1", "6 x 7 = 42. Answer: 42", Json("42")),
      answered_row("r2", "41", Json("42")),
      answered_row("r3", "  The Eiffel   Tower. ", Json("the eiffel tower")),
      answered_row("r4", "ANSWER: 7.", Json(7)),
      answered_row("r5", "42"),
      answered_row("r6", "", Json("x")),
  };
  const auto python = run_example(snippet_evaluator("exact_answer"), rows);
  const auto js = run_example(snippet_evaluator("exact_answer_js"), rows);
  const std::vector<std::string> expected = {
      R"(1 | answer "42" matches the ground truth)",
      R"(0 | answer "41" does not match the ground truth "42")",
      R"(1 | answer "the eiffel tower" matches the ground truth)",
      R"(1 | answer "7" matches the ground truth)",
      "invalid | the row has no ground_truth",
      R"(0 | answer "" does not match the ground truth "x")",
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(outcome(python[i]), expected[i]) << i;
    EXPECT_EQ(python[i], js[i]) << i;
  }
  EXPECT_EQ(python[0].data, Json::parse(R"({"metrics": {"answer_found":
      {"score": 1.0, "reason": "the model answered", "is_score_valid": true, "data": {}}}})"));
  EXPECT_EQ(python[5].data["metrics"]["answer_found"]["reason"], "no assistant answer");
}

// The same Python evaluator served over HTTP (`exact_answer.py --http`, evp_evaluator's
// serve_http) gives exactly what it gives over stdin/stdout, many requests at once.
TEST(ExampleEvaluators, ExactAnswerAsAnHttpServiceGivesTheSameResults) {
  std::vector<model::EvaluationRow> rows;
  for (int i = 0; i < 40; ++i) {
    rows.push_back(answered_row("r" + std::to_string(i), "Answer: " + std::to_string(i % 7),
                                Json(std::to_string(i % 5))));
  }
  rows.push_back(answered_row("no-truth", "42"));
  const auto over_stdio = run_example(snippet_evaluator("exact_answer"), rows);

  evp::test::ChildProcess service({{"python3", "exact_answer.py", "--http", "127.0.0.1:0"},
                                   {},
                                   kSource / "examples/evaluators/python"});
  const std::regex serving(R"(serving evp-evaluator/1 on (http://127\.0\.0\.1:[0-9]+/)\n)");
  std::smatch url;
  std::string out;
  for (int i = 0; i < 200 && !std::regex_search(out, url, serving); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    out = service.out_so_far();
  }
  ASSERT_FALSE(url.empty()) << out << service.err_so_far();

  EvaluatorLoop loop;
  const Json config = {
      {"type", "http"}, {"name", "exact_answer"}, {"url", url[1].str()}, {"concurrency", 8}};
  const auto evaluator = make_http_evaluator(ConfigReader(config), loop.env);
  loop.run(evaluator->start());
  const std::vector<model::MetricResult> over_http = loop.evaluate_all(*evaluator, rows);
  loop.run(evaluator->stop());
  ASSERT_EQ(over_http.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(over_http[i], over_stdio[i]) << i;
  EXPECT_EQ(outcome(over_http[35]),
            R"(1 | answer "0" matches the ground truth)");  // 35 % 7 == 35 % 5
  EXPECT_EQ(outcome(over_http[7]), R"(0 | answer "0" does not match the ground truth "2")");
  EXPECT_EQ(outcome(over_http.back()), "invalid | the row has no ground_truth");

  service.kill(SIGINT);  // serve_http ends on Ctrl-C and closes its socket
  const evp::test::ProcessResult ended = service.wait();
  EXPECT_EQ(ended.exit_code, 0) << ended.err;
}

TEST(ExampleEvaluators, GroupRelativeLengthPrefersShortCorrectAnswers) {
  const std::vector<model::EvaluationRow> group = {
      answered_row("r1", "Answer: 42", Json("42")),
      answered_row("r1", "42", Json("42")),
      answered_row("r1", "43", Json("42")),
      answered_row("r1", "Let me think. 6*7 = 42. Answer: 42", Json("42")),
  };
  EvaluatorLoop loop(kSource / "examples/evaluators");
  const Json config = snippet_evaluator("concise");
  const auto evaluator = make_command_evaluator(ConfigReader(config), loop.env);
  loop.run(evaluator->start());
  const auto metrics = loop.run(evaluator->evaluate_group(group));
  const auto no_truth = loop.run(evaluator->evaluate_group({answered_row("r2", "x")}));
  loop.run(evaluator->stop());
  ASSERT_EQ(metrics.size(), 4u);
  EXPECT_EQ(outcome(metrics[0]),
            "0.75 | correct; 10 chars, length rank 2 of 3 among the group's correct answers");
  EXPECT_EQ(outcome(metrics[1]),
            "1 | correct; 2 chars, length rank 1 of 3 among the group's correct answers");
  EXPECT_EQ(outcome(metrics[2]), "0 | wrong answer");
  EXPECT_EQ(outcome(metrics[3]),
            "0.5 | correct; 34 chars, length rank 3 of 3 among the group's correct answers");
  EXPECT_EQ(metrics[0].data["metrics"]["length_rank"]["score"], 0.5);
  EXPECT_EQ(outcome(no_truth.at(0)), "invalid | the row has no ground_truth");
}

// The row of the docs' request example.
model::EvaluationRow docs_row() {
  model::EvaluationRow row;
  row.input_metadata.row_id = "row-1";
  row.messages.push_back(model::make_message("user", "What is 6 x 7?"));
  row.messages.push_back(model::make_message("assistant", "6 x 7 = 42. Answer: 42"));
  row.ground_truth = "42";
  row.rollout_status = model::Status::rollout_finished();
  return row;
}

TEST(ExampleEvaluators, TheDocsShowTheRequestLineEvpSends) {
  EXPECT_EQ(docs_block("pointwise request"), protocol::pointwise_request(17, docs_row()) + "\n");
  EXPECT_EQ(outcome(run_example(snippet_evaluator("exact_answer"), {docs_row()}).at(0)),
            R"(1 | answer "42" matches the ground truth)");
}

TEST(ExampleEvaluators, AnEvalProtocolStyleFunctionPortsByWrappingIt) {
  const Json config = {
      {"type", "command"},
      {"name", "ported"},
      {"command", {"python3", "ep_style_port.py"}},
      {"env", {{"PYTHONPATH", (kSource / "examples/evaluators/python").string()}}}};
  EvaluatorLoop loop;
  const auto evaluator = make_command_evaluator(ConfigReader(config), loop.env);
  loop.run(evaluator->start());
  const auto metrics = loop.evaluate_each(
      *evaluator, {answered_row("r1", "It is 42", Json("42")), answered_row("r2", "no truth"),
                   answered_row("r3", "41", Json("42"))});
  loop.run(evaluator->stop());
  EXPECT_EQ(outcome(metrics[0]), "1 | looked for 42");
  EXPECT_EQ(outcome(metrics[1]),
            "invalid | TypeError: 'in <string>' requires string as left operand, not NoneType");
  EXPECT_EQ(outcome(metrics[2]), "0 | looked for 42");
  EXPECT_EQ(answer_pid(metrics[0]), -1);
  // print() went to stderr, with the traceback of the failed row; no worker was restarted.
  const std::vector<std::string> notes = evaluator->notes();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_TRUE(
      notes[0].starts_with("evaluator 'ported' wrote to stderr:\n"
                           "scoring a row whose ground truth is 42\n"))
      << notes[0];
  EXPECT_NE(notes[0].find("Traceback (most recent call last):"), std::string::npos);
}

}  // namespace
}  // namespace evp::evaluate::test
