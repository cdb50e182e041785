// exact_match: each normalization option, config value vs ground truth, invalid cases.
#include <gtest/gtest.h>

#include "evaluate_test_support.h"

namespace evp::evaluate::test {
namespace {

TEST(ExactMatch, StripsByDefaultAndComparesCaseSensitively) {
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row("  Paris\n", Json("Paris"))),
            "1 | matches 'Paris'");
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row("paris", Json("Paris"))),
            "0 | expected 'Paris', got 'paris'");
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row("Paris.", Json("Paris"))),
            "0 | expected 'Paris', got 'Paris.'");
}

TEST(ExactMatch, StripFalseKeepsSurroundingWhitespace) {
  EXPECT_EQ(run(R"({"type":"exact_match","strip":false})", make_row(" Paris", Json("Paris"))),
            "0 | expected 'Paris', got ' Paris'");
  EXPECT_EQ(run(R"({"type":"exact_match","strip":false})", make_row("Paris", Json("Paris"))),
            "1 | matches 'Paris'");
}

TEST(ExactMatch, IgnoreCaseFoldsAsciiOnly) {
  EXPECT_EQ(run(R"({"type":"exact_match","ignore_case":true})", make_row("PARIS", Json("paris"))),
            "1 | matches 'paris'");
  // "É" is not folded: only A-Z are.
  EXPECT_EQ(run(R"({"type":"exact_match","ignore_case":true})", make_row("École", Json("école"))),
            "0 | expected 'école', got 'École'");
}

TEST(ExactMatch, CollapseWhitespaceAndRemovePunctuation) {
  const auto row = make_row("New   York,\n city!", Json("New York city"));
  EXPECT_EQ(run(R"({"type":"exact_match"})", row),
            "0 | expected 'New York city', got 'New   York,\n city!'");
  EXPECT_EQ(run(R"({"type":"exact_match","collapse_whitespace":true})", row),
            "0 | expected 'New York city', got 'New   York,\n city!'");
  EXPECT_EQ(
      run(R"({"type":"exact_match","collapse_whitespace":true,"remove_punctuation":true})", row),
      "1 | matches 'New York city'");
  // Punctuation removal alone keeps the whitespace runs.
  EXPECT_EQ(
      run(R"({"type":"exact_match","remove_punctuation":true})", make_row("U.S.A.", Json("USA"))),
      "1 | matches 'USA'");
}

// Each case states the normalized text both sides reach, following the documented order:
// remove punctuation, collapse whitespace, strip, lowercase.
TEST(ExactMatch, NormalizationOrderEdgeCases) {
  // "a ." -> "a " -> strip -> "a".
  EXPECT_EQ(run(R"({"type":"exact_match","remove_punctuation":true,"value":"a"})", make_row("a .")),
            "1 | matches 'a'");
  // Without strip the space before the removed '.' stays: "a " != "a".
  EXPECT_EQ(run(R"({"type":"exact_match","remove_punctuation":true,"strip":false,"value":"a "})",
                make_row("a .")),
            "1 | matches 'a '");
  EXPECT_EQ(run(R"({"type":"exact_match","remove_punctuation":true,"strip":false,"value":"a"})",
                make_row("a .")),
            "0 | expected 'a', got 'a .'");
  // "a , b" -> "a  b" -> "a b".
  EXPECT_EQ(run(R"({"type":"exact_match","remove_punctuation":true,"collapse_whitespace":true,
                  "value":"a b"})",
                make_row("a , b")),
            "1 | matches 'a b'");
  // Collapse without strip keeps one leading and one trailing space.
  EXPECT_EQ(run(R"({"type":"exact_match","collapse_whitespace":true,"strip":false,
                  "value":" a b "})",
                make_row("\n\t a \t b  ")),
            "1 | matches ' a b '");
  EXPECT_EQ(run(R"({"type":"exact_match","collapse_whitespace":true,"value":"a b"})",
                make_row("\n a \t b \n")),
            "1 | matches 'a b'");
  EXPECT_EQ(run(R"({"type":"exact_match","remove_punctuation":true,"ignore_case":true,
                  "value":"Dont"})",
                make_row("DON'T")),
            "1 | matches 'Dont'");
  // Everything removed on both sides: "" == "".
  EXPECT_EQ(
      run(R"({"type":"exact_match","remove_punctuation":true,"value":"?!"})", make_row(" ... ")),
      "1 | matches '?!'");
  // A prefix is not a match.
  EXPECT_EQ(run(R"({"type":"exact_match","value":"Paris"})", make_row("Pari")),
            "0 | expected 'Paris', got 'Pari'");
  EXPECT_EQ(run(R"({"type":"exact_match","value":"Pari"})", make_row("Paris")),
            "0 | expected 'Pari', got 'Paris'");
}

TEST(ExactMatch, ConfigValueOverridesGroundTruth) {
  EXPECT_EQ(run(R"({"type":"exact_match","value":"yes"})", make_row("yes", Json("no"))),
            "1 | matches 'yes'");
  // A number in the config is its JSON text.
  EXPECT_EQ(run(R"({"type":"exact_match","value":42})", make_row("42")), "1 | matches '42'");
}

TEST(ExactMatch, GroundTruthShapes) {
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row("42", Json(42))), "1 | matches '42'");
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row("0.5", Json(0.5))), "1 | matches '0.5'");
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row("true", Json(true))), "1 | matches 'true'");
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row("B", Json::parse(R"({"answer":"B"})"))),
            "1 | matches 'B'");
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row("B", Json::parse(R"({"ideal":"B"})"))),
            "1 | matches 'B'");
  // "answer" comes before "value" and "ideal".
  EXPECT_EQ(run(R"({"type":"exact_match"})",
                make_row("B", Json::parse(R"({"ideal":"C","value":"D","answer":"B"})"))),
            "1 | matches 'B'");
  EXPECT_EQ(
      run(R"({"type":"exact_match"})", make_row("D", Json::parse(R"({"ideal":"C","value":"D"})"))),
      "1 | matches 'D'");
}

TEST(ExactMatch, InvalidWithoutAnswerOrExpectedText) {
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row(std::nullopt, Json("x"))),
            "invalid | no assistant message");
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row("x")),
            "invalid | no ground_truth in the row and no 'value' in the config");
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row("x", Json(nullptr))),
            "invalid | no ground_truth in the row and no 'value' in the config");
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row("x", Json::parse("[1]"))),
            "invalid | ground_truth is an array; expected a string, a number, a boolean or an "
            "object with 'answer', 'value' or 'ideal'");
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row("x", Json::parse(R"({"label":"x"})"))),
            "invalid | ground_truth has none of 'answer', 'value', 'ideal'");
  EXPECT_EQ(run(R"({"type":"exact_match"})", make_row("x", Json::parse(R"({"answer":[1]})"))),
            "invalid | ground_truth.answer is an array; expected a string, a number or a boolean");
}

TEST(ExactMatch, UsesTheLastAssistantMessageText) {
  model::EvaluationRow row = make_row("first", Json("second"));
  row.messages.push_back(model::make_message("user", "again?"));
  model::Message parts;
  parts.role = "assistant";
  parts.content = Json::parse(R"([{"type":"text","text":"sec"},{"type":"text","text":"ond"}])");
  row.messages.push_back(parts);
  // Text parts are joined by a newline (Message::text()).
  EXPECT_EQ(run(R"({"type":"exact_match"})", row), "0 | expected 'second', got 'sec\nond'");
  row.messages.push_back(model::make_message("assistant", "second"));
  row.messages.push_back(model::make_message("tool", "ignored"));
  EXPECT_EQ(run(R"({"type":"exact_match"})", row), "1 | matches 'second'");
}

TEST(ExactMatch, LongTextsAreCutInReasons) {
  const std::string answer(100, 'x');
  EXPECT_EQ(run(R"({"type":"exact_match","value":"y"})", make_row(answer)),
            "0 | expected 'y', got '" + std::string(60, 'x') + "...'");
}

}  // namespace
}  // namespace evp::evaluate::test
