// Paired comparisons: the exact binomial tests against scipy.stats.binomtest (small and large
// n, tiny p-values), the paired bootstrap against a Python re-implementation of its index
// stream (exactly) and against numpy's own bootstrap (in distribution), plus coverage,
// reproducibility, speed and the edge cases of compare_paired.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <random>
#include <stdexcept>
#include <utility>

#include "python_reference.h"
#include "stats/paired.h"

namespace evp::stats {
namespace {

using test::py_list;
using test::python_numbers;

TEST(BinomialTests, MatchScipyBinomtest) {
  const std::vector<std::pair<size_t, size_t>> cases = {
      {0, 1},        {1, 1},          {0, 2},
      {0, 5},        {5, 5},          {1, 5},
      {3, 10},       {4, 9},          {5, 9},
      {5, 10},       {2, 30},         {10, 30},
      {21, 30},      {0, 60},         {117, 200},
      {83, 200},     {480, 1000},     {0, 1000},
      {9000, 20000}, {49500, 100000}, {498000, 1000000},
      {1000, 5000},  {12, 13},        {123, 1001}};
  std::string code = "import scipy.stats\n";
  for (const auto& [k, n] : cases) {
    code += fmt::format("print(repr(float(scipy.stats.binomtest({}, {}, 0.5).pvalue)))\n", k, n);
  }
  const auto expected = python_numbers(code);
  ASSERT_EQ(expected.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto [k, n] = cases[i];
    const double got = binomial_two_sided_p(k, n);
    EXPECT_NEAR(got, expected[i], 1e-12 * expected[i]) << "k=" << k << " n=" << n;
    // The same counts as McNemar's discordant pairs and as sign-test signs.
    EXPECT_EQ(mcnemar_exact_p(n - k, k), got);
    EXPECT_EQ(mcnemar_exact_p(k, n - k), got);
    EXPECT_EQ(sign_test_p(k, n - k), got);
  }
}

TEST(BinomialTests, MatchExactRationalTails) {
  // 2 sum_{i <= k} C(n, i) / 2^n in exact arithmetic, down to p ~ 1e-120: the documented
  // relative error bound 4e-15 x max(1, |ln p|).
  const std::vector<std::pair<size_t, size_t>> cases = {
      {3, 17}, {14, 31}, {40, 101}, {233, 500}, {150, 500}, {480, 1001}, {495, 2000}, {1400, 3000}};
  std::string code = "from fractions import Fraction\nfrom math import comb\n";
  for (const auto& [k, n] : cases) {
    code += fmt::format(
        "print(repr(float(2 * Fraction(sum(comb({1}, i) for i in range({0} + 1)), 2**{1}))))\n", k,
        n);
  }
  const auto expected = python_numbers(code);
  ASSERT_EQ(expected.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto [k, n] = cases[i];
    const double bound = 4e-15 * std::max(1.0, std::fabs(std::log(expected[i])));
    EXPECT_NEAR(binomial_two_sided_p(k, n), expected[i], bound * expected[i])
        << "k=" << k << " n=" << n;
  }
}

TEST(BinomialTests, HandComputedValues) {
  EXPECT_EQ(mcnemar_exact_p(0, 0), 1.0);           // no discordant pairs
  EXPECT_EQ(sign_test_p(0, 0), 1.0);               // every difference zero
  EXPECT_EQ(mcnemar_exact_p(0, 5), 0.0625);        // 2 / 2^5
  EXPECT_EQ(sign_test_p(6, 0), 0.03125);           // 2 / 2^6
  EXPECT_DOUBLE_EQ(mcnemar_exact_p(1, 4), 0.375);  // 2 (1 + 5) / 32
  EXPECT_EQ(mcnemar_exact_p(3, 4), 1.0);           // the middle of 7
  EXPECT_DOUBLE_EQ(mcnemar_exact_p(0, 1000), std::ldexp(1.0, -999));
  EXPECT_THROW(binomial_two_sided_p(3, 2), std::invalid_argument);
}

TEST(BinomialTests, TinyTailsStayPositiveAndOrdered) {
  // Far tails keep their relative precision instead of rounding to 0 or to each other.
  double previous = 1.0;
  for (size_t k = 4900; k >= 4000; k -= 100) {  // p from 0.05 down to ~1e-88
    const double p = sign_test_p(k, 10000 - k);
    EXPECT_GT(p, 0.0) << k;
    EXPECT_LT(p, previous) << k;
    previous = p;
  }
}

// Python: the bootstrap re-done from its description, with pair indices drawn from the
// mt19937_64 stream and the difference taken of the two resampled means.
const char* kPairedBootstrap = R"(
def paired_bootstrap(a, b, rounds, seed, confidence):
    g = MT64(seed)
    n = len(a)
    diffs = []
    for _ in range(rounds):
        idx = [uniform_index(g, n) for _ in range(n)]
        diffs.append(np.mean([b[i] for i in idx]) - np.mean([a[i] for i in idx]))
    alpha = 1.0 - confidence
    diffs = np.array(diffs)
    for v in (np.mean(b) - np.mean(a), np.percentile(diffs, 100 * alpha / 2),
              np.percentile(diffs, 100 * (1 - alpha / 2)), diffs.std(ddof=1)):
        print(repr(float(v)))
)";

TEST(PairedBootstrap, MatchesPythonReimplementationOfItsIndexStream) {
  const std::vector<double> a = {0.1, 0.9, 0.4, 0.4,  1.0, 0.0,  0.75,
                                 0.3, 0.6, 0.2, 0.85, 0.5, 0.55, 0.05};
  const std::vector<double> b = {0.3, 0.8,  0.6, 0.4, 0.9,  0.35, 0.75,
                                 0.7, 0.65, 0.1, 1.0, 0.45, 0.9,  0.2};
  const std::vector<double> x = {1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1};
  const std::vector<double> y = {1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1};
  const auto expected =
      python_numbers(std::string(test::kPythonMt19937_64) + kPairedBootstrap + "paired_bootstrap(" +
                     py_list(a) + ", " + py_list(b) + ", 400, 42, 0.95)\npaired_bootstrap(" +
                     py_list(x) + ", " + py_list(y) + ", 300, 7, 0.9)\n");
  ASSERT_EQ(expected.size(), 8u);
  size_t i = 0;
  for (const MeanCI& got : {paired_bootstrap_diff_ci(a, b, 400, 42, 0.95),
                            paired_bootstrap_diff_ci(x, y, 300, 7, 0.9)}) {
    EXPECT_NEAR(got.mean, expected[i++], 1e-12);
    EXPECT_NEAR(got.ci_low, expected[i++], 1e-12);
    EXPECT_NEAR(got.ci_high, expected[i++], 1e-12);
    EXPECT_NEAR(got.standard_error, expected[i++], 1e-12);
  }
}

// numpy's own bootstrap (another generator) prints the percentile bounds and the standard
// deviation of `rounds` resampled mean differences.
std::vector<double> numpy_bootstrap(const std::vector<double>& a, const std::vector<double>& b,
                                    int rounds) {
  return python_numbers(fmt::format(R"(
rng = np.random.default_rng(2024)
a, b = np.array({}), np.array({})
d = b - a
means = np.concatenate([d[rng.integers(0, len(d), (500, len(d)))].mean(axis=1)
                        for _ in range({} // 500)])
for v in (np.percentile(means, 2.5), np.percentile(means, 97.5), means.std(ddof=1)):
    print(repr(float(v)))
)",
                                    py_list(a), py_list(b), rounds));
}

// Percentiles of 4000 rounds scatter by ~0.04 standard errors each; allow 0.25.
void expect_same_distribution(const std::vector<double>& a, const std::vector<double>& b) {
  const auto expected = numpy_bootstrap(a, b, 4000);
  ASSERT_EQ(expected.size(), 3u);
  const MeanCI got = paired_bootstrap_diff_ci(a, b, 4000, 11);
  const double se = expected[2];
  EXPECT_NEAR(got.ci_low, expected[0], 0.25 * se);
  EXPECT_NEAR(got.ci_high, expected[1], 0.25 * se);
  EXPECT_NEAR(got.standard_error, se, 0.06 * se);
}

TEST(PairedBootstrap, AgreesWithNumpyInDistribution) {
  // Graded scores, 300 pairs: the index stream.
  std::mt19937_64 generator(5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> a, b;
  for (int i = 0; i < 300; ++i) {
    a.push_back(unit(generator));
    b.push_back(std::min(1.0, a.back() * 0.6 + 0.5 * unit(generator)));
  }
  expect_same_distribution(a, b);
  // Pass/fail scores, 2000 pairs: 8e6 draws resample counts of the 3 distinct differences.
  std::vector<double> x, y;
  for (int i = 0; i < 2000; ++i) {
    x.push_back(unit(generator) < 0.6 ? 1.0 : 0.0);
    y.push_back(unit(generator) < (x.back() == 1.0 ? 0.85 : 0.3) ? 1.0 : 0.0);
  }
  expect_same_distribution(x, y);
}

TEST(PairedBootstrap, BigPassFailSampleMatchesTheClosedFormSpread) {
  // The bootstrap distribution of a mean of n differences has sd sigma_pop / sqrt(n); at
  // n = 100k it is normal to ~1e-5, so the bounds are mean -+ 1.96 of that.
  std::vector<double> a(100000), b(100000);
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = (i * 7919) % 10 < 6 ? 1.0 : 0.0;
    b[i] = (i * 104729) % 100 < 65 ? 1.0 : 0.0;
  }
  std::vector<double> d(a.size());
  for (size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  const double n = static_cast<double>(d.size());
  const double se = sample_stddev(d) * std::sqrt((n - 1) / n) / std::sqrt(n);
  const auto start = std::chrono::steady_clock::now();
  const MeanCI ci = paired_bootstrap_diff_ci(a, b, 10000, 42);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 1.0);  // counts, not 1e9 index draws (several seconds)
  EXPECT_NEAR(ci.mean, mean(b) - mean(a), 1e-12);
  EXPECT_NEAR(ci.standard_error, se, 0.03 * se);
  EXPECT_NEAR(ci.ci_low, ci.mean - 1.959963984540054 * se, 0.1 * se);
  EXPECT_NEAR(ci.ci_high, ci.mean + 1.959963984540054 * se, 0.1 * se);
}

TEST(PairedBootstrap, CoversTheTrueDifference) {
  // 400 simulated comparisons of 60 correlated pairs with true mean difference 0.2.
  std::mt19937_64 generator(77);
  std::normal_distribution<double> noise(0.0, 1.0);
  int covered = 0;
  const int trials = 400;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> a, b;
    for (int i = 0; i < 60; ++i) {
      const double difficulty = noise(generator);
      a.push_back(difficulty + 0.5 * noise(generator));
      b.push_back(difficulty + 0.2 + 0.5 * noise(generator));
    }
    const MeanCI ci = paired_bootstrap_diff_ci(a, b, 1000, static_cast<uint64_t>(t));
    if (ci.ci_low <= 0.2 && 0.2 <= ci.ci_high) ++covered;
  }
  const double coverage = static_cast<double>(covered) / trials;
  EXPECT_GT(coverage, 0.90);
  EXPECT_LT(coverage, 0.985);
}

TEST(PairedBootstrap, ReproducibleForASeed) {
  const std::vector<double> a = {0.2, 0.4, 0.9, 0.1, 0.5, 0.5, 0.8};
  const std::vector<double> b = {0.3, 0.4, 0.7, 0.6, 0.5, 0.9, 0.85};
  const MeanCI first = paired_bootstrap_diff_ci(a, b, 1000, 123);
  const MeanCI again = paired_bootstrap_diff_ci(a, b, 1000, 123);
  const MeanCI other = paired_bootstrap_diff_ci(a, b, 1000, 124);
  EXPECT_EQ(first.ci_low, again.ci_low);
  EXPECT_EQ(first.ci_high, again.ci_high);
  EXPECT_EQ(first.standard_error, again.standard_error);
  EXPECT_NE(first.standard_error, other.standard_error);
}

TEST(PairedBootstrap, EqualDifferencesGiveAZeroWidthInterval) {
  std::vector<double> a, b;
  for (int i = 0; i < 40; ++i) {
    a.push_back((i % 5) / 8.0);
    b.push_back(a.back() + 0.25);  // exact in binary: every difference is 0.25
  }
  const MeanCI ci = paired_bootstrap_diff_ci(a, b);
  EXPECT_EQ(ci.mean, 0.25);
  EXPECT_EQ(ci.ci_low, 0.25);
  EXPECT_EQ(ci.ci_high, 0.25);
  EXPECT_EQ(ci.standard_error, 0.0);
  EXPECT_EQ(ci.n, 40u);
}

TEST(ComparePaired, PassFailScoresUseMcNemar) {
  // Rows: tie(1,1), B(0,1), A(1,0), tie(1,1), B(0,1), B(0,1), tie(0,0), B(0,1).
  const std::vector<double> a = {1, 0, 1, 1, 0, 0, 0, 0};
  const std::vector<double> b = {1, 1, 0, 1, 1, 1, 0, 1};
  const PairedComparison r = compare_paired(a, b, 2000, 3);
  EXPECT_EQ(r.n, 8u);
  EXPECT_EQ(r.test, "mcnemar_exact");
  EXPECT_EQ(r.b_better, 4u);
  EXPECT_EQ(r.a_better, 1u);
  EXPECT_EQ(r.ties, 3u);
  EXPECT_EQ(r.mean_a, 0.375);
  EXPECT_EQ(r.mean_b, 0.75);
  EXPECT_EQ(r.mean_diff, 0.375);
  EXPECT_DOUBLE_EQ(r.p_value, 0.375);  // binomtest(1, 5): 2 (1 + 5) / 32
  const MeanCI ci = paired_bootstrap_diff_ci(a, b, 2000, 3);
  EXPECT_EQ(r.ci_low, ci.ci_low);
  EXPECT_EQ(r.ci_high, ci.ci_high);
  EXPECT_LE(r.ci_low, r.mean_diff);
  EXPECT_GE(r.ci_high, r.mean_diff);
}

TEST(ComparePaired, GradedScoresUseTheSignTestAsScipyDoes) {
  std::mt19937_64 generator(9);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> a, b;
  for (int i = 0; i < 120; ++i) {
    a.push_back(std::round(unit(generator) * 4) / 4);  // graded 0, .25, ..., 1: many ties
    b.push_back(std::round(std::min(1.0, unit(generator) * 1.2) * 4) / 4);
  }
  const auto expected = python_numbers(
      "import scipy.stats\na, b = np.array(" + py_list(a) + "), np.array(" + py_list(b) +
      ")\npos, neg = int((b > a).sum()), int((a > b).sum())\n"
      "print(pos)\nprint(neg)\nprint(int((a == b).sum()))\n"
      "print(repr(float(scipy.stats.binomtest(pos, pos + neg, 0.5).pvalue)))\n"
      "print(repr(float(b.mean() - a.mean())))\n");
  ASSERT_EQ(expected.size(), 5u);
  const PairedComparison r = compare_paired(a, b, 1000);
  EXPECT_EQ(r.test, "sign_test");
  EXPECT_EQ(static_cast<double>(r.b_better), expected[0]);
  EXPECT_EQ(static_cast<double>(r.a_better), expected[1]);
  EXPECT_EQ(static_cast<double>(r.ties), expected[2]);
  EXPECT_GT(r.ties, 0u);
  EXPECT_NEAR(r.p_value, expected[3], 1e-12 * expected[3]);
  EXPECT_NEAR(r.mean_diff, expected[4], 1e-12);
  // A single non-binary score switches the whole comparison to the sign test.
  EXPECT_EQ(compare_paired({1, 0, 0.5}, {1, 1, 0.5}, 100).test, "sign_test");
}

TEST(ComparePaired, AllTiesEmptyAndOnePair) {
  const std::vector<double> same = {0.5, 1, 0, 0.25};
  const PairedComparison tied = compare_paired(same, same);
  EXPECT_EQ(tied.ties, 4u);
  EXPECT_EQ(tied.b_better + tied.a_better, 0u);
  EXPECT_EQ(tied.mean_diff, 0.0);
  EXPECT_EQ(tied.ci_low, 0.0);
  EXPECT_EQ(tied.ci_high, 0.0);
  EXPECT_EQ(tied.p_value, 1.0);
  EXPECT_EQ(tied.test, "sign_test");

  const PairedComparison empty = compare_paired({}, {});
  EXPECT_EQ(empty.n, 0u);
  EXPECT_EQ(empty.mean_a, 0.0);
  EXPECT_EQ(empty.mean_b, 0.0);
  EXPECT_EQ(empty.mean_diff, 0.0);
  EXPECT_EQ(empty.ci_low, 0.0);
  EXPECT_EQ(empty.ci_high, 0.0);
  EXPECT_EQ(empty.p_value, 1.0);
  EXPECT_EQ(empty.test, "mcnemar_exact");
  EXPECT_EQ(empty.b_better + empty.a_better + empty.ties, 0u);

  const PairedComparison one = compare_paired({0}, {1});
  EXPECT_EQ(one.n, 1u);
  EXPECT_EQ(one.b_better, 1u);
  EXPECT_EQ(one.mean_diff, 1.0);
  EXPECT_EQ(one.ci_low, 1.0);
  EXPECT_EQ(one.ci_high, 1.0);
  EXPECT_EQ(one.p_value, 1.0);  // binomtest(1, 1)
}

TEST(ComparePaired, RejectsBadInput) {
  EXPECT_THROW(compare_paired({1, 0}, {1}), std::invalid_argument);
  EXPECT_THROW(paired_bootstrap_diff_ci({1}, {1, 0}), std::invalid_argument);
  EXPECT_THROW(compare_paired({1, std::nan("")}, {1, 0}), std::invalid_argument);
  EXPECT_THROW(compare_paired({1, 0}, {1, 0}, 0), std::invalid_argument);
  EXPECT_THROW(compare_paired({1, 0}, {1, 0}, 100, 42, 1.0), std::invalid_argument);
}

}  // namespace
}  // namespace evp::stats
