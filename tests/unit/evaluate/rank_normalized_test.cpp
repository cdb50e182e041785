// rank_normalized: normalised ranks against hand computations (ties share their average
// rank), ranking by a named metric or by the row score, rollouts without a valid value, and
// the config error for a metric that is not listed before it.
#include "evaluate/rank_normalized.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/errors.h"
#include "evaluate/config_reader.h"
#include "evaluate/evaluator.h"
#include "unit/llm/run_on_loop.h"

namespace evp::evaluate {
namespace {

using ::testing::DoubleEq;
using ::testing::ElementsAre;

model::EvaluationRow scored_row(double row_score, std::optional<double> judge, bool valid = true) {
  model::EvaluationRow row;
  model::EvaluateResult r;
  r.score = row_score;
  r.is_score_valid = valid;
  if (judge) r.metrics["judge"] = scored(*judge, "");
  row.evaluation_result = r;
  return row;
}

std::vector<model::MetricResult> rank(const std::string& config,
                                      const std::vector<model::EvaluationRow>& rows) {
  const Json j = Json::parse(config);
  ConfigReader reader(j);
  auto evaluator = make_rank_normalized(reader, {"judge", "contains"});
  EXPECT_EQ(evaluator->mode(), EvaluationMode::kGroupwise);
  boost::asio::io_context io;
  return llm::test::run_on_loop(io, evaluator->evaluate_group(rows));
}

TEST(RankNormalized, RanksAreNormalisedAndTiesShareTheirAverage) {
  EXPECT_THAT(normalized_ranks({0.2, 0.9, 0.5}),
              ElementsAre(DoubleEq(0), DoubleEq(1), DoubleEq(0.5)));
  // 0.5 twice takes ranks 1 and 2 (0-based): average 1.5, over m - 1 = 3.
  EXPECT_THAT(normalized_ranks({0.5, 0.1, 0.5, 0.7}),
              ElementsAre(DoubleEq(0.5), DoubleEq(0), DoubleEq(0.5), DoubleEq(1)));
  EXPECT_THAT(normalized_ranks({3, 3, 3}),
              ElementsAre(DoubleEq(0.5), DoubleEq(0.5), DoubleEq(0.5)));
  EXPECT_THAT(normalized_ranks({7}), ElementsAre(DoubleEq(0.5)));
}

TEST(RankNormalized, RanksByTheNamedMetricOrTheRowScore) {
  const std::vector<model::EvaluationRow> rows = {scored_row(0.9, 0.1), scored_row(0.1, 0.8),
                                                  scored_row(0.5, 0.4)};
  const auto by_judge = rank(R"({"type":"rank_normalized","metric":"judge"})", rows);
  ASSERT_EQ(by_judge.size(), 3u);
  EXPECT_DOUBLE_EQ(by_judge[0].score, 0.0);
  EXPECT_DOUBLE_EQ(by_judge[1].score, 1.0);
  EXPECT_DOUBLE_EQ(by_judge[2].score, 0.5);
  EXPECT_EQ(by_judge[1].reason, "1 of 3 rollouts ranked by 'judge' (0.8)");
  const auto by_score = rank(R"({"type":"rank_normalized"})", rows);
  EXPECT_DOUBLE_EQ(by_score[0].score, 1.0);
  EXPECT_DOUBLE_EQ(by_score[1].score, 0.0);
  EXPECT_EQ(by_score[0].reason, "1 of 3 rollouts ranked by the row score (0.9)");
}

TEST(RankNormalized, RolloutsWithoutAValidValueAreInvalidAndTooFewCannotBeRanked) {
  const auto out = rank(R"({"type":"rank_normalized","metric":"judge"})",
                        {scored_row(1, 0.3), scored_row(1, std::nullopt), scored_row(1, 0.6)});
  EXPECT_DOUBLE_EQ(out[0].score, 0.0);
  EXPECT_FALSE(out[1].is_score_valid);
  EXPECT_EQ(out[1].reason, "no valid score by 'judge' to rank this rollout by");
  EXPECT_DOUBLE_EQ(out[2].score, 1.0);
  const auto alone = rank(R"({"type":"rank_normalized"})",
                          {scored_row(0.4, std::nullopt), scored_row(0.9, std::nullopt, false)});
  EXPECT_FALSE(alone[0].is_score_valid);
  EXPECT_EQ(alone[0].reason,
            "needs at least two rollouts of the row with a valid score by the row score (got 1)");
  EXPECT_FALSE(alone[1].is_score_valid);
}

TEST(RankNormalized, TheMetricMustBeAnEarlierEvaluator) {
  const Json j = Json::parse(R"({"type":"rank_normalized","metric":"judje"})");
  ConfigReader reader(j);
  try {
    make_rank_normalized(reader, {"judge", "contains"});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "rank_normalized.metric: no evaluator 'judje' before this one (have: judge, "
              "contains)");
  }
}

}  // namespace
}  // namespace evp::evaluate
