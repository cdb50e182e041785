// CommandEvaluator against real evaluator processes (the Python test doubles in evaluators/):
// the exact lines sent, results, crashes, hangs, malformed answers, handshake failures, the
// worker pool's concurrency, restarts and giving up, stderr in notes, environment and working
// directory, config errors, and no processes left after stop().
#include "evaluate/command_evaluator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>

#include "evaluate/evaluator_protocol.h"
#include "model/row_json.h"
#include "protocol_test_support.h"
#include "support/temp_dir.h"

namespace evp::evaluate::test {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The scripted test evaluator with extra config keys (a JSON object's members) and arguments.
std::string scripted(const std::string& extra_keys = "", const std::string& extra_args = "") {
  return R"({"type":"command","name":"scripted","command":["python3","scripted_evaluator.py")" +
         extra_args + "]" + (extra_keys.empty() ? "" : "," + extra_keys) + "}";
}

class CommandEvaluatorTest : public ::testing::Test {
 protected:
  // Builds and starts the evaluator.
  AsyncEvaluator& start(const std::string& config) {
    config_ = Json::parse(config);
    evaluator_ = make_command_evaluator(ConfigReader(config_), loop_.env);
    loop_.run(evaluator_->start());
    return *evaluator_;
  }
  void stop() { loop_.run(evaluator_->stop()); }
  std::vector<model::MetricResult> each(const std::vector<model::EvaluationRow>& rows) {
    return loop_.evaluate_each(*evaluator_, rows);
  }
  std::string start_error(const std::string& config) {
    return input_error([&] { start(config); });
  }

  EvaluatorLoop loop_;
  Json config_;
  std::unique_ptr<AsyncEvaluator> evaluator_;
};

TEST_F(CommandEvaluatorTest, SendsOneExactLinePerRequestAndMapsTheResults) {
  const evp::test::TempDir dir;
  const std::string capture = (dir.path() / "requests.jsonl").string();
  start(scripted("", R"(,"--capture",")" + capture + "\""));
  const std::vector<model::EvaluationRow> rows = {
      answered_row("r1", "ok", Json("42")),
      answered_row(
          "r2",
          R"(result {"score": 0.5, "reason": "half", "metrics": {"style": {"score": 1, "reason": "terse"}}, "seen": [1]})"),
  };
  const auto metrics = each(rows);
  stop();
  EXPECT_EQ(outcome(metrics[0]), "1 | ok");
  EXPECT_EQ(outcome(metrics[1]), "0.5 | half");
  EXPECT_EQ(metrics[1].data, Json::parse(R"({"seen": [1], "metrics": {"style":
      {"score": 1.0, "reason": "terse", "is_score_valid": true, "data": {}}}})"));
  const std::string expected =
      dump_json(Json{{"id", 1}, {"mode", "pointwise"}, {"row", model::to_json(rows[0])}}) + "\n" +
      dump_json(Json{{"id", 2}, {"mode", "pointwise"}, {"row", model::to_json(rows[1])}}) + "\n";
  EXPECT_EQ(dir.read("requests.jsonl"), expected);
}

TEST_F(CommandEvaluatorTest, GroupwiseRoundTrip) {
  const evp::test::TempDir dir;
  const std::string capture = (dir.path() / "requests.jsonl").string();
  AsyncEvaluator& evaluator =
      start(scripted(R"("mode":"groupwise")", R"(,"--capture",")" + capture + "\""));
  EXPECT_EQ(evaluator.mode(), EvaluationMode::kGroupwise);
  const std::vector<model::EvaluationRow> group = {answered_row("r1", "score 0.25"),
                                                   answered_row("r1", "score 1"),
                                                   answered_row("r1", "score 0")};
  const auto metrics = loop_.run(evaluator.evaluate_group(group));
  const auto short_group =
      loop_.run(evaluator.evaluate_group({answered_row("r2", "short"), answered_row("r2", "ok")}));
  stop();
  ASSERT_EQ(metrics.size(), 3u);
  EXPECT_EQ(outcome(metrics[0]), "0.25 | scored 0.25");
  EXPECT_EQ(outcome(metrics[1]), "1 | scored 1");
  EXPECT_EQ(outcome(metrics[2]), "0 | scored 0");
  EXPECT_EQ(outcome(short_group.at(1)),
            "invalid | the evaluator returned 1 results for a group of 2 rollouts");
  EXPECT_TRUE(dir.read("requests.jsonl").starts_with(protocol::groupwise_request(1, group) + "\n"));
  EXPECT_TRUE(loop_.run(evaluator.evaluate_group({})).empty());
}

TEST_F(CommandEvaluatorTest, CrashFailsThatRowOnlyAndTheWorkerIsRestarted) {
  start(scripted());
  const auto metrics = each({answered_row("r1", "ok"), answered_row("r2", "crash"),
                             answered_row("r3", "ok"), answered_row("r4", "ok")});
  EXPECT_EQ(outcome(metrics[0]), "1 | ok");
  EXPECT_EQ(outcome(metrics[1]),
            "invalid | evaluator 'scripted' worker crashed (exit status 3) while scoring row r2; "
            "stderr: crashing on purpose on row r2");
  EXPECT_EQ(outcome(metrics[2]), "1 | ok");
  EXPECT_EQ(outcome(metrics[3]), "1 | ok");
  EXPECT_NE(answer_pid(metrics[0]), answer_pid(metrics[2]));  // a new process
  EXPECT_EQ(answer_pid(metrics[2]), answer_pid(metrics[3]));
  EXPECT_TRUE(process_gone(answer_pid(metrics[0])));
  stop();
  const std::vector<std::string> notes = evaluator_->notes();
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0],
            "evaluator 'scripted': 1 crash, 0 timeouts, 0 malformed answers; 1 worker restart");
  EXPECT_EQ(notes[1], "evaluator 'scripted' wrote to stderr:\ncrashing on purpose on row r2\n");
}

TEST_F(CommandEvaluatorTest, HangIsKilledAfterTheTimeoutAndThePoolGoesOn) {
  start(scripted(R"("timeout_s":0.5)"));
  const auto first = each({answered_row("r1", "ok")});
  const Clock::time_point before = Clock::now();
  const auto hung = each({answered_row("r2", "hang")});
  const double took = seconds_since(before);
  const auto after = each({answered_row("r3", "ok")});
  EXPECT_EQ(outcome(hung[0]),
            "invalid | evaluator 'scripted' timed out after 0.5 s while scoring row r2 (worker "
            "killed)");
  EXPECT_GE(took, 0.5);
  EXPECT_LT(took, 1.5);
  EXPECT_TRUE(process_gone(answer_pid(first[0])));
  EXPECT_EQ(outcome(after[0]), "1 | ok");
  stop();
  EXPECT_EQ(evaluator_->notes().at(0),
            "evaluator 'scripted': 0 crashes, 1 timeout, 0 malformed answers; 1 worker restart");
}

TEST_F(CommandEvaluatorTest, MalformedAnswersFailTheRequestAndReplaceTheWorker) {
  start(scripted());
  const auto metrics = each({answered_row("r1", "ok"), answered_row("r2", "garbage"),
                             answered_row("r3", "ok"), answered_row("r4", "wrong-id"),
                             answered_row("r5", "no-result"), answered_row("r6", "ok")});
  EXPECT_EQ(outcome(metrics[1]),
            "invalid | evaluator 'scripted' sent a malformed answer while scoring row r2: the "
            "answer is not JSON: 'this is not json' (worker restarted)");
  EXPECT_EQ(outcome(metrics[3]),
            "invalid | evaluator 'scripted' sent a malformed answer while scoring row r4: the "
            "answer's id is 1004, expected 4: '{\"id\": 1004, \"result\": {\"score\": 1.0}}' "
            "(worker restarted)");
  EXPECT_EQ(outcome(metrics[4]),
            "invalid | evaluator 'scripted' sent a malformed answer while scoring row r5: the "
            "answer has neither \"result\" nor \"error\": '{\"id\": 5}' (worker restarted)");
  EXPECT_EQ(outcome(metrics[5]), "1 | ok");
  EXPECT_NE(answer_pid(metrics[0]), answer_pid(metrics[2]));
  EXPECT_NE(answer_pid(metrics[2]), answer_pid(metrics[5]));
  stop();
}

TEST_F(CommandEvaluatorTest, ErrorAnswerKeepsTheWorker) {
  start(scripted());
  const auto metrics = each({answered_row("r1", "ok"), answered_row("r2", "error"),
                             answered_row("r3", "score 1.5"), answered_row("r4", "ok")});
  EXPECT_EQ(outcome(metrics[1]), "invalid | cannot score this row");
  EXPECT_EQ(outcome(metrics[2]), "invalid | score 1.5 is outside [0, 1] (reason: scored 1.5)");
  EXPECT_EQ(answer_pid(metrics[0]), answer_pid(metrics[3]));
  stop();
  EXPECT_TRUE(evaluator_->notes().empty());
}

TEST_F(CommandEvaluatorTest, FourWorkersServeFourRequestsAtOnce) {
  AsyncEvaluator& evaluator = start(scripted(R"("workers":4)"));
  std::vector<model::EvaluationRow> rows;
  for (int i = 0; i < 8; ++i) rows.push_back(answered_row("r" + std::to_string(i), "sleep 0.2"));
  const Clock::time_point before = Clock::now();
  const auto metrics = loop_.evaluate_all(evaluator, rows);
  const double took = seconds_since(before);
  std::set<long long> pids;
  std::vector<std::pair<double, int>> edges;  // (time, +1 at a start, -1 at an end)
  for (const auto& m : metrics) {
    EXPECT_EQ(outcome(m), "1 | ok");
    pids.insert(answer_pid(m));
    edges.emplace_back(m.data["started"].get<double>(), 1);
    edges.emplace_back(m.data["ended"].get<double>(), -1);
  }
  std::sort(edges.begin(), edges.end());  // an end sorts before a start at the same time
  int busy = 0;
  int most_busy = 0;
  for (const auto& [time, step] : edges) most_busy = std::max(most_busy, busy += step);
  EXPECT_EQ(pids.size(), 4u);
  EXPECT_EQ(most_busy, 4);  // four requests at once, never more
  EXPECT_LT(took, 1.5);     // one worker would take 1.6 s; four take 0.4 s plus overhead
  stop();
}

TEST_F(CommandEvaluatorTest, ManyRequestsWithFailuresAllEndWithTheirOwnOutcome) {
  AsyncEvaluator& evaluator = start(scripted(R"("workers":3)"));
  const std::vector<std::string> kinds = {"ok", "crash", "score 0.5", "garbage", "error", "ok"};
  std::vector<model::EvaluationRow> rows;
  for (int i = 0; i < 48; ++i) {
    rows.push_back(answered_row("r" + std::to_string(i), kinds[static_cast<size_t>(i) % 6]));
  }
  // A part of the outcome each kind of row must get.
  const std::map<std::string, std::string> expected = {
      {"ok", "1 | ok"},
      {"crash", "worker crashed (exit status 3)"},
      {"score 0.5", "0.5 | scored 0.5"},
      {"garbage", "sent a malformed answer"},
      {"error", "invalid | cannot score this row"}};
  const auto metrics = loop_.evaluate_all(evaluator, rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string got = outcome(metrics[i]);
    EXPECT_NE(got.find(expected.at(kinds[i % 6])), std::string::npos) << i << ": " << got;
  }
  stop();
  EXPECT_EQ(evaluator.notes().at(0).substr(0, 60),
            "evaluator 'scripted': 8 crashes, 0 timeouts, 8 malformed ans");
}

TEST_F(CommandEvaluatorTest, StopLeavesNoChildProcess) {
  AsyncEvaluator& evaluator = start(scripted(R"("workers":3)"));
  std::vector<model::EvaluationRow> rows;
  for (int i = 0; i < 6; ++i) rows.push_back(answered_row("r" + std::to_string(i), "sleep 0.05"));
  std::set<long long> pids;
  for (const auto& m : loop_.evaluate_all(evaluator, rows)) pids.insert(answer_pid(m));
  ASSERT_EQ(pids.size(), 3u);
  for (long long pid : pids) EXPECT_FALSE(process_gone(pid));
  const Clock::time_point before = Clock::now();
  stop();
  EXPECT_LT(seconds_since(before), 1.5);  // they exit on EOF; nobody waits for the kill
  for (long long pid : pids) EXPECT_TRUE(process_gone(pid)) << pid;
  // Requests after stop() fail at once.
  EXPECT_EQ(outcome(loop_.run(evaluator.evaluate(answered_row("r9", "ok")))),
            "invalid | evaluator 'scripted' is stopped");
}

TEST_F(CommandEvaluatorTest, StopLetsARequestInFlightFinish) {
  AsyncEvaluator& evaluator = start(scripted());
  const model::EvaluationRow row = answered_row("r1", "sleep 0.3");
  std::optional<model::MetricResult> in_flight;
  boost::asio::co_spawn(loop_.io, evaluator.evaluate(row),
                        [&](std::exception_ptr, model::MetricResult m) { in_flight = m; });
  stop();  // closes stdin; the evaluator answers, reads EOF and exits
  loop_.io.restart();
  loop_.io.run();
  ASSERT_TRUE(in_flight.has_value());
  EXPECT_EQ(outcome(*in_flight), "1 | ok");
  EXPECT_TRUE(process_gone(answer_pid(*in_flight)));
}

TEST_F(CommandEvaluatorTest, StderrIsKeptForTheNotes) {
  start(scripted(R"("workers":2)"));
  each({answered_row("r1", "stderr first line"), answered_row("r2", "stderr second line")});
  stop();
  const std::vector<std::string> notes = evaluator_->notes();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], "evaluator 'scripted' wrote to stderr:\nfirst line\nsecond line\n");
}

TEST_F(CommandEvaluatorTest, ProcessesGetTheEnvironmentAndStartInTheSuiteFolder) {
  ::setenv("EVP_TEST_INHERITED", "from evp", 1);
  start(scripted(R"("env":{"EVP_TEST_GREETING":"hello","EVP_TEST_PORT":8080})"));
  const auto metrics =
      each({answered_row("r1", "env EVP_TEST_GREETING"), answered_row("r2", "env EVP_TEST_PORT"),
            answered_row("r3", "env EVP_TEST_INHERITED"), answered_row("r4", "cwd")});
  stop();
  ::unsetenv("EVP_TEST_INHERITED");
  EXPECT_EQ(outcome(metrics[0]), "1 | hello");
  EXPECT_EQ(outcome(metrics[1]), "1 | 8080");
  EXPECT_EQ(outcome(metrics[2]), "1 | from evp");
  EXPECT_EQ(std::filesystem::canonical(metrics[3].reason),
            std::filesystem::canonical(kTestEvaluators));
}

TEST_F(CommandEvaluatorTest, HandshakeFailuresStopTheStartWithTheReason) {
  const auto bad = [](const std::string& how, const std::string& extra = "") {
    return R"({"type":"command","name":"bad","command":["python3","bad_handshake.py",")" + how +
           "\"]" + extra + "}";
  };
  const std::string prefix = "evaluator 'bad' (python3 bad_handshake.py ";
  EXPECT_EQ(
      start_error(bad("garbage")),
      prefix +
          R"(garbage): handshake: expected {"protocol": "evp-evaluator/1", "modes": ["pointwise"]} as the first line, got 'hello evp')");
  EXPECT_EQ(start_error(bad("wrong-protocol")),
            prefix +
                "wrong-protocol): handshake: protocol 'evp-evaluator/2' is not supported "
                "(evp speaks evp-evaluator/1)");
  EXPECT_EQ(start_error(bad("groupwise-only")),
            prefix +
                "groupwise-only): handshake: the evaluator serves modes [groupwise] but its "
                "config asks for mode pointwise");
  EXPECT_EQ(start_error(bad("exit")),
            prefix +
                "exit): handshake: the process ended (exit status 2) before writing its "
                "handshake line; stderr: cannot load the model");
  const Clock::time_point before = Clock::now();
  EXPECT_EQ(start_error(bad("silent", R"(,"timeout_s":0.3,"workers":2)")),
            prefix +
                "silent): handshake: no handshake line within 0.3 s (timeout_s; the process "
                "was killed)");
  EXPECT_LT(seconds_since(before), 1.5);
  EXPECT_EQ(
      start_error(R"({"type":"command","name":"bad","command":["no-such-evaluator-program"]})"),
      "evaluator 'bad' (no-such-evaluator-program): cannot start "
      "'no-such-evaluator-program': No such file or directory");
  // A script that does not exist: python3 starts, says why on stderr and exits.
  EXPECT_TRUE(start_error(R"({"type":"command","name":"bad","command":["python3","missing.py"]})")
                  .starts_with("evaluator 'bad' (python3 missing.py): handshake: the process "
                               "ended (exit status 2) before writing its handshake line; stderr: "))
      << start_error(R"({"type":"command","name":"bad","command":["python3","missing.py"]})");
}

TEST(CommandEvaluator, MissingSuiteFolderIsReportedAsSuch) {
  EvaluatorLoop loop("/nonexistent/suite");
  const Json config = Json::parse(R"({"type":"command","command":["python3","x.py"]})");
  const auto evaluator = make_command_evaluator(ConfigReader(config), loop.env);
  EXPECT_EQ(input_error([&] { loop.run(evaluator->start()); }),
            "evaluator 'command' (python3 x.py): cannot start 'python3' in '/nonexistent/suite': "
            "no such directory");
}

TEST_F(CommandEvaluatorTest, WorkerWhoseRestartFailsIsGivenUpAndRequestsStillEnd) {
  const evp::test::TempDir dir;
  const std::string flag = (dir.path() / "refuse").string();
  AsyncEvaluator& evaluator = start(scripted("", R"(,"--fail-handshake-if",")" + flag + "\""));
  std::ofstream(flag) << "x";
  const Clock::time_point before = Clock::now();
  const auto metrics =
      each({answered_row("r1", "crash"), answered_row("r2", "ok"), answered_row("r3", "ok"),
            answered_row("r4", "ok"), answered_row("r5", "ok")});
  EXPECT_LT(seconds_since(before), 3.0);
  EXPECT_TRUE(outcome(metrics[0]).starts_with("invalid | evaluator 'scripted' worker crashed"));
  const std::string problem =
      "handshake: protocol 'no' is not supported (evp speaks evp-evaluator/1); stderr: refusing "
      "to start: " +
      flag + " exists";
  // One failed restart per request (restarts never outnumber requests), then given up.
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(outcome(metrics[i]),
              "invalid | evaluator 'scripted' could not restart a worker: " + problem);
  }
  const std::string given_up =
      "worker 1 was given up after 3 failed restarts in a row; the last: " + problem;
  EXPECT_EQ(outcome(metrics[4]),
            "invalid | evaluator 'scripted' has no workers left (" + given_up + ")");
  stop();
  const std::vector<std::string> notes = evaluator.notes();
  ASSERT_GE(notes.size(), 2u);
  EXPECT_EQ(notes[0],
            "evaluator 'scripted': 1 crash, 0 timeouts, 0 malformed answers; 3 worker restarts (3 "
            "failed)");
  EXPECT_EQ(notes[1], "evaluator 'scripted': " + given_up);
}

TEST_F(CommandEvaluatorTest, ConfigErrors) {
  const auto error = [&](const std::string& config) {
    const Json j = Json::parse(config);
    return input_error([&] { make_command_evaluator(ConfigReader(j), loop_.env); });
  };
  EXPECT_EQ(error(R"({"type":"command","command":"python3 eval.py"})"),
            "command.command: expected a list like [python3, my_eval.py], got a string: write "
            "the program and each argument as its own item");
  EXPECT_EQ(error(R"({"type":"command"})"), "command: 'command' is required");
  EXPECT_EQ(error(R"({"type":"command","command":[]})"),
            "command.command: expected a non-empty array of strings");
  EXPECT_EQ(error(R"({"type":"command","command":["x"],"worker":2})"),
            "command: unknown key 'worker'");
  EXPECT_EQ(error(R"({"type":"command","command":["x"],"env":{"A=B":"1"}})"),
            "command.env: 'A=B' is not a variable name");
  EXPECT_EQ(error(R"({"type":"command","command":["x"],"mode":"pairwise"})"),
            "command.mode: expected pointwise or groupwise, got 'pairwise'");
  EXPECT_EQ(error(R"({"type":"command","command":["x"],"workers":4,"timeout_s":5,
                      "mode":"groupwise","env":{"A":"1"},"name":"n","weight":2})"),
            "no error");
}

}  // namespace
}  // namespace evp::evaluate::test
