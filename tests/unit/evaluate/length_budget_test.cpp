// length, latency and cost.
#include <gtest/gtest.h>

#include "evaluate_test_support.h"

namespace evp::evaluate::test {
namespace {

TEST(Length, WithinBoundsCountsCodePointsAndWords) {
  // "héllo wörld" is 11 code points (13 bytes), 2 words.
  EXPECT_EQ(run(R"({"type":"length","min_chars":11,"max_chars":11,"min_words":2,"max_words":2})",
                make_row("héllo wörld")),
            "1 | 11 chars, 2 words: within bounds");
  EXPECT_EQ(run(R"({"type":"length","max_words":0})", make_row(" \n\t ")),
            "1 | 4 chars, 0 words: within bounds");
}

TEST(Length, NamesEveryViolatedBound) {
  EXPECT_EQ(run(R"({"type":"length","max_chars":5})", make_row("abcdef")),
            "0 | 6 chars > max_chars 5");
  EXPECT_EQ(run(R"({"type":"length","min_chars":10,"min_words":3})", make_row("a b")),
            "0 | 3 chars < min_chars 10; 2 words < min_words 3");
  EXPECT_EQ(run(R"({"type":"length","max_words":2})", make_row("one  two\nthree")),
            "0 | 3 words > max_words 2");
  EXPECT_EQ(run(R"({"type":"length","max_words":2})", make_row(std::nullopt)),
            "invalid | no assistant message");
}

TEST(Length, ConfigErrors) {
  EXPECT_EQ(config_error(R"({"type":"length"})"),
            "length: set at least one of 'min_chars', 'max_chars', 'min_words', 'max_words'");
  EXPECT_EQ(config_error(R"({"type":"length","min_chars":10,"max_chars":5})"),
            "length: 'min_chars' (10) is greater than 'max_chars' (5)");
  EXPECT_EQ(config_error(R"({"type":"length","max_words":2.5})"),
            "length.max_words: expected a non-negative integer");
  EXPECT_EQ(config_error(R"({"type":"length","max_words":-1})"),
            "length.max_words: expected a non-negative integer");
  EXPECT_EQ(config_error(R"({"type":"length","max_words":"3"})"),
            "length.max_words: expected a non-negative integer, got string");
  EXPECT_EQ(config_error(R"({"type":"length","max_word":3})"), "length: unknown key 'max_word'");
  // 3.0 is an integer.
  EXPECT_EQ(config_error(R"({"type":"length","max_words":3.0})"), "no error");
}

model::EvaluationRow timed_row(std::optional<double> seconds) {
  model::EvaluationRow row = make_row(std::nullopt);  // budgets need no assistant message
  row.execution_metadata.rollout_duration_seconds = seconds;
  return row;
}

TEST(Latency, ComparesRolloutDuration) {
  const char* config = R"({"type":"latency","max_seconds":2})";
  EXPECT_EQ(run(config, timed_row(1.5)), "1 | took 1.5 s, within 2 s");
  EXPECT_EQ(run(config, timed_row(2.0)), "1 | took 2 s, within 2 s");
  EXPECT_EQ(run(config, timed_row(3.25)), "0 | took 3.25 s, over 2 s");
  EXPECT_EQ(run(config, timed_row(std::nullopt)),
            "invalid | no rollout_duration_seconds in execution_metadata");
  EXPECT_EQ(config_error(R"({"type":"latency"})"), "latency: 'max_seconds' is required");
  EXPECT_EQ(config_error(R"({"type":"latency","max_seconds":-2})"),
            "latency.max_seconds: expected a non-negative number");
}

TEST(Cost, ComparesTotalCost) {
  const char* config = R"({"type":"cost","max_usd":0.01})";
  model::EvaluationRow row = make_row("x");
  EXPECT_EQ(run(config, row), "invalid | no cost_metrics.total_cost_dollar in execution_metadata");
  row.execution_metadata.cost_metrics = model::CostMetrics{};
  row.execution_metadata.cost_metrics->input_cost = 0.5;
  EXPECT_EQ(run(config, row), "invalid | no cost_metrics.total_cost_dollar in execution_metadata");
  row.execution_metadata.cost_metrics->total_cost_dollar = 0.0012;
  EXPECT_EQ(run(config, row), "1 | cost $0.0012, within $0.01");
  row.execution_metadata.cost_metrics->total_cost_dollar = 0.02;
  EXPECT_EQ(run(config, row), "0 | cost $0.02, over $0.01");
  EXPECT_EQ(config_error(R"({"type":"cost","max_usd":"1"})"),
            "cost.max_usd: expected a non-negative number, got string");
}

}  // namespace
}  // namespace evp::evaluate::test
