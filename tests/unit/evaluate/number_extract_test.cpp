// Number syntax: separators, signs, decimals, fractions, percentages, LaTeX, and where the
// number is read from (\boxed{}, "####", the last number).
#include <gtest/gtest.h>

#include "evaluate/number_extract.h"

namespace evp::evaluate {
namespace {

TEST(NumberExtract, LastNumberSyntax) {
  EXPECT_EQ(last_number("The answer is 42."), 42);
  EXPECT_EQ(last_number("It costs 1,234,567 dollars"), 1234567);
  EXPECT_EQ(last_number("x = -3.25"), -3.25);
  EXPECT_EQ(last_number("x = +7"), 7);
  EXPECT_EQ(last_number("x = \xE2\x88\x92"
                        "5"),
            -5);  // U+2212 minus sign
  EXPECT_EQ(last_number("about .5 of it"), 0.5);
  EXPECT_EQ(last_number("3/4 of the cake"), 0.75);
  EXPECT_EQ(last_number("-1.5/3"), -0.5);
  EXPECT_EQ(last_number("grew by 50%"), 50);
  EXPECT_EQ(last_number("no digits here"), std::nullopt);
  EXPECT_EQ(last_number(""), std::nullopt);
}

TEST(NumberExtract, SignsNeedASeparatorBefore) {
  // Subtraction, not a negative number.
  EXPECT_EQ(last_number("5-3"), 3);
  EXPECT_EQ(last_number("x-4"), 4);
  EXPECT_EQ(last_number("f(2)-1"), 1);
  EXPECT_EQ(last_number("(-2)"), -2);
}

TEST(NumberExtract, ThousandsGroupsMustHaveThreeDigits) {
  EXPECT_EQ(last_number("1,23"), 23);
  EXPECT_EQ(last_number("1,2345"), 2345);
  EXPECT_EQ(last_number("12,345.5"), 12345.5);
  EXPECT_EQ(first_number("1,234 and 5"), 1234);
  EXPECT_EQ(last_number("1, 2, 3"), 3);
  EXPECT_EQ(last_number("1234,567"), 567);
}

TEST(NumberExtract, DotsAndFractionEdges) {
  EXPECT_EQ(last_number("version 1.2.3"), 1.2);
  EXPECT_EQ(last_number("4/0"), 0);  // not a fraction: 4, then 0
  EXPECT_EQ(first_number("4/0"), 4);
  EXPECT_EQ(last_number("1,000/4"), 4);  // grouped numbers do not start fractions
}

TEST(NumberExtract, WholeNumber) {
  EXPECT_EQ(whole_number(" 42 "), 42);
  EXPECT_EQ(whole_number("$1,234"), 1234);
  EXPECT_EQ(whole_number("50%"), 50);
  EXPECT_EQ(whole_number("-3/4"), -0.75);
  EXPECT_EQ(whole_number("42 apples"), std::nullopt);
  EXPECT_EQ(whole_number("x"), std::nullopt);
  EXPECT_EQ(whole_number(""), std::nullopt);
}

TEST(NumberExtract, SimplifyLatex) {
  EXPECT_EQ(simplify_latex("\\frac{3}{4}"), "3/4");
  EXPECT_EQ(simplify_latex("-\\dfrac{1}{2} + \\tfrac{5}{6}"), "-1/2 + 5/6");
  EXPECT_EQ(simplify_latex("\\frac{\\frac{1}{2}}{3}"), "1/2/3");
  EXPECT_EQ(simplify_latex("1{,}234\\,567 \\$5 \\%"), "1,234567 $5 %");
  EXPECT_EQ(simplify_latex("\\frac12"), "\\frac12");  // only the braced form
}

TEST(NumberExtract, BoxedAndGsm8k) {
  EXPECT_EQ(last_boxed_content("\\boxed{1} then \\boxed{\\frac{3}{4}} end"), "\\frac{3}{4}");
  EXPECT_EQ(last_boxed_content("\\boxed{12"), "12");
  EXPECT_EQ(last_boxed_content("boxed{12}"), std::nullopt);
  EXPECT_EQ(gsm8k_tail("work\n#### 7\n#### 18 dollars\nthanks"), " 18 dollars");
  EXPECT_EQ(gsm8k_tail("no marker"), std::nullopt);
}

TEST(NumberExtract, ReferenceNumber) {
  EXPECT_EQ(reference_number("42"), 42);
  EXPECT_EQ(reference_number("1,234"), 1234);
  EXPECT_EQ(reference_number("\\frac{3}{4}"), 0.75);
  EXPECT_EQ(reference_number("Natalia sold 48/2 = 24 clips.\n#### 72"), 72);
  EXPECT_EQ(reference_number("so the answer is $\\boxed{-\\frac{1}{2}}$."), -0.5);
  EXPECT_EQ(reference_number("about 42"), std::nullopt);
  EXPECT_EQ(reference_number("#### none"), std::nullopt);
}

TEST(NumberExtract, TruncatedAndMalformedInputs) {
  EXPECT_EQ(last_number("-"), std::nullopt);
  EXPECT_EQ(last_number("."), std::nullopt);
  EXPECT_EQ(last_number("1,"), 1);
  EXPECT_EQ(last_number("1,00"), 0);  // "1" then "00"
  EXPECT_EQ(last_number("-.5"), -0.5);
  EXPECT_EQ(last_number("3/"), 3);
  EXPECT_EQ(last_number("\xE2\x88"), std::nullopt);  // a cut-off U+2212
  EXPECT_EQ(simplify_latex("\\frac{1}"), "\\frac{1}");
  EXPECT_EQ(simplify_latex("\\frac{"), "\\frac{");
  EXPECT_EQ(simplify_latex("\\"), "\\");
  EXPECT_EQ(last_boxed_content("\\boxed{"), "");
  EXPECT_EQ(gsm8k_tail("####"), "");
  EXPECT_EQ(reference_number(""), std::nullopt);
  EXPECT_EQ(reference_number("\\boxed{}"), std::nullopt);
}

}  // namespace
}  // namespace evp::evaluate
