// The runner end to end against the scripted fake OpenAI server (a test double): the exact
// request on the wire, usage and cost on the rows, retries and final errors recorded on the
// rows, the response cache, the per-model concurrency limit, and streaming.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <map>
#include <sstream>

#include "base/errors.h"
#include "model/row_json.h"
#include "runner/report.h"
#include "runner/run_suite.h"
#include "store/store.h"
#include "suite/suite.h"
#include "support/fake_openai/fake_openai_server.h"
#include "support/temp_dir.h"

namespace evp::test {
namespace {

class RunSuiteHttpTest : public ::testing::Test {
 protected:
  void SetUp() override { setenv("EVP_TEST_FAKE_KEY", "sk-test-secret", 1); }

  // n rows "question i: the answer is i" (the fake server echoes it back).
  void write_dataset(int n) {
    std::string data;
    for (int i = 0; i < n; ++i) {
      data += "{\"messages\":[{\"role\":\"user\",\"content\":\"question " + std::to_string(i) +
              ": the answer is " + std::to_string(i % 2 ? 42 : 7) +
              "\"}],\"input_metadata\":{\"row_id\":\"q" + std::to_string(i) + "\"}}\n";
    }
    dir.write("data.jsonl", data);
  }

  suite::Suite write_suite(const std::string& model_extra, int runs = 1) {
    dir.write(
        "suite.yaml",
        "name: http\ndataset: data.jsonl\nsystem_prompt: Be brief.\nmodels:\n  - key: fake\n"
        "    base_url: " +
            server.base_url() +
            "\n    model: fake-model-x\n"
            "    api_key_env: EVP_TEST_FAKE_KEY\n    params: {temperature: 0.0, max_tokens: 16}\n"
            "    price: {input_per_mtok: 1000000, output_per_mtok: 2000000}\n" +
            model_extra + "runs: " + std::to_string(runs) +
            "\nevaluators:\n  - {type: contains, value: \"42\"}\n");
    return suite::load_suite(dir.path() / "suite.yaml");
  }

  // A suite of one model at `server` limited to 8 requests in flight, `runs` runs.
  suite::Suite write_limited_suite(const FakeOpenAiServer& at, int runs) {
    dir.write(
        "suite.yaml",
        "name: c\ndataset: data.jsonl\nmodels:\n  - key: fake\n    base_url: " + at.base_url() +
            "\n    model: m\n    limits: {concurrency: 8}\nruns: " + std::to_string(runs) +
            "\nevaluators:\n  - {type: contains, value: \"42\"}\n");
    return suite::load_suite(dir.path() / "suite.yaml");
  }

  runner::RunOutcome run(const suite::Suite& s, bool cache = true, int threads = 0) {
    runner::RunOptions o;
    o.store_path = dir.path() / "evp.db";
    o.show_progress = false;
    o.use_cache = cache;
    o.threads = threads;
    std::ostringstream log;
    return runner::run_suite(s, o, log);
  }

  std::vector<model::EvaluationRow> stored_rows(const std::string& id) {
    auto store = store::Store::open(dir.path() / "evp.db");
    std::vector<model::EvaluationRow> rows;
    store->for_each_rollout(id, [&](const store::RolloutRecord& r) {
      rows.push_back(model::row_from_json(Json::parse(r.row_json)));
    });
    return rows;
  }

  TempDir dir;
  FakeOpenAiServer server;
};

TEST_F(RunSuiteHttpTest, SendsTheExactRequestAndRecordsUsageCostAndScores) {
  write_dataset(10);
  const auto outcome = run(write_suite(""));
  EXPECT_EQ(outcome.executed, 10);
  EXPECT_EQ(outcome.errors, 0);

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 10u);
  for (const auto& r : requests) {
    EXPECT_EQ(r.target, "/v1/chat/completions");
    EXPECT_EQ(r.headers.at("authorization"), "Bearer sk-test-secret");
    EXPECT_EQ(r.headers.at("content-type"), "application/json");
  }
  Json first;
  for (const auto& r : requests) {
    if (r.json["messages"][1]["content"] == "question 3: the answer is 42") first = r.json;
  }
  EXPECT_EQ(first, Json::parse(R"({"model":"fake-model-x","temperature":0.0,"max_tokens":16,
      "messages":[{"role":"system","content":"Be brief."},
                  {"role":"user","content":"question 3: the answer is 42"}]})"));

  const auto rows = stored_rows(outcome.experiment_id);
  ASSERT_EQ(rows.size(), 10u);
  for (const auto& row : rows) {
    ASSERT_TRUE(row.rollout_status.is_finished()) << row.rollout_status.message;
    const std::string question = row.messages[1].text();
    EXPECT_EQ(row.messages.back().text(), question) << "the fake server echoes";
    // Fake usage: ceil(bytes/4) of all message texts, and of the answer.
    const long long prompt =
        static_cast<long long>(std::ceil((9.0 + static_cast<double>(question.size())) / 4));
    const long long completion =
        static_cast<long long>(std::ceil(static_cast<double>(question.size()) / 4));
    ASSERT_TRUE(row.execution_metadata.usage.has_value());
    EXPECT_EQ(row.execution_metadata.usage->prompt_tokens, prompt);
    EXPECT_EQ(row.execution_metadata.usage->completion_tokens, completion);
    EXPECT_DOUBLE_EQ(*row.execution_metadata.cost_metrics->total_cost_dollar,
                     static_cast<double>(prompt) * 1.0 + static_cast<double>(completion) * 2.0);
    EXPECT_EQ(row.execution_metadata.finish_reason, "stop");
    const bool has_42 = question.find("42") != std::string::npos;
    EXPECT_EQ(row.evaluation_result->score, has_42 ? 1.0 : 0.0);
    EXPECT_EQ(row.input_metadata.completion_params["model"], "fake-model-x");
  }
  auto store = store::Store::open(dir.path() / "evp.db");
  const auto report = runner::build_report(*store, outcome.experiment_id);
  ASSERT_EQ(report.models.size(), 1u);
  EXPECT_DOUBLE_EQ(report.models[0].score.mean, 0.5);
  const std::string dumped = runner::report_json(report).dump();
  EXPECT_EQ(dumped.find("sk-test-secret"), std::string::npos);
}

TEST_F(RunSuiteHttpTest, RetriedFailuresSucceedAndFinalErrorsAreRecordedOnTheRow) {
  write_dataset(12);
  server.set_handler([](const FakeRequest& r) {
    const std::string q = r.json["messages"][1]["content"];
    if (q.rfind("question 5:", 0) == 0) return FakeReply::error(400, "max_tokens is too large");
    FakeReply reply;
    reply.use_default = true;
    return reply;
  });
  server.push(
      {FakeReply::rate_limited("0"), FakeReply::error(503, "overloaded"), FakeReply::drop()});
  const auto outcome = run(write_suite("    max_attempts: 4\n    limits: {concurrency: 1}\n"));
  EXPECT_EQ(outcome.executed, 12);
  EXPECT_EQ(outcome.errors, 1);
  int retried = 0;
  for (const auto& row : stored_rows(outcome.experiment_id)) {
    const Json& evp_extra = (*row.execution_metadata.extra)["evp"];
    if (row.input_metadata.row_id == "q5") {
      EXPECT_EQ(row.rollout_status.code, 3) << "400 -> INVALID_ARGUMENT, not retried";
      EXPECT_NE(row.rollout_status.message.find("max_tokens is too large"), std::string::npos)
          << row.rollout_status.message;
      EXPECT_EQ(evp_extra["attempts"], 1);
      EXPECT_FALSE(row.evaluation_result.has_value());
    } else {
      EXPECT_TRUE(row.rollout_status.is_finished()) << row.rollout_status.message;
      if (evp_extra["attempts"].get<int>() > 1) ++retried;
    }
  }
  EXPECT_EQ(retried, 1) << "the first rollout took 4 attempts (429, 503, dropped, ok)";
}

TEST_F(RunSuiteHttpTest, ResumeRollsOutTheFailedRolloutsAgainAndReplacesThem) {
  write_dataset(6);
  bool failing = true;
  server.set_handler([&failing](const FakeRequest& r) {
    const std::string q = r.json["messages"][1]["content"];
    if (failing && q.rfind("question 2:", 0) == 0) return FakeReply::error(400, "not today");
    FakeReply reply;
    reply.use_default = true;
    return reply;
  });
  const suite::Suite s = write_suite("");
  const auto first = run(s);
  EXPECT_EQ(first.errors, 1);
  EXPECT_EQ(server.request_count(), 6u);
  failing = false;
  runner::RunOptions o;
  o.store_path = dir.path() / "evp.db";
  o.show_progress = false;
  o.resume_id = first.experiment_id;
  std::ostringstream log;
  const auto resumed = runner::run_suite(s, o, log);
  EXPECT_EQ(resumed.already_done, 5) << "the five that finished are kept";
  EXPECT_EQ(resumed.executed, 1);
  EXPECT_EQ(resumed.errors, 0);
  EXPECT_EQ(server.request_count(), 7u) << "errors are never cached: the server was asked again";
  const auto rows = stored_rows(first.experiment_id);
  ASSERT_EQ(rows.size(), 6u) << "replaced, not stored twice";
  for (const auto& row : rows)
    EXPECT_TRUE(row.rollout_status.is_finished()) << row.rollout_status.message;
}

TEST_F(RunSuiteHttpTest, ResponseCacheAnswersRepeatedRunsButKeepsRunsIndependent) {
  write_dataset(6);
  const suite::Suite s = write_suite("", /*runs=*/2);
  const auto first = run(s);
  EXPECT_EQ(server.request_count(), 12u) << "two runs are two independent samples";
  EXPECT_EQ(first.cache_hits, 0);
  const auto second = run(s);
  EXPECT_EQ(server.request_count(), 12u) << "answered from the cache";
  EXPECT_EQ(second.cache_hits, 12);
  for (const auto& row : stored_rows(second.experiment_id)) {
    EXPECT_EQ((*row.execution_metadata.extra)["evp"]["cache_hit"], true);
    EXPECT_TRUE(row.execution_metadata.usage.has_value());
  }
  run(s, /*cache=*/false);
  EXPECT_EQ(server.request_count(), 24u) << "--no-cache calls the model again";
}

TEST_F(RunSuiteHttpTest, ConcurrencyLimitIsReachedAndNeverExceeded) {
  FakeServerOptions options;
  options.latency_s = 0.02;
  FakeOpenAiServer slow(options);
  write_dataset(64);
  run(write_limited_suite(slow, 1));
  EXPECT_EQ(slow.request_count(), 64u);
  EXPECT_EQ(slow.peak_concurrency(), 8);
}

TEST_F(RunSuiteHttpTest, LanesShareTheConcurrencyLimitAndStoreEveryRolloutOnceInDatasetOrder) {
  FakeServerOptions options;
  options.latency_s = 0.01;
  FakeOpenAiServer slow(options);
  write_dataset(40);
  const auto outcome = run(write_limited_suite(slow, 2), true, /*threads=*/3);
  EXPECT_EQ(outcome.executed, 80);
  EXPECT_EQ(outcome.errors, 0);
  EXPECT_EQ(slow.request_count(), 80u);
  EXPECT_EQ(slow.peak_concurrency(), 8) << "three lanes (3 + 3 + 2) together reach the limit";
  const auto rows = stored_rows(outcome.experiment_id);
  ASSERT_EQ(rows.size(), 80u);
  for (size_t i = 0; i < rows.size(); ++i) {
    // Read back in dataset order, each row's runs together.
    EXPECT_EQ(*rows[i].input_metadata.row_id, "q" + std::to_string(i / 2)) << i;
    EXPECT_EQ((*rows[i].execution_metadata.extra)["evp"]["run"], static_cast<int>(i % 2)) << i;
  }
}

TEST_F(RunSuiteHttpTest, AFreshRunsReportIsTheReportReadBackFromTheStore) {
  write_dataset(12);
  server.set_handler([](const FakeRequest& r) {
    const std::string q = r.json["messages"][1]["content"];
    if (q.rfind("question 3:", 0) == 0) return FakeReply::error(400, "no");
    FakeReply reply;
    reply.use_default = true;
    return reply;
  });
  dir.write("suite.yaml",
            "name: http\ndataset: data.jsonl\nsystem_prompt: Be brief.\nmodels:\n"
            "  - key: a\n    base_url: " +
                server.base_url() +
                "\n    model: m1\n    price: {input_per_mtok: 1, output_per_mtok: 2}\n"
                "  - key: b\n    base_url: " +
                server.base_url() +
                "\n    model: m2\nruns: 2\nthreshold: {success: 0.4}\nevaluators:\n"
                "  - {type: contains, value: \"42\"}\n  - {type: regex, pattern: \"answer\"}\n"
                "  - {type: numeric_answer}\n");
  const auto s = suite::load_suite(dir.path() / "suite.yaml");
  const auto outcome = run(s, true, /*threads=*/2);
  ASSERT_TRUE(outcome.report.has_value());
  auto store = store::Store::open(dir.path() / "evp.db");
  const runner::Report stored = runner::build_report(*store, outcome.experiment_id);
  EXPECT_EQ(runner::report_json(*outcome.report), runner::report_json(stored));
  ASSERT_EQ(stored.models.size(), 2u);
  EXPECT_EQ(stored.models[0].errors, 2) << "question 3, both runs";
  EXPECT_EQ(stored.models[0].metric_means.size(), 2u) << "numeric_answer is never valid here";
  EXPECT_EQ(stored.models[0].invalid, 0);

  runner::RunOptions o;
  o.store_path = dir.path() / "evp.db";
  o.show_progress = false;
  o.resume_id = outcome.experiment_id;
  std::ostringstream log;
  EXPECT_FALSE(runner::run_suite(s, o, log).report.has_value())
      << "a resumed run's report needs the rollouts stored before";
}

TEST_F(RunSuiteHttpTest, ResumeRefusesADatasetWhoseRowsChanged) {
  write_dataset(4);
  const suite::Suite s = write_suite("");
  const auto first = run(s);
  // Same suite file, rows in another order: positions no longer name the same rows.
  std::string data = dir.read("data.jsonl");
  const size_t second_line = data.find('\n') + 1;
  data = data.substr(second_line) + data.substr(0, second_line);
  dir.write("data.jsonl", data);
  runner::RunOptions o;
  o.store_path = dir.path() / "evp.db";
  o.show_progress = false;
  o.resume_id = first.experiment_id;
  std::ostringstream log;
  try {
    runner::run_suite(suite::load_suite(dir.path() / "suite.yaml"), o, log);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              (dir.path() / "data.jsonl").string() +
                  ": the dataset's rows changed since experiment " + first.experiment_id +
                  " was started; resume needs the same rows in the same order (start a new run "
                  "instead)");
  }
  EXPECT_EQ(server.request_count(), 4u) << "nothing was asked";
}

TEST_F(RunSuiteHttpTest, StreamingAssemblesTheAnswerAndRecordsTimeToFirstToken) {
  write_dataset(4);
  const auto outcome = run(write_suite("    stream: true\n"));
  EXPECT_EQ(outcome.errors, 0);
  for (const auto& r : server.requests()) {
    EXPECT_EQ(r.json["stream"], true);
    EXPECT_EQ(r.json["stream_options"], Json::parse(R"({"include_usage":true})"));
  }
  std::map<std::string, double> ttft_by_row;
  for (const auto& row : stored_rows(outcome.experiment_id)) {
    EXPECT_EQ(row.messages.back().text(), row.messages[1].text());
    EXPECT_TRUE((*row.execution_metadata.extra)["evp"].contains("ttft_seconds"));
    EXPECT_TRUE(row.execution_metadata.usage.has_value());
    ttft_by_row[*row.input_metadata.row_id] =
        (*row.execution_metadata.extra)["evp"]["ttft_seconds"].get<double>();
  }
  // Answered from the cache, a streamed answer keeps its time to first token.
  const auto again = run(write_suite("    stream: true\n"));
  EXPECT_EQ(again.cache_hits, 4);
  for (const auto& row : stored_rows(again.experiment_id)) {
    const Json& evp_extra = (*row.execution_metadata.extra)["evp"];
    EXPECT_EQ(evp_extra["cache_hit"], true);
    EXPECT_EQ(evp_extra["ttft_seconds"].get<double>(), ttft_by_row[*row.input_metadata.row_id]);
  }
  // A plain (non-streamed) model with the same endpoint does not reuse streamed answers.
  const auto plain = run(write_suite(""));
  EXPECT_EQ(plain.cache_hits, 0);
}

}  // namespace
}  // namespace evp::test
