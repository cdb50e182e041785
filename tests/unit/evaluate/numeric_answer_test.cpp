// numeric_answer: extraction modes, tolerances, ground-truth shapes, reasons and data.
#include <gtest/gtest.h>

#include "evaluate_test_support.h"

namespace evp::evaluate::test {
namespace {

const char* kAuto = R"({"type":"numeric_answer"})";

TEST(NumericAnswer, AutoPrefersBoxedThenGsm8kThenLastNumber) {
  EXPECT_EQ(run(kAuto, make_row("3 + 4 = 7, so \\boxed{7}. Check: 8", Json(7))),
            "1 | extracted 7 from \\boxed{}, matches 7");
  EXPECT_EQ(run(kAuto, make_row("48 / 2 = 24\n#### 72\nbye 5", Json(72))),
            "1 | extracted 72 from '#### N', matches 72");
  EXPECT_EQ(run(kAuto, make_row("I think 70, no: 72.", Json(72))),
            "1 | extracted 72 from the last number, matches 72");
  EXPECT_EQ(run(kAuto, make_row("I think 72, no: 70.", Json(72))),
            "0 | extracted 70 from the last number, expected 72");
}

TEST(NumericAnswer, AutoDoesNotFallBackWhenBoxedOrMarkerHasNoNumber) {
  EXPECT_EQ(run(kAuto, make_row("x = 5 so \\boxed{x+y}", Json(5))),
            "0 | no number in the \\boxed{} content 'x+y'");
  EXPECT_EQ(run(kAuto, make_row("5 apples\n#### five", Json(5))), "0 | no number after '####'");
  EXPECT_EQ(run(kAuto, make_row("I do not know", Json(5))), "0 | no number in the answer");
}

TEST(NumericAnswer, ExplicitModes) {
  const auto row = make_row("first 1 then \\boxed{2}\n#### 3\nlast 4", Json(2));
  EXPECT_EQ(run(R"({"type":"numeric_answer","extract":"boxed"})", row),
            "1 | extracted 2 from \\boxed{}, matches 2");
  EXPECT_EQ(run(R"({"type":"numeric_answer","extract":"gsm8k"})", row),
            "0 | extracted 3 from '#### N', expected 2");
  EXPECT_EQ(run(R"({"type":"numeric_answer","extract":"last_number"})", row),
            "0 | extracted 4 from the last number, expected 2");
  const auto plain = make_row("just 2", Json(2));
  EXPECT_EQ(run(R"({"type":"numeric_answer","extract":"boxed"})", plain),
            "0 | no \\boxed{} in the answer");
  EXPECT_EQ(run(R"({"type":"numeric_answer","extract":"gsm8k"})", plain),
            "0 | no '#### N' in the answer");
}

TEST(NumericAnswer, NumberForms) {
  EXPECT_EQ(run(kAuto, make_row("Total: $1,234.", Json(1234))),
            "1 | extracted 1234 from the last number, matches 1234");
  EXPECT_EQ(run(kAuto, make_row("\\boxed{\\frac{3}{4}}", Json(0.75))),
            "1 | extracted 0.75 from \\boxed{}, matches 0.75");
  EXPECT_EQ(run(kAuto, make_row("\\boxed{-\\dfrac{1}{4}}", Json("-1/4"))),
            "1 | extracted -0.25 from \\boxed{}, matches -0.25");
  EXPECT_EQ(run(kAuto, make_row("The rate is 50%", Json(50))),
            "1 | extracted 50 from the last number, matches 50");
  EXPECT_EQ(run(kAuto, make_row("\\boxed{50\\%}", Json("50%"))),
            "1 | extracted 50 from \\boxed{}, matches 50");
  EXPECT_EQ(run(kAuto, make_row("so 3/4", Json("\\frac{3}{4}"))),
            "1 | extracted 0.75 from the last number, matches 0.75");
}

TEST(NumericAnswer, AbsoluteAndRelativeTolerance) {
  // Default absolute tolerance 1e-6.
  EXPECT_EQ(run(kAuto, make_row("0.3333333", Json(1.0 / 3))),
            "1 | extracted 0.3333333 from the last number, matches 0.3333333333333333");
  EXPECT_EQ(run(kAuto, make_row("0.33333", Json(1.0 / 3))),
            "0 | extracted 0.33333 from the last number, expected 0.3333333333333333");
  EXPECT_EQ(run(R"({"type":"numeric_answer","tolerance":0.5})", make_row("10.5", Json(10))),
            "1 | extracted 10.5 from the last number, matches 10");
  EXPECT_EQ(run(R"({"type":"numeric_answer","tolerance":0.5})", make_row("10.75", Json(10))),
            "0 | extracted 10.75 from the last number, expected 10");
  // Relative: |got - 200| <= max(1e-6, 0.01 * 200) = 2.
  const char* rel = R"({"type":"numeric_answer","relative_tolerance":0.01})";
  EXPECT_EQ(run(rel, make_row("202", Json(200))),
            "1 | extracted 202 from the last number, matches 200");
  EXPECT_EQ(run(rel, make_row("202.5", Json(200))),
            "0 | extracted 202.5 from the last number, expected 200");
}

TEST(NumericAnswer, ConfigValueAndGroundTruthShapes) {
  EXPECT_EQ(run(R"({"type":"numeric_answer","value":18})", make_row("$18", Json(99))),
            "1 | extracted 18 from the last number, matches 18");
  EXPECT_EQ(run(R"({"type":"numeric_answer","value":"1,000"})", make_row("1000")),
            "1 | extracted 1000 from the last number, matches 1000");
  EXPECT_EQ(run(kAuto, make_row("72", Json("She sold 48 + 24 = 72 clips.\n#### 72"))),
            "1 | extracted 72 from the last number, matches 72");
  EXPECT_EQ(run(kAuto, make_row("72", Json::parse(R"({"answer":"72"})"))),
            "1 | extracted 72 from the last number, matches 72");
  EXPECT_EQ(run(kAuto, make_row("72", Json("n/a"))),
            "invalid | ground truth 'n/a' is not a number");
  EXPECT_EQ(run(kAuto, make_row("72", Json(true))),
            "invalid | ground truth 'true' is not a number");
  EXPECT_EQ(run(kAuto, make_row("72")),
            "invalid | no ground_truth in the row and no 'value' in the config");
  EXPECT_EQ(run(kAuto, make_row(std::nullopt, Json(72))), "invalid | no assistant message");
}

TEST(NumericAnswer, DataHoldsExtractedExpectedAndMethod) {
  const auto metric =
      make_evaluator(Json::parse(kAuto))->evaluate(make_row("\\boxed{41}", Json(42)));
  EXPECT_EQ(metric.data, Json::parse(R"({"extracted":41.0,"expected":42.0,"method":"boxed"})"));
  const auto none = make_evaluator(Json::parse(kAuto))->evaluate(make_row("no", Json(42)));
  EXPECT_EQ(none.data, Json::object());
}

TEST(NumericAnswer, ConfigErrors) {
  EXPECT_EQ(config_error(R"({"type":"numeric_answer","tolerance":-1})"),
            "numeric_answer.tolerance: expected a non-negative number");
  EXPECT_EQ(config_error(R"({"type":"numeric_answer","tolerance":"small"})"),
            "numeric_answer.tolerance: expected a non-negative number, got string");
  EXPECT_EQ(config_error(R"({"type":"numeric_answer","relative_tolerance":-0.1})"),
            "numeric_answer.relative_tolerance: expected a non-negative number");
  EXPECT_EQ(config_error(R"({"type":"numeric_answer","extract":"first"})"),
            "numeric_answer.extract: expected one of auto, boxed, gsm8k, last_number, got "
            "'first'");
  EXPECT_EQ(config_error(R"({"type":"numeric_answer","value":"many"})"),
            "numeric_answer.value: expected a number, got 'many'");
  EXPECT_EQ(config_error(R"({"type":"numeric_answer","value":[1]})"),
            "numeric_answer.value: expected a number, got array");
}

}  // namespace
}  // namespace evp::evaluate::test
