// format (think_answer preset and full-match patterns) and repetition (n-gram repeat ratio).
#include <gtest/gtest.h>

#include "evaluate_test_support.h"

namespace evp::evaluate::test {
namespace {

const char* kThink = R"({"type":"format","preset":"think_answer"})";

TEST(Format, ThinkAnswerPreset) {
  EXPECT_EQ(run(kThink, make_row("<think>\nstep 1\nstep 2\n</think>\n\n<answer>42</answer>\n")),
            "1 | matches the think_answer format");
  EXPECT_EQ(run(kThink, make_row("<think>x</think><answer></answer>")),
            "1 | matches the think_answer format");
  EXPECT_EQ(run(kThink, make_row("<answer>42</answer>")),
            "0 | does not match the think_answer format");
  EXPECT_EQ(run(kThink, make_row("<think>x</think> so <answer>42</answer>")),
            "0 | does not match the think_answer format");
  EXPECT_EQ(run(kThink, make_row("<think>x</think><answer>42</answer> extra")),
            "0 | does not match the think_answer format");
  EXPECT_EQ(run(kThink, make_row(std::nullopt)), "invalid | no assistant message");
}

TEST(Format, PatternMustMatchTheWholeAnswer) {
  const char* config = R"({"type":"format","pattern":"[A-D]"})";
  EXPECT_EQ(run(config, make_row("C")), "1 | matches the pattern");
  EXPECT_EQ(run(config, make_row("C.")), "0 | does not match the pattern '[A-D]'");
  // "." does not cross newlines unless the pattern asks.
  EXPECT_EQ(run(R"({"type":"format","pattern":"a.b"})", make_row("a\nb")),
            "0 | does not match the pattern 'a.b'");
  EXPECT_EQ(run(R"({"type":"format","pattern":"(?s)a.b"})", make_row("a\nb")),
            "1 | matches the pattern");
}

TEST(Format, ConfigErrors) {
  EXPECT_EQ(config_error(R"({"type":"format"})"),
            "format: set exactly one of 'pattern' and 'preset'");
  EXPECT_EQ(config_error(R"({"type":"format","pattern":"a","preset":"think_answer"})"),
            "format: set exactly one of 'pattern' and 'preset'");
  EXPECT_EQ(config_error(R"({"type":"format","preset":"xml"})"),
            "format.preset: unknown preset 'xml' (expected think_answer)");
  EXPECT_EQ(config_error(R"({"type":"format","pattern":"[a"})"),
            "format.pattern: invalid regular expression: missing ]: [a");
}

const char* kRep = R"({"type":"repetition"})";

TEST(Repetition, DistinctTextScoresOne) {
  // 6 words, 4 trigrams, all distinct: ratio 0.
  EXPECT_EQ(run(kRep, make_row("the quick brown fox jumps high")),
            "1 | repeat ratio 0 over 3-grams, within 0.2");
  EXPECT_EQ(run(kRep, make_row("two words")), "1 | fewer than 3 words");
  EXPECT_EQ(run(kRep, make_row("")), "1 | fewer than 3 words");
  EXPECT_EQ(run(kRep, make_row(std::nullopt)), "invalid | no assistant message");
}

TEST(Repetition, LinearPenaltyAboveTheMaximum) {
  // "a b a b a b a b": 8 words, 6 trigrams, 2 distinct ("a b a", "b a b"):
  // ratio = 1 - 2/6 = 2/3; score = (1 - 2/3) / (1 - 0.2) = 5/12.
  const auto metric = make_evaluator(Json::parse(kRep))->evaluate(make_row("a b a b a b a b"));
  EXPECT_TRUE(metric.is_score_valid);
  EXPECT_DOUBLE_EQ(metric.score, 5.0 / 12.0);
  EXPECT_EQ(metric.reason, "repeat ratio 0.667 over 3-grams, over 0.2");
}

TEST(Repetition, RatioAtTheMaximumStillScoresOne) {
  // 9 words, 8 bigrams; "x y" and "y x" appear twice each: distinct = 6,
  // ratio = 1 - 6/8 = 0.25.
  const char* text = "x y x y x c d e f";
  EXPECT_EQ(run(R"({"type":"repetition","ngram":2,"max_repeat_ratio":0.25})", make_row(text)),
            "1 | repeat ratio 0.25 over 2-grams, within 0.25");
  const auto metric =
      make_evaluator(Json::parse(R"({"type":"repetition","ngram":2})"))->evaluate(make_row(text));
  // (1 - 0.25) / (1 - 0.2) = 0.9375
  EXPECT_DOUBLE_EQ(metric.score, 0.9375);
  EXPECT_EQ(metric.reason, "repeat ratio 0.25 over 2-grams, over 0.2");
}

TEST(Repetition, WordsAreWhitespaceSeparatedAndCaseSensitive) {
  // Unigrams "A a A": distinct 2 of 3 -> ratio 1/3 > 0 -> score (2/3) / 1.
  const auto metric =
      make_evaluator(Json::parse(R"({"type":"repetition","ngram":1,"max_repeat_ratio":0})"))
          ->evaluate(make_row(" A\ta\n\nA "));
  EXPECT_DOUBLE_EQ(metric.score, 2.0 / 3.0);
  EXPECT_EQ(metric.reason, "repeat ratio 0.333 over 1-grams, over 0");
}

TEST(Repetition, ConfigErrors) {
  EXPECT_EQ(config_error(R"({"type":"repetition","ngram":0})"),
            "repetition.ngram: expected a positive integer");
  EXPECT_EQ(config_error(R"({"type":"repetition","max_repeat_ratio":1.5})"),
            "repetition.max_repeat_ratio: expected a number from 0 to 1");
  EXPECT_EQ(config_error(R"({"type":"repetition","max_repeat_ratio":-0.5})"),
            "repetition.max_repeat_ratio: expected a non-negative number");
}

}  // namespace
}  // namespace evp::evaluate::test
