// Text helpers: trimming, case folding, counting, quoting for reasons, number formatting.
#include <gtest/gtest.h>

#include "evaluate/text_utils.h"

namespace evp::evaluate {
namespace {

TEST(TextUtils, TrimAndLower) {
  EXPECT_EQ(trim(" \t\r\n\v\fx y\n"), "x y");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(ascii_lower("AbC-Ü"), "abc-Ü");
  EXPECT_TRUE(contains_ignore_case("The ANSWER is", "answer"));
  EXPECT_TRUE(contains_ignore_case("x", ""));
  EXPECT_FALSE(contains_ignore_case("answe", "answer"));
  EXPECT_FALSE(contains_ignore_case("an swer", "answer"));
}

TEST(TextUtils, Counting) {
  EXPECT_EQ(count_code_points("héllo"), 5u);             // é is 2 bytes
  EXPECT_EQ(count_code_points("日本"), 2u);              // 3 bytes each
  EXPECT_EQ(count_code_points("\xF0\x9F\x98\x80"), 1u);  // U+1F600, 4 bytes
  EXPECT_EQ(count_words("  one two\n\nthree\t"), 3u);
  EXPECT_EQ(count_words(""), 0u);
  EXPECT_EQ(count_words("word"), 1u);
}

TEST(TextUtils, SingleQuotedCutsAtCodePoints) {
  EXPECT_EQ(single_quoted("abc"), "'abc'");
  EXPECT_EQ(single_quoted("abcdef", 3), "'abc...'");
  EXPECT_EQ(single_quoted("abc", 3), "'abc'");
  // Never splits a multi-byte character.
  EXPECT_EQ(single_quoted("ééé", 2), "'éé...'");
  EXPECT_EQ(single_quoted("", 2), "''");
}

TEST(TextUtils, ShortenedCutsAtCodePointsWithoutQuotes) {
  EXPECT_EQ(shortened("abcdef", 3), "abc...");
  EXPECT_EQ(shortened("abc", 3), "abc");
  EXPECT_EQ(shortened("a\xe2\x82\xac\xe2\x82\xac", 2), "a\xe2\x82\xac...");  // a€€ -> a€...
  EXPECT_EQ(shortened("", 0), "");
  EXPECT_EQ(shortened("x", 0), "...");
}

TEST(TextUtils, FormatNumberIsShortestRoundTrip) {
  EXPECT_EQ(format_number(42), "42");
  EXPECT_EQ(format_number(0.75), "0.75");
  EXPECT_EQ(format_number(-1.5), "-1.5");
  EXPECT_EQ(format_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(format_number(-0.0), "0");
  EXPECT_EQ(format_number(1e21), "1e+21");
}

}  // namespace
}  // namespace evp::evaluate
