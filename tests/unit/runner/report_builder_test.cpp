// ReportBuilder must give the same report whatever order the rollouts arrive in: a run adds
// them as they finish, `evp show` reads them back in dataset order, and both reports must be
// equal to the last bit (floating-point sums depend on the order of their terms).
#include "runner/report.h"

#include <gtest/gtest.h>

#include <algorithm>
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

}  // namespace
}  // namespace evp::runner
