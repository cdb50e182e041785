// contains, icontains, contains_any, contains_all.
#include <gtest/gtest.h>

#include "evaluate_test_support.h"

namespace evp::evaluate::test {
namespace {

TEST(Contains, CaseSensitiveSubstring) {
  EXPECT_EQ(run(R"({"type":"contains","value":"42"})", make_row("It is 42.")), "1 | found '42'");
  EXPECT_EQ(run(R"({"type":"contains","value":"Paris"})", make_row("it is paris")),
            "0 | 'Paris' not found");
}

TEST(Contains, DefaultsToGroundTruthText) {
  EXPECT_EQ(run(R"({"type":"contains"})", make_row("x = 42", Json(42))), "1 | found '42'");
  EXPECT_EQ(run(R"({"type":"contains"})", make_row("x = 41", Json("42"))), "0 | '42' not found");
  EXPECT_EQ(run(R"({"type":"contains"})", make_row("x", Json(""))),
            "invalid | the expected text is empty");
  EXPECT_EQ(run(R"({"type":"contains"})", make_row("x")),
            "invalid | no ground_truth in the row and no 'value' in the config");
  EXPECT_EQ(run(R"({"type":"contains","value":"x"})", make_row(std::nullopt)),
            "invalid | no assistant message");
}

TEST(Icontains, IgnoresAsciiCase) {
  EXPECT_EQ(run(R"({"type":"icontains","value":"PARIS"})", make_row("it is paris")),
            "1 | found 'PARIS'");
  EXPECT_EQ(run(R"({"type":"icontains"})", make_row("IT IS PARIS", Json("Paris"))),
            "1 | found 'Paris'");
  EXPECT_EQ(run(R"({"type":"icontains","value":"rome"})", make_row("it is paris")),
            "0 | 'rome' not found");
}

TEST(ContainsAny, FirstFoundValueInConfigOrder) {
  const char* config = R"({"type":"contains_any","values":["dog","cat","cow"]})";
  EXPECT_EQ(run(config, make_row("a cow and a cat")), "1 | found 'cat'");
  EXPECT_EQ(run(config, make_row("a horse")), "0 | none of 'dog', 'cat', 'cow' found");
  EXPECT_EQ(run(config, make_row("a CAT")), "0 | none of 'dog', 'cat', 'cow' found");
  EXPECT_EQ(run(R"({"type":"contains_any","values":["dog","cat"],"ignore_case":true})",
                make_row("a CAT")),
            "1 | found 'cat'");
  EXPECT_EQ(run(config, make_row(std::nullopt)), "invalid | no assistant message");
}

TEST(ContainsAll, AllOrNothingNamingTheMissingOnes) {
  const char* config = R"({"type":"contains_all","values":["dog","cat","cow"]})";
  EXPECT_EQ(run(config, make_row("cow, cat, dog")), "1 | found all 3 values");
  // Two of three found still scores 0: contains_all is not a fraction.
  EXPECT_EQ(run(config, make_row("a cat")), "0 | missing 'dog', 'cow'");
  EXPECT_EQ(run(config, make_row("a Dog, a Cat, a Cow")), "0 | missing 'dog', 'cat', 'cow'");
  EXPECT_EQ(run(R"({"type":"contains_all","values":["dog","cat"],"ignore_case":true})",
                make_row("DOG CAT")),
            "1 | found all 2 values");
  EXPECT_EQ(run(R"({"type":"contains_all","values":[7]})", make_row("7 days")), "1 | found '7'");
}

TEST(Contains, ConfigErrors) {
  EXPECT_EQ(config_error(R"({"type":"contains","valeu":"42"})"), "contains: unknown key 'valeu'");
  EXPECT_EQ(config_error(R"({"type":"contains","value":""})"),
            "contains.value: expected a non-empty string");
  EXPECT_EQ(config_error(R"({"type":"icontains","value":[1]})"),
            "icontains.value: expected a string, got array");
  EXPECT_EQ(config_error(R"({"type":"contains","value":"x","ignore_case":true})"),
            "contains: unknown key 'ignore_case'");
  EXPECT_EQ(config_error(R"({"type":"contains_any"})"), "contains_any: 'values' is required");
  EXPECT_EQ(config_error(R"({"type":"contains_all","values":"dog"})"),
            "contains_all.values: expected an array of strings, got string");
  EXPECT_EQ(config_error(R"({"type":"contains_all","values":[]})"),
            "contains_all.values: expected a non-empty array of strings");
  EXPECT_EQ(config_error(R"({"type":"contains_all","values":["a",""]})"),
            "contains_all.values[1]: expected a non-empty string");
  EXPECT_EQ(config_error(R"({"type":"contains_all","values":["a",{}]})"),
            "contains_all.values[1]: expected a string, got object");
  EXPECT_EQ(config_error(R"({"type":"contains_any","values":["a"],"ignore_case":"yes"})"),
            "contains_any.ignore_case: expected a boolean, got string");
}

}  // namespace
}  // namespace evp::evaluate::test
