// regex: partial match, ignore_case, negate, and bad patterns.
#include <gtest/gtest.h>

#include "evaluate_test_support.h"

namespace evp::evaluate::test {
namespace {

TEST(Regex, PartialMatchReportsTheLeftmostMatch) {
  const char* config = R"({"type":"regex","pattern":"[0-9]+ apples"})";
  EXPECT_EQ(run(config, make_row("I have 12 apples and 3 apples")), "1 | matched '12 apples'");
  EXPECT_EQ(run(config, make_row("I have twelve apples")), "0 | no match");
  EXPECT_EQ(run(config, make_row(std::nullopt)), "invalid | no assistant message");
}

TEST(Regex, AnchorsMatchTheWholeAnswer) {
  const char* config = R"({"type":"regex","pattern":"^[A-D]$"})";
  EXPECT_EQ(run(config, make_row("B")), "1 | matched 'B'");
  EXPECT_EQ(run(config, make_row("B C")), "0 | no match");
}

TEST(Regex, IgnoreCase) {
  EXPECT_EQ(run(R"({"type":"regex","pattern":"paris"})", make_row("PARIS")), "0 | no match");
  EXPECT_EQ(run(R"({"type":"regex","pattern":"paris","ignore_case":true})", make_row("PARIS")),
            "1 | matched 'PARIS'");
}

TEST(Regex, NegateFlipsTheScore) {
  const char* config = R"({"type":"regex","pattern":"(?i)as an ai","negate":true})";
  EXPECT_EQ(run(config, make_row("The answer is 4.")), "1 | no match (negated)");
  EXPECT_EQ(run(config, make_row("As an AI, I cannot")), "0 | matched 'As an AI' (negated)");
}

TEST(Regex, ConfigErrors) {
  EXPECT_EQ(config_error(R"({"type":"regex"})"), "regex: 'pattern' is required");
  EXPECT_EQ(config_error(R"({"type":"regex","pattern":"(a"})"),
            "regex.pattern: invalid regular expression: missing ): (a");
  EXPECT_EQ(config_error(R"({"type":"regex","pattern":"a**"})"),
            "regex.pattern: invalid regular expression: bad repetition operator: **");
  // RE2 has no backreferences.
  EXPECT_EQ(config_error(R"({"type":"regex","pattern":"(a)\\1"})"),
            "regex.pattern: invalid regular expression: invalid escape sequence: \\1");
  EXPECT_EQ(config_error(R"({"type":"regex","pattern":"a","negate":1})"),
            "regex.negate: expected a boolean, got number");
}

}  // namespace
}  // namespace evp::evaluate::test
