// Confidence intervals: Eval Protocol's fixed-question-set interval against a Python
// transcription of EP's formula, the seeded bootstrap against a Python re-implementation of
// its resampling (mt19937_64 included) and against closed-form properties, the t interval
// against scipy.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "python_reference.h"
#include "stats/summary.h"

namespace evp::stats {
namespace {

using test::py_list;
using test::python_numbers;

const std::string kScipy = "import scipy.stats\nimport scipy.special\nimport scipy.optimize\n";

void expect_close(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::fabs(expected))) << what;
}

// Eval Protocol's compute_fixed_set_mu_ci (eval_protocol/stats/confidence_intervals.py),
// transcribed for grouped scores; prints mu, low, high, se, Q for each input.
const char* kEvalProtocolCi = R"(
import math
def ep_ci(groups, z):
    groups = [[s for s in g if not math.isnan(s)] for g in groups]
    groups = [g for g in groups if g]
    Q = len(groups)
    ybars, var_terms = [], []
    for scores in groups:
        m = len(scores)
        ybar = sum(scores) / m
        ybars.append(ybar)
        var_terms.append(ybar * (1.0 - ybar) / (m - 1) if m >= 2 else ybar * (1.0 - ybar) / m)
    mu = sum(ybars) / len(ybars)
    se_sq = sum(var_terms) / (Q * Q)
    se = math.sqrt(se_sq) if se_sq > 0.0 else 0.0
    for v in (mu, max(0.0, mu - z * se), min(1.0, mu + z * se), se, Q):
        print(repr(float(v)))
)";

const std::vector<std::vector<std::vector<double>>> kFixedSetInputs = {
    {{1, 0, 1}, {0, 0, 1}, {1, 1, 1}, {0, 0, 0}},  // binary, equal runs
    {{1, 0}, {1}, {0, 1, 1, 1}, {0.5, 0.25}},      // unequal runs, a single run, partial credit
    {{1, 1, 1, 0, 1}},                             // one row with several runs
    {{1, 1, 0}, {1, 1, 1}, {}, {1, 1, 1}},         // upper bound clamps to 1; empty row skipped
    {{0, 0, 1}, {0, 0, 0}, {0, 0, 0}},             // lower bound clamps to 0
    {{0.3, 0.7, 0.2}, {0.9, 0.1, 0.8}, {0.6, 0.6, 0.5}, {0.15, 0.4, 0.35}},
};

TEST(FixedQuestionSetCi, MatchesEvalProtocolsFormula) {
  std::string code = kEvalProtocolCi;
  for (const auto& rows : kFixedSetInputs) {
    code += "ep_ci(" + py_list(rows) + ", scipy.stats.norm.ppf(0.975))\n";
    code += "ep_ci(" + py_list(rows) + ", 1.96)\n";
    code += "ep_ci(" + py_list(rows) + ", scipy.stats.norm.ppf(0.995))\n";
  }
  const auto expected = python_numbers(kScipy + code);
  ASSERT_EQ(expected.size(), kFixedSetInputs.size() * 15);
  size_t k = 0;
  for (const auto& rows : kFixedSetInputs) {
    for (const MeanCI& got :
         {fixed_question_set_ci(rows), fixed_question_set_ci_z(rows, kEvalProtocolZ),
          fixed_question_set_ci(rows, 0.99)}) {
      const std::string what = py_list(rows);
      expect_close(got.mean, expected[k++], "mean " + what);
      expect_close(got.ci_low, expected[k++], "ci_low " + what);
      expect_close(got.ci_high, expected[k++], "ci_high " + what);
      expect_close(got.standard_error, expected[k++], "se " + what);
      EXPECT_EQ(static_cast<double>(got.n), expected[k++]) << what;
    }
  }
}

TEST(FixedQuestionSetCi, HandComputedExample) {
  // ybar = 0.5 and 1; mean 0.75; v = 0.5*0.5/(2-1) + 0 = 0.25; se = sqrt(0.25)/2 = 0.25;
  // 0.75 -+ 1.96*0.25 = [0.26, 1.24], the upper bound clamped to 1.
  const MeanCI ci = fixed_question_set_ci_z({{1, 0}, {1, 1}}, kEvalProtocolZ);
  EXPECT_DOUBLE_EQ(ci.mean, 0.75);
  EXPECT_DOUBLE_EQ(ci.standard_error, 0.25);
  EXPECT_DOUBLE_EQ(ci.ci_low, 0.26);
  EXPECT_DOUBLE_EQ(ci.ci_high, 1.0);
  EXPECT_EQ(ci.n, 2u);
}

TEST(FixedQuestionSetCi, EdgeCases) {
  // No data at all, or only empty / NaN rows: every field 0, n = 0.
  for (const auto& rows :
       std::vector<std::vector<std::vector<double>>>{{}, {{}, {}}, {{std::nan("")}}}) {
    const MeanCI ci = fixed_question_set_ci(rows);
    EXPECT_EQ(ci.n, 0u);
    EXPECT_EQ(ci.mean, 0.0);
    EXPECT_EQ(ci.ci_low, 0.0);
    EXPECT_EQ(ci.ci_high, 0.0);
    EXPECT_EQ(ci.standard_error, 0.0);
  }
  // One value: a binary score has no within-row variance, a zero-width interval.
  const MeanCI one = fixed_question_set_ci({{1.0}});
  EXPECT_EQ(one.n, 1u);
  EXPECT_EQ(one.mean, 1.0);
  EXPECT_EQ(one.ci_low, 1.0);
  EXPECT_EQ(one.ci_high, 1.0);
  EXPECT_EQ(one.standard_error, 0.0);
  // NaN scores are skipped, not propagated.
  const MeanCI with_nan = fixed_question_set_ci({{1, std::nan(""), 0}});
  EXPECT_DOUBLE_EQ(with_nan.mean, 0.5);
  EXPECT_DOUBLE_EQ(with_nan.standard_error, 0.5);  // 0.25 / (2 - 1), one row
  EXPECT_THROW(fixed_question_set_ci({{1}}, 1.0), std::invalid_argument);
}

// The bootstrap re-done in Python on the shared generator and index draw
// (kPythonMt19937_64), with numpy percentiles.
const char* kPythonBootstrap = R"(
def bootstrap(values, rounds, seed, confidence):
    g = MT64(seed)
    n = len(values)
    means = []
    for _ in range(rounds):
        s = 0.0
        for _ in range(n):
            s += values[uniform_index(g, n)]
        means.append(s / n)
    alpha = 1.0 - confidence
    means = np.array(means)
    for v in (np.mean(values), np.percentile(means, 100 * (alpha / 2)),
              np.percentile(means, 100 * (1 - alpha / 2)), means.std(ddof=1)):
        print(repr(float(v)))
)";

TEST(BootstrapMeanCi, MatchesPythonReimplementationExactly) {
  const std::vector<double> a = {0.1, 0.9, 0.4, 0.4, 1.0, 0.0, 0.75, 0.3, 0.6, 0.2, 0.85};
  const std::vector<double> b = {1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1};
  const auto expected =
      python_numbers(std::string(test::kPythonMt19937_64) + kPythonBootstrap + "bootstrap(" +
                     py_list(a) + ", 500, 42, 0.95)\nbootstrap(" + py_list(b) + ", 300, 7, 0.9)\n");
  ASSERT_EQ(expected.size(), 8u);
  const MeanCI ca = bootstrap_mean_ci(a, 500, 42, 0.95);
  const MeanCI cb = bootstrap_mean_ci(b, 300, 7, 0.9);
  size_t k = 0;
  for (const MeanCI& got : {ca, cb}) {
    expect_close(got.mean, expected[k++], "mean");
    expect_close(got.ci_low, expected[k++], "ci_low");
    expect_close(got.ci_high, expected[k++], "ci_high");
    expect_close(got.standard_error, expected[k++], "se");
  }
  EXPECT_EQ(ca.n, a.size());
}

TEST(BootstrapMeanCi, SameSeedSameAnswerOtherSeedOtherAnswer) {
  const std::vector<double> v = {0.2, 0.4, 0.9, 0.1, 0.5, 0.5, 0.8};
  const MeanCI first = bootstrap_mean_ci(v, 1000, 123);
  const MeanCI again = bootstrap_mean_ci(v, 1000, 123);
  const MeanCI other = bootstrap_mean_ci(v, 1000, 124);
  EXPECT_EQ(first.ci_low, again.ci_low);
  EXPECT_EQ(first.ci_high, again.ci_high);
  EXPECT_EQ(first.standard_error, again.standard_error);
  EXPECT_NE(first.standard_error, other.standard_error);
}

// Big samples with few distinct values resample counts. The bootstrap distribution of the
// mean is then known in closed form (for 0/1 scores, Binomial(n, p)/n; in general the
// sample's variance / n), which at these n is normal to within 1e-5: the percentiles of
// 2000 rounds must sit within a few Monte Carlo errors (~1e-4) of mean +- z * se.
void expect_bootstrap_matches_closed_form(const std::vector<double>& values, double variance) {
  const double n = static_cast<double>(values.size());
  double mean = 0.0;
  for (double v : values) mean += v;
  mean /= n;
  const double se = std::sqrt(variance / n);
  const MeanCI ci = bootstrap_mean_ci(values, 2000, 42);
  EXPECT_NEAR(ci.mean, mean, 1e-12);
  EXPECT_NEAR(ci.standard_error, se, 0.05 * se);
  EXPECT_NEAR(ci.ci_low, mean - 1.959963984540054 * se, 5e-4);
  EXPECT_NEAR(ci.ci_high, mean + 1.959963984540054 * se, 5e-4);
  const MeanCI again = bootstrap_mean_ci(values, 2000, 42);
  EXPECT_EQ(ci.ci_low, again.ci_low);
  EXPECT_EQ(ci.ci_high, again.ci_high);
  EXPECT_NE(ci.standard_error, bootstrap_mean_ci(values, 2000, 43).standard_error);
}

TEST(BootstrapMeanCi, BigPassFailSamplesResampleCountsWithTheBinomialSpread) {
  std::vector<double> values(100000);
  for (size_t i = 0; i < values.size(); ++i) values[i] = (i * 7919) % 10 < 6 ? 1.0 : 0.0;
  expect_bootstrap_matches_closed_form(values, 0.6 * 0.4);
}

TEST(BootstrapMeanCi, BigGradedSamplesResampleCountsWithTheSampleSpread) {
  std::vector<double> values;
  for (int i = 0; i < 60000; ++i) values.push_back(i % 10 < 2 ? 0.0 : (i % 10 < 5 ? 0.5 : 1.0));
  // mean 0.65; E[x^2] = 0.3 * 0.25 + 0.5 = 0.575; variance 0.575 - 0.65^2 = 0.1525
  expect_bootstrap_matches_closed_form(values, 0.1525);
}

TEST(BootstrapMeanCi, ConstantDataGivesZeroWidth) {
  const MeanCI ci = bootstrap_mean_ci(std::vector<double>(25, 0.625));
  EXPECT_EQ(ci.mean, 0.625);
  EXPECT_EQ(ci.ci_low, 0.625);
  EXPECT_EQ(ci.ci_high, 0.625);
  EXPECT_EQ(ci.standard_error, 0.0);
  EXPECT_EQ(ci.n, 25u);
}

TEST(BootstrapMeanCi, AgreesWithClosedFormStandardError) {
  // The bootstrap distribution of the mean has standard deviation sigma_pop / sqrt(n) with
  // sigma_pop the population (ddof = 0) standard deviation, and is centred on the sample
  // mean; 4000 rounds estimate the first within a few percent.
  std::vector<double> v;
  for (int i = 0; i < 200; ++i) v.push_back(static_cast<double>((i * 37) % 101) / 100.0);
  const double n = static_cast<double>(v.size());
  const double closed_se = sample_stddev(v) * std::sqrt((n - 1) / n) / std::sqrt(n);
  const MeanCI ci = bootstrap_mean_ci(v, 4000, 42);
  EXPECT_NEAR(ci.standard_error, closed_se, 0.05 * closed_se);
  EXPECT_EQ(ci.mean, mean(v));
  // Nearly normal at n = 200: the percentile interval is about mean -+ 1.96 se.
  EXPECT_NEAR(ci.ci_low, ci.mean - 1.96 * closed_se, 0.15 * closed_se);
  EXPECT_NEAR(ci.ci_high, ci.mean + 1.96 * closed_se, 0.15 * closed_se);
}

TEST(BootstrapMeanCi, EdgeCasesAndErrors) {
  const MeanCI empty = bootstrap_mean_ci({});
  EXPECT_EQ(empty.n, 0u);
  EXPECT_EQ(empty.mean, 0.0);
  EXPECT_EQ(empty.ci_low, 0.0);
  EXPECT_EQ(empty.ci_high, 0.0);
  EXPECT_EQ(empty.standard_error, 0.0);
  const MeanCI one = bootstrap_mean_ci({0.3});
  EXPECT_EQ(one.n, 1u);
  EXPECT_EQ(one.mean, 0.3);
  EXPECT_EQ(one.ci_low, 0.3);
  EXPECT_EQ(one.ci_high, 0.3);
  EXPECT_EQ(one.standard_error, 0.0);
  EXPECT_THROW(bootstrap_mean_ci({1.0}, 0), std::invalid_argument);
  EXPECT_THROW(bootstrap_mean_ci({1.0}, 10, 42, 1.5), std::invalid_argument);
}

TEST(StudentTMeanCi, MatchesScipy) {
  const std::vector<std::vector<double>> inputs = {
      {0.1, 0.5}, {1, 0, 1, 1, 0.5}, {3.2, 4.8, 5.1, 2.2, 3.9, 4.4, 4.0, 3.3}};
  std::string code;
  for (const auto& v : inputs) {
    code += "x = np.array(" + py_list(v) + ")\n";
    code += "se = scipy.stats.sem(x)\n";
    code += "lo, hi = scipy.stats.t.interval(0.9, len(x) - 1, loc=x.mean(), scale=se)\n";
    code += "for v in (x.mean(), lo, hi, se):\n    print(repr(float(v)))\n";
  }
  const auto expected = python_numbers(kScipy + code);
  ASSERT_EQ(expected.size(), inputs.size() * 4);
  size_t k = 0;
  for (const auto& v : inputs) {
    const MeanCI got = student_t_mean_ci(v, 0.9);
    expect_close(got.mean, expected[k++], "mean " + py_list(v));
    expect_close(got.ci_low, expected[k++], "ci_low " + py_list(v));
    expect_close(got.ci_high, expected[k++], "ci_high " + py_list(v));
    expect_close(got.standard_error, expected[k++], "se " + py_list(v));
    EXPECT_EQ(got.n, v.size());
  }
  const MeanCI one = student_t_mean_ci({2.5});
  EXPECT_EQ(one.n, 1u);
  EXPECT_EQ(one.ci_low, 2.5);
  EXPECT_EQ(one.ci_high, 2.5);
  EXPECT_EQ(student_t_mean_ci({}).n, 0u);
}

}  // namespace
}  // namespace evp::stats
