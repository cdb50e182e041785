// ReportBuilder must give the same report whatever order the rollouts arrive in: a run adds
// them as they finish, `evp show` reads them back in dataset order, and both reports must be
// equal to the last bit (floating-point sums depend on the order of their terms).
#include "runner/report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include <fmt/format.h>

namespace evp::runner {
namespace {

std::vector<store::RolloutRecord> records() {
  std::vector<store::RolloutRecord> out;
  for (int row = 0; row < 40; ++row) {
    for (int run = 0; run < 3; ++run) {
      store::RolloutRecord r;
      r.experiment_id = "exp";
      r.key = {row % 2 ? "a" : "b", fmt::format("row-{:02}", row), run};
      r.row_index = row;
      r.score_valid = true;
      r.score = 0.1 * ((row * 7 + run * 3) % 11);  // tenths: sums that round differently
      r.cost_usd = 1e-7 * (row + 1) + 0.3 / (run + 1);
      r.latency_ms = 10.0 + row;
      r.metrics_json = fmt::format(R"({{"m":{}}})", 1.0 / (row + run + 3));
      out.push_back(r);
    }
  }
  return out;
}

std::string report_of(const std::vector<store::RolloutRecord>& recs) {
  ReportBuilder builder;
  for (const auto& r : recs) builder.add(r);
  store::ExperimentRecord exp;
  exp.id = "exp";
  exp.suite_name = "suite";
  exp.config = Json{{"runs", 3}};
  exp.status = "finished";
  return dump_json(report_json(std::move(builder).finish(exp)));
}

TEST(ReportBuilder, ReportsTheSameNumbersWhateverOrderRolloutsArriveIn) {
  auto recs = records();
  const std::string in_order = report_of(recs);
  std::mt19937 rng(7);
  for (int i = 0; i < 5; ++i) {
    std::shuffle(recs.begin(), recs.end(), rng);
    EXPECT_EQ(report_of(recs), in_order);
  }
  // The cost is the sum over rollouts, summed here independently (ascending, as the builder).
  std::vector<double> costs;
  for (const auto& r : records()) {
    if (r.key.model == "a") costs.push_back(r.cost_usd);
  }
  std::sort(costs.begin(), costs.end());
  double total = 0;
  for (double c : costs) total += c;
  const Json report = Json::parse(in_order);
  ASSERT_EQ(report["models"].size(), 2u);
  for (const auto& m : report["models"]) {
    if (m["model"] == "a") {
      EXPECT_EQ(m["cost_usd"].get<double>(), total);
    }
  }
}

TEST(ReportBuilder, PassAtKAndPassHatKOverRowsWithAllRuns) {
  // Three runs. Row r0: passes 1, 1, 0 (c = 2); r1: 1, failed, 0.5 (c = 1); r2: 0, 0, 0;
  // r3 has only two rollouts stored and is left out.
  std::vector<store::RolloutRecord> recs;
  auto add = [&](const std::string& row, int run, double score, int status = 100) {
    store::RolloutRecord r;
    r.key = {"m", row, run};
    r.status_code = status;
    r.score_valid = status == 100;
    r.score = score;
    recs.push_back(r);
  };
  add("r0", 0, 1), add("r0", 1, 1), add("r0", 2, 0);
  add("r1", 0, 1), add("r1", 1, 0, 13), add("r1", 2, 0.5);
  add("r2", 0, 0), add("r2", 1, 0), add("r2", 2, 0);
  add("r3", 0, 1), add("r3", 1, 1);
  const Json m = Json::parse(report_of(recs))["models"][0];
  // pass@3 with n = 3: 1 when c >= 1, else 0 -> (1 + 1 + 0) / 3. pass^3: 1 only when c = 3.
  EXPECT_EQ(m["pass_at_k"]["k"], 3);
  EXPECT_DOUBLE_EQ(m["pass_at_k"]["mean"].get<double>(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(m["pass_hat_k"]["mean"].get<double>(), 0.0);
  // The interval: mean -+ 1.96 * sample sd / sqrt(3), clamped to [0, 1]; sd of {1, 1, 0} is
  // sqrt(1/3).
  const double half = 1.959963984540054 * std::sqrt(1.0 / 3.0) / std::sqrt(3.0);
  EXPECT_NEAR(m["pass_at_k"]["ci_low"].get<double>(), 2.0 / 3.0 - half, 1e-12);
  EXPECT_DOUBLE_EQ(m["pass_at_k"]["ci_high"].get<double>(), 1.0);
}

TEST(ReportBuilder, ClusteredIntervalOverRowMeans) {
  // One run; rows r0..r5 with scores, clusters a, a, b, b, b and none (its own cluster).
  const std::vector<std::pair<double, std::string>> rows = {{1.0, "a"}, {0.0, "a"}, {1.0, "b"},
                                                            {1.0, "b"}, {0.5, "b"}, {0.0, ""}};
  ReportBuilder builder;
  for (size_t i = 0; i < rows.size(); ++i) {
    store::RolloutRecord r;
    r.key = {"m", "r" + std::to_string(i), 0};
    r.score_valid = true;
    r.score = rows[i].first;
    r.cluster = rows[i].second;
    builder.add(r);
  }
  store::ExperimentRecord exp;
  exp.config = Json{{"runs", 1}};
  const Json c = report_json(std::move(builder).finish(exp))["models"][0]["clustered"];
  // By hand: mean 3.5 / 6; cluster sums of deviations; CR1 factor G / (G - 1) with G = 3.
  const double mean = 3.5 / 6;
  const double sa = (1.0 - mean) + (0.0 - mean), sb = 2 * (1.0 - mean) + (0.5 - mean),
               sc = 0.0 - mean;
  const double se = std::sqrt(3.0 / 2.0 * (sa * sa + sb * sb + sc * sc)) / 6;
  EXPECT_DOUBLE_EQ(c["mean"].get<double>(), mean);
  EXPECT_NEAR(c["standard_error"].get<double>(), se, 1e-15);
  EXPECT_NEAR(c["ci_low"].get<double>(), mean - 1.959963984540054 * se, 1e-12);
  EXPECT_EQ(c["clusters"], 3);
}

TEST(ReportBuilder, MajorityVoteOverRunsWhateverTheArrivalOrder) {
  // r0: 42, 42, 7 -> "42" (scores 1). r1: 7, 42, 8, all once -> the smallest, "42" (1).
  // r2: a, a, b -> "a" (0). A failed rollout (no answer) does not vote.
  std::vector<store::RolloutRecord> recs;
  auto add = [&](const std::string& row, int run, const std::string& answer, double score,
                 int status = 100) {
    store::RolloutRecord r;
    r.key = {"m", row, run};
    r.status_code = status;
    r.score_valid = status == 100;
    r.score = score;
    r.answer = answer;
    recs.push_back(r);
  };
  add("r0", 0, "42", 1), add("r0", 1, "42", 1), add("r0", 2, "7", 0);
  add("r1", 0, "7", 0), add("r1", 1, "42", 1), add("r1", 2, "8", 0);
  add("r2", 0, "a", 0), add("r2", 1, "a", 0), add("r2", 2, "b", 1), add("r2", 3, "", 0, 13);
  const std::string in_order = report_of(recs);
  const Json m = Json::parse(in_order)["models"][0];
  EXPECT_DOUBLE_EQ(m["majority_vote"]["mean"].get<double>(), 2.0 / 3.0);
  std::reverse(recs.begin(), recs.end());
  EXPECT_EQ(report_of(recs), in_order);
}

TEST(ReportBuilder, NoPassAtKWithOneRun) {
  store::RolloutRecord r;
  r.key = {"m", "r0", 0};
  r.score_valid = true;
  r.score = 1;
  ReportBuilder builder;
  builder.add(r);
  store::ExperimentRecord exp;
  exp.config = Json{{"runs", 1}};
  const Json m = report_json(std::move(builder).finish(exp))["models"][0];
  EXPECT_TRUE(m["pass_at_k"].is_null());
  EXPECT_TRUE(m["clustered"].is_null());  // no cluster_key
  EXPECT_TRUE(m["majority_vote"].is_null());
}

}  // namespace
}  // namespace evp::runner
