// score_row: the weighted mean over valid metrics, the summary reason, invalid rows, and
// evaluators that throw.
#include <gtest/gtest.h>

#include <stdexcept>

#include "evaluate/score_row.h"
#include "evaluate_test_support.h"

namespace evp::evaluate::test {
namespace {

// An evaluator with a fixed result, to check the arithmetic independently of real ones.
class Fixed final : public Evaluator {
 public:
  Fixed(std::string name, double weight, model::MetricResult result)
      : Evaluator(std::move(name), weight), result_(std::move(result)) {}
  model::MetricResult evaluate(const model::EvaluationRow&) const override { return result_; }

 private:
  model::MetricResult result_;
};

class Throwing final : public Evaluator {
 public:
  Throwing() : Evaluator("boom", 1) {}
  model::MetricResult evaluate(const model::EvaluationRow&) const override {
    throw std::runtime_error("kaput");
  }
};

std::vector<std::unique_ptr<Evaluator>> fixed(
    std::vector<std::tuple<std::string, double, model::MetricResult>> specs) {
  std::vector<std::unique_ptr<Evaluator>> out;
  for (auto& [name, weight, result] : specs) {
    out.push_back(std::make_unique<Fixed>(name, weight, result));
  }
  return out;
}

TEST(ScoreRow, WeightedMeanOverValidMetricsOnly) {
  const auto evaluators = fixed({{"a", 1.0, scored(1.0, "ra")},
                                 {"b", 3.0, scored(0.5, "rb")},
                                 {"c", 2.0, unscorable("rc")},
                                 {"d", 0.0, scored(0.0, "rd")}});
  const model::EvaluateResult r = score_row(evaluators, make_row("x"));
  // (1*1 + 3*0.5 + 0*0) / (1 + 3 + 0) = 2.5 / 4; c is invalid and left out.
  EXPECT_TRUE(r.is_score_valid);
  EXPECT_DOUBLE_EQ(r.score, 0.625);
  EXPECT_EQ(r.reason, "a: ra; b: rb; c: rc; d: rd");
  ASSERT_EQ(r.metrics.size(), 4u);
  EXPECT_EQ(r.metrics.at("b"), scored(0.5, "rb"));
  EXPECT_EQ(r.metrics.at("c"), unscorable("rc"));
}

TEST(ScoreRow, RealEvaluatorsEndToEnd) {
  const auto evaluators = make_evaluators(Json::parse(R"([
    {"type":"contains","value":"42","weight":3},
    {"type":"regex","pattern":"^The","weight":1},
    {"type":"latency","max_seconds":1,"weight":5}])"));
  const model::EvaluationRow row = make_row("It is 42");
  const model::EvaluateResult r = score_row(evaluators, row);
  // contains 1 (w 3), regex 0 (w 1), latency invalid (no duration): 3 / 4.
  EXPECT_TRUE(r.is_score_valid);
  EXPECT_DOUBLE_EQ(r.score, 0.75);
  EXPECT_EQ(r.reason,
            "contains: found '42'; regex: no match; latency: no rollout_duration_seconds in "
            "execution_metadata");
  EXPECT_FALSE(r.metrics.at("latency").is_score_valid);
}

TEST(ScoreRow, NoValidMetric) {
  const auto none = fixed(
      {{"a", 1.0, unscorable("no assistant message")}, {"b", 2.0, unscorable("no ground truth")}});
  model::EvaluateResult r = score_row(none, make_row(std::nullopt));
  EXPECT_FALSE(r.is_score_valid);
  EXPECT_EQ(r.score, 0.0);
  EXPECT_EQ(r.reason, "no valid metric: a: no assistant message; b: no ground truth");
  EXPECT_EQ(r.metrics.size(), 2u);

  const auto zero_weight = fixed({{"a", 0.0, scored(1.0, "ok")}});
  r = score_row(zero_weight, make_row("x"));
  EXPECT_FALSE(r.is_score_valid);
  EXPECT_EQ(r.score, 0.0);
  EXPECT_EQ(r.reason, "no valid metric with a positive weight: a: ok");
  EXPECT_EQ(r.metrics.at("a"), scored(1.0, "ok"));

  r = score_row({}, make_row("x"));
  EXPECT_FALSE(r.is_score_valid);
  EXPECT_EQ(r.reason, "no evaluators");
  EXPECT_TRUE(r.metrics.empty());
}

TEST(ScoreRow, ThrowingEvaluatorBecomesAnInvalidMetric) {
  std::vector<std::unique_ptr<Evaluator>> evaluators;
  evaluators.push_back(std::make_unique<Throwing>());
  evaluators.push_back(std::make_unique<Fixed>("ok", 1.0, scored(0.25, "fine")));
  const model::EvaluateResult r = score_row(evaluators, make_row("x"));
  EXPECT_TRUE(r.is_score_valid);
  EXPECT_DOUBLE_EQ(r.score, 0.25);
  EXPECT_EQ(r.metrics.at("boom"), unscorable("evaluator error: kaput"));
  EXPECT_EQ(r.reason, "boom: evaluator error: kaput; ok: fine");
}

}  // namespace
}  // namespace evp::evaluate::test
