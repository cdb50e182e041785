// pass@k and pass^k against enumeration of every k-subset, exact rational arithmetic in
// Python (fractions, math.comb) and the Codex paper's numpy formula; their means over
// questions against numpy/scipy; majority vote against collections.Counter.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <tuple>

#include "python_reference.h"
#include "stats/pass_at_k.h"

namespace evp::stats {
namespace {

using test::py_list;
using test::python_numbers;

void expect_relative(double actual, double expected, double tolerance, const std::string& what) {
  EXPECT_NEAR(actual, expected, tolerance * std::fabs(expected)) << what;
}

std::string case_name(long long n, long long c, long long k) {
  return "n=" + std::to_string(n) + " c=" + std::to_string(c) + " k=" + std::to_string(k);
}

TEST(PassAtK, EqualsEnumerationOfEveryDraw) {
  // Samples 0..c-1 are the correct ones; count the k-subsets with at least one of them
  // (pass@k) and with only them (pass^k).
  for (int n = 1; n <= 10; ++n) {
    for (int c = 0; c <= n; ++c) {
      const unsigned correct_mask = (1u << c) - 1u;
      for (int k = 1; k <= n; ++k) {
        double subsets = 0, any_correct = 0, all_correct = 0;
        for (unsigned s = 0; s < (1u << n); ++s) {
          if (std::popcount(s) != k) continue;
          ++subsets;
          if ((s & correct_mask) != 0) ++any_correct;
          if ((s & ~correct_mask) == 0) ++all_correct;
        }
        expect_relative(pass_at_k(n, c, k), any_correct / subsets, 1e-14, case_name(n, c, k));
        expect_relative(pass_hat_k(n, c, k), all_correct / subsets, 1e-14, case_name(n, c, k));
      }
    }
  }
}

TEST(PassAtK, MatchesExactRationalArithmetic) {
  const std::vector<std::tuple<long long, long long, long long>> cases = {
      {20, 7, 3},       {100, 1, 1},    {100, 1, 50},    {200, 37, 10},
      {1000, 3, 500},   {1000, 999, 2}, {1000000, 1, 1}, {1000000, 10, 1000},
      {5000, 2500, 40}, {64, 60, 64},   {300, 299, 150}, {12345, 12, 7}};
  std::string code = "from fractions import Fraction\nfrom math import comb\n";
  for (const auto& [n, c, k] : cases) {
    code += fmt::format("print(repr(float(1 - Fraction(comb({0} - {1}, {2}), comb({0}, {2})))))\n",
                        n, c, k);
    code += fmt::format("print(repr(float(Fraction(comb({1}, {2}), comb({0}, {2})))))\n", n, c, k);
  }
  const auto expected = python_numbers(code);
  ASSERT_EQ(expected.size(), 2 * cases.size());
  size_t i = 0;
  for (const auto& [n, c, k] : cases) {
    // Relative precision, also for the tiny values (1e-6 at n = 1e6: the naive
    // 1 - product is 2.9e-11 relative too high there; tiny pass^k values likewise).
    expect_relative(pass_at_k(n, c, k), expected[i++], 1e-13, "pass@k " + case_name(n, c, k));
    expect_relative(pass_hat_k(n, c, k), expected[i++], 1e-13, "pass^k " + case_name(n, c, k));
  }
}

TEST(PassAtK, MatchesTheCodexPapersNumpyFormula) {
  // The estimator as published (Chen et al. 2021, figure 3), in double precision.
  std::string code = R"(
def pass_at_k(n, c, k):
    if n - c < k:
        return 1.0
    return 1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1))
)";
  std::vector<std::tuple<long long, long long, long long>> cases;
  for (long long c : {0, 1, 5, 37, 100, 163, 199, 200}) {
    for (long long k : {1, 2, 10, 50, 100, 164, 200}) cases.emplace_back(200, c, k);
  }
  for (const auto& [n, c, k] : cases) {
    code += fmt::format("print(repr(float(pass_at_k({}, {}, {}))))\n", n, c, k);
  }
  const auto expected = python_numbers(code);
  ASSERT_EQ(expected.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto [n, c, k] = cases[i];
    EXPECT_NEAR(pass_at_k(n, c, k), expected[i], 1e-13) << case_name(n, c, k);
  }
}

TEST(PassAtK, HandComputedValuesAndEdges) {
  // n = 10, c = 5, k = 2: 1 - C(5,2)/C(10,2) = 1 - 10/45 = 7/9; pass^2 = 10/45 = 2/9.
  EXPECT_NEAR(pass_at_k(10, 5, 2), 7.0 / 9.0, 1e-15);
  EXPECT_NEAR(pass_hat_k(10, 5, 2), 2.0 / 9.0, 1e-15);
  // k = 1: both are the fraction correct.
  EXPECT_NEAR(pass_at_k(7, 3, 1), 3.0 / 7.0, 1e-15);
  EXPECT_NEAR(pass_hat_k(7, 3, 1), 3.0 / 7.0, 1e-15);
  // c = 0 and c = n are exact, for every k.
  for (long long k = 1; k <= 6; ++k) {
    EXPECT_EQ(pass_at_k(6, 0, k), 0.0);
    EXPECT_EQ(pass_hat_k(6, 0, k), 0.0);
    EXPECT_EQ(pass_at_k(6, 6, k), 1.0);
    EXPECT_EQ(pass_hat_k(6, 6, k), 1.0);
  }
  // k = n: pass@n is 1 with any correct sample, pass^n only when all are.
  EXPECT_EQ(pass_at_k(5, 1, 5), 1.0);
  EXPECT_EQ(pass_hat_k(5, 4, 5), 0.0);
  // n = 1.
  EXPECT_EQ(pass_at_k(1, 1, 1), 1.0);
  EXPECT_EQ(pass_at_k(1, 0, 1), 0.0);
  // More failures than draws leave a chance; fewer force a correct one.
  EXPECT_LT(pass_at_k(10, 7, 3), 1.0);
  EXPECT_EQ(pass_at_k(10, 8, 3), 1.0);
}

TEST(PassAtK, RejectsImpossibleCounts) {
  for (const auto& [n, c, k] : std::vector<std::tuple<long long, long long, long long>>{
           {0, 0, 1}, {5, 6, 1}, {5, -1, 1}, {5, 2, 0}, {5, 2, 6}, {5, 2, -3}}) {
    EXPECT_THROW(pass_at_k(n, c, k), std::invalid_argument) << case_name(n, c, k);
    EXPECT_THROW(pass_hat_k(n, c, k), std::invalid_argument) << case_name(n, c, k);
  }
}

TEST(MeanPassAtK, MatchesNumpyAndScipyOverQuestions) {
  const std::vector<QuestionSamples> questions = {{10, 3}, {10, 0}, {20, 20}, {5, 2},
                                                  {8, 7},  {16, 1}, {10, 5}};
  std::string code =
      "import scipy.stats\nfrom fractions import Fraction\nfrom math import comb\n"
      "def report(values, confidence):\n"
      "    x = np.array(values)\n"
      "    se = scipy.stats.sem(x)\n"
      "    z = scipy.stats.norm.ppf((1 + confidence) / 2)\n"
      "    for v in (x.mean(), max(0.0, x.mean() - z * se), min(1.0, x.mean() + z * se), se):\n"
      "        print(repr(float(v)))\n";
  std::string at_values = "[", hat_values = "[";
  for (const auto& q : questions) {
    at_values +=
        fmt::format("float(1 - Fraction(comb({0} - {1}, 4), comb({0}, 4))), ", q.n, q.correct);
    hat_values += fmt::format("float(Fraction(comb({1}, 4), comb({0}, 4))), ", q.n, q.correct);
  }
  code += "report(" + at_values + "], 0.95)\nreport(" + hat_values + "], 0.9)\n";
  const auto expected = python_numbers(code);
  ASSERT_EQ(expected.size(), 8u);
  size_t i = 0;
  for (const MeanCI& got : {mean_pass_at_k(questions, 4), mean_pass_hat_k(questions, 4, 0.9)}) {
    EXPECT_NEAR(got.mean, expected[i++], 1e-12);
    EXPECT_NEAR(got.ci_low, expected[i++], 1e-12);
    EXPECT_NEAR(got.ci_high, expected[i++], 1e-12);
    EXPECT_NEAR(got.standard_error, expected[i++], 1e-12);
    EXPECT_EQ(got.n, questions.size());
  }
}

TEST(MeanPassAtK, ClampsToProbabilitiesAndHandlesEdges) {
  // Mostly solved questions: mean + z se would pass 1.
  const MeanCI high = mean_pass_at_k({{4, 4}, {4, 4}, {4, 0}}, 1);
  EXPECT_NEAR(high.mean, 2.0 / 3.0, 1e-15);
  EXPECT_EQ(high.ci_high, 1.0);
  EXPECT_EQ(high.ci_low, std::max(0.0, high.mean - 1.959963984540054 * high.standard_error));
  const MeanCI empty = mean_pass_at_k({}, 3);
  EXPECT_EQ(empty.n, 0u);
  EXPECT_EQ(empty.mean, 0.0);
  EXPECT_EQ(empty.ci_low, 0.0);
  EXPECT_EQ(empty.ci_high, 0.0);
  EXPECT_EQ(empty.standard_error, 0.0);
  const MeanCI one = mean_pass_hat_k({{10, 5}}, 2);
  EXPECT_EQ(one.n, 1u);
  EXPECT_NEAR(one.mean, 2.0 / 9.0, 1e-15);
  EXPECT_EQ(one.ci_low, one.mean);
  EXPECT_EQ(one.ci_high, one.mean);
  EXPECT_EQ(one.standard_error, 0.0);
  // A question with fewer samples than k is an error that names it.
  try {
    mean_pass_at_k({{10, 5}, {3, 1}}, 5);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("question 1"), std::string::npos) << error.what();
  }
  EXPECT_THROW(mean_pass_at_k({{10, 5}}, 1, 1.0), std::invalid_argument);
}

std::string py_strings(const std::vector<std::string>& values) {
  std::string out = "[";
  for (const auto& v : values) out += "'" + v + "', ";
  return out + "]";
}

TEST(MajorityVote, AgreesWithCounterMostCommon) {
  const std::vector<std::vector<std::string>> questions = {
      {"4"},
      {"a", "b", "b"},
      {"a", "b", "b", "a"},  // tie: "a" was seen first
      {"x", "y", "z"},       // all tied
      {"q", "r", "r", "q", "s", "s", "s", "r"},
      {"b", "a", "a", "b", "c"},  // tie between b and a: b first
      {"7", "7", "7", "8", "8", "8"}};
  std::string code = "from collections import Counter\n";
  for (const auto& answers : questions) {
    code += "a = " + py_strings(answers) + "\n";
    code += "print(a.index(Counter(a).most_common(1)[0][0]))\n";
  }
  const auto expected = python_numbers(code);
  ASSERT_EQ(expected.size(), questions.size());
  for (size_t i = 0; i < questions.size(); ++i) {
    const auto vote = majority_vote(questions[i]);
    ASSERT_TRUE(vote.has_value());
    EXPECT_EQ(*vote, questions[i][static_cast<size_t>(expected[i])]) << py_strings(questions[i]);
  }
  EXPECT_EQ(majority_vote({"a", "b", "b", "a"}), "a");
  EXPECT_EQ(majority_vote({"b", "a", "a"}), "a");
  EXPECT_FALSE(majority_vote({}).has_value());
}

TEST(MajorityVote, AccuracyOverQuestions) {
  // Votes: "1" (right), "2" (wrong: reference "3"), none (wrong), "x" on a tie (right).
  const MeanCI acc = majority_vote_accuracy({{"1", "1", "2"}, {"2", "3", "2"}, {}, {"x", "y"}},
                                            {"1", "3", "anything", "x"});
  EXPECT_EQ(acc.n, 4u);
  EXPECT_EQ(acc.mean, 0.5);
  // Values 1, 0, 0, 1: sample sd sqrt(1/3), se sqrt(1/3) / 2 = 0.289; 0.5 -+ 1.96 se leaves
  // [0, 1] on both sides and is clamped.
  EXPECT_NEAR(acc.standard_error, std::sqrt(1.0 / 3.0) / 2.0, 1e-15);
  EXPECT_EQ(acc.ci_low, 0.0);
  EXPECT_EQ(acc.ci_high, 1.0);
  // Ten questions, seven right: se = sqrt(0.7 * 0.3 * 10 / 9) / sqrt(10), not clamped.
  std::vector<std::vector<std::string>> answers(10, {"a", "a", "b"});
  std::vector<std::string> references(10, "a");
  for (size_t i = 7; i < 10; ++i) references[i] = "b";
  const MeanCI seven = majority_vote_accuracy(answers, references, 0.9);
  const double se = std::sqrt(0.7 * 0.3 / 9.0);
  EXPECT_NEAR(seven.mean, 0.7, 1e-15);
  EXPECT_NEAR(seven.standard_error, se, 1e-15);
  EXPECT_NEAR(seven.ci_low, 0.7 - 1.6448536269514722 * se, 1e-15);
  EXPECT_NEAR(seven.ci_high, 0.7 + 1.6448536269514722 * se, 1e-15);
  const MeanCI none = majority_vote_accuracy({}, {});
  EXPECT_EQ(none.n, 0u);
  EXPECT_EQ(none.mean, 0.0);
  EXPECT_THROW(majority_vote_accuracy({{"a"}}, {}), std::invalid_argument);
}

}  // namespace
}  // namespace evp::stats
