// `evp run` on the quickstart suites: exit codes, the JSON report checked against numbers
// computed here independently from the canned answers, JUnit, JSONL rows, experiments, show
// and export.
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "cli_fixture.h"

namespace evp::test {
namespace {

TEST_F(CliTest, QuickstartPassesAndReportsWhatTheCannedAnswersImply) {
  const ProcessResult r = evp({"run", quickstart("suite.yaml"), "--json", "report.json", "--junit",
                               "report.xml", "--jsonl", "rows.jsonl", "--no-progress"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.err.find("note: skipped model fireworks-llama-8b: FIREWORKS_API_KEY is not set"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("canned-strong"), std::string::npos);

  const Json report = Json::parse(dir.read("report.json"));
  EXPECT_EQ(report["suite"], "quickstart-arithmetic");
  EXPECT_EQ(report["passed"], true);
  ASSERT_EQ(report["models"].size(), 3u);
  double previous = 2.0;
  for (const auto& m : report["models"]) {
    const std::string name = m["model"];
    const auto scores = expected_scores(quickstart("canned/" + name + ".jsonl"),
                                        quickstart("data/questions.jsonl"));
    // Independent fixed-question-set estimate (Eval Protocol's): mean of row means, and
    // SE = sqrt(sum_i p_i(1-p_i)/(m_i-1)) / Q.
    double sum_means = 0;
    double sum_var = 0;
    for (const auto& [row, s] : scores) {
      double p = 0;
      for (double x : s) p += x;
      p /= static_cast<double>(s.size());
      sum_means += p;
      sum_var += p * (1 - p) / static_cast<double>(s.size() - 1);
    }
    const double q = static_cast<double>(scores.size());
    const double mean = sum_means / q;
    const double se = std::sqrt(sum_var) / q;
    EXPECT_EQ(m["rows"], 40) << name;
    EXPECT_EQ(m["rollouts"], 120) << name;
    EXPECT_EQ(m["errors"], 0) << name;
    EXPECT_NEAR(m["score"]["mean"].get<double>(), mean, 1e-12) << name;
    EXPECT_NEAR(m["score"]["standard_error"].get<double>(), se, 1e-12) << name;
    EXPECT_NEAR(m["score"]["ci_low"].get<double>(), std::max(0.0, mean - 1.959963984540054 * se),
                1e-9);
    EXPECT_NEAR(m["score"]["ci_high"].get<double>(), std::min(1.0, mean + 1.959963984540054 * se),
                1e-9);
    EXPECT_LE(m["score"]["mean"].get<double>(), previous) << "leaderboard is best first";
    previous = m["score"]["mean"].get<double>();
    EXPECT_EQ(m["usage"]["prompt_tokens"], 120 * 24) << name;
    EXPECT_GT(m["latency_ms"]["p50"].get<double>(), 30.0) << "canned delays are really waited";
    // The only evaluator: its metric mean over rollouts is the score mean (every row has
    // three runs), read from the store's metrics column.
    EXPECT_NEAR(m["metrics"]["numeric_answer"]["mean"].get<double>(), mean, 1e-12) << name;
  }

  const std::string junit = dir.read("report.xml");
  EXPECT_NE(
      junit.find(
          "<testsuite name=\"quickstart-arithmetic\" tests=\"3\" failures=\"0\" errors=\"0\">"),
      std::string::npos)
      << junit;

  const auto rows = read_jsonl(dir.read("rows.jsonl"));
  ASSERT_EQ(rows.size(), 360u);
  std::set<std::tuple<std::string, std::string, int>> keys;
  for (const auto& row : rows) {
    const Json& evp_extra = row["execution_metadata"]["extra"]["evp"];
    keys.emplace(evp_extra["model"], row["input_metadata"]["row_id"], evp_extra["run"]);
    EXPECT_EQ(row["rollout_status"]["code"], 100);
    EXPECT_EQ(row["messages"][0]["role"], "system");
    EXPECT_EQ(row["messages"].back()["role"], "assistant");
    EXPECT_TRUE(row["evaluation_result"].contains("score"));
    EXPECT_EQ(row["eval_metadata"]["num_runs"], 3);
    EXPECT_EQ(row["execution_metadata"]["experiment_id"], report["experiment_id"]);
  }
  EXPECT_EQ(keys.size(), 360u) << "every (model, row, run) exactly once";

  const ProcessResult list = evp({"experiments", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const Json experiments = Json::parse(list.out);
  ASSERT_EQ(experiments.size(), 1u);
  EXPECT_EQ(experiments[0]["id"], report["experiment_id"]);
  EXPECT_EQ(experiments[0]["status"], "finished");
  EXPECT_EQ(experiments[0]["done"], 360);
  EXPECT_EQ(experiments[0]["total"], 360);

  const ProcessResult show = evp({"show", report["experiment_id"], "--json"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(Json::parse(show.out), report);

  const ProcessResult exported = evp({"export", report["experiment_id"], "--out", "export.jsonl"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(dir.read("export.jsonl"), dir.read("rows.jsonl"));
}

TEST_F(CliTest, HouseStyleSuiteMissesItsThreshold) {
  const ProcessResult r =
      evp({"run", quickstart("strict.yaml"), "--junit", "strict.xml", "--no-progress"});
  EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
  EXPECT_NE(r.out.find("FAILED"), std::string::npos) << r.out;
  const std::string junit = dir.read("strict.xml");
  EXPECT_NE(junit.find("<failure message=\""), std::string::npos) << junit;
}

}  // namespace
}  // namespace evp::test
