// Cluster-robust standard errors against an independent numpy computation (the quadratic
// form e' M e with M the same-cluster indicator matrix), hand-worked values, their
// reductions to the unclustered SE, and a simulation of their coverage.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "python_reference.h"
#include "stats/clustered.h"

namespace evp::stats {
namespace {

using test::py_list;
using test::python_numbers;

std::string py_strings(const std::vector<std::string>& values) {
  std::string out = "[";
  for (const auto& v : values) out += "'" + v + "', ";
  return out + "]";
}

struct Case {
  std::vector<double> values;
  std::vector<std::string> clusters;
};

TEST(ClusteredMeanCi, MatchesTheSandwichAsAQuadraticFormInNumpy) {
  const std::vector<Case> cases = {
      {{1, 0, 1, 1, 0, 0, 1, 1, 1}, {"q1", "q1", "q1", "q2", "q2", "q2", "q3", "q3", "q3"}},
      {{0.2, 0.9, 0.4, 0.4, 1.0, 0.0, 0.75}, {"a", "b", "a", "c", "b", "c", "d"}},
      {{3.5, 2.0, 4.25, 1.0, 0.5}, {"x", "y", "z", "w", "v"}},  // singletons
      {{1, 1, 1, 0, 0, 0, 1, 0}, {"p", "p", "p", "r", "r", "r", "s", "t"}}};
  std::string code = R"(
import scipy.stats
def clustered(values, clusters, confidence):
    x = np.array(values)
    e = x - x.mean()
    same = np.array([[float(ci == cj) for cj in clusters] for ci in clusters])
    n, g = len(x), len(set(clusters))
    cr0 = np.sqrt(e @ same @ e) / n
    cr1 = cr0 * np.sqrt(g / (g - 1))
    z = scipy.stats.norm.ppf((1 + confidence) / 2)
    for v in (x.mean(), cr0, cr1, x.mean() - z * cr1, x.mean() + z * cr1, x.mean() - z * cr0):
        print(repr(float(v)))
)";
  for (const Case& c : cases) {
    code += "clustered(" + py_list(c.values) + ", " + py_strings(c.clusters) + ", 0.9)\n";
  }
  const auto expected = python_numbers(code);
  ASSERT_EQ(expected.size(), 6 * cases.size());
  size_t i = 0;
  for (const Case& c : cases) {
    const std::string what = py_list(c.values);
    const MeanCI cr1 = clustered_mean_ci(c.values, c.clusters, 0.9);
    const MeanCI cr0 = clustered_mean_ci(c.values, c.clusters, ClusterCorrection::kCR0, 0.9);
    EXPECT_NEAR(cr1.mean, expected[i++], 1e-14) << what;
    EXPECT_NEAR(clustered_standard_error(c.values, c.clusters, ClusterCorrection::kCR0),
                expected[i++], 1e-14)
        << what;
    EXPECT_NEAR(cr1.standard_error, expected[i++], 1e-14) << what;
    EXPECT_NEAR(cr1.ci_low, expected[i++], 1e-14) << what;
    EXPECT_NEAR(cr1.ci_high, expected[i++], 1e-14) << what;
    EXPECT_NEAR(cr0.ci_low, expected[i++], 1e-14) << what;
    EXPECT_EQ(cr1.n, c.values.size());
  }
}

TEST(ClusteredMeanCi, HandWorkedExample) {
  // Mean 0.75; residual sums per cluster: a (0.25 - 0.75) = -0.5, b (0.25 + 0.25) = 0.5.
  // CR0 = sqrt(0.25 + 0.25) / 4 = 0.1767767; CR1 = sqrt(2 / 1) * CR0 = 0.25.
  const std::vector<double> v = {1, 0, 1, 1};
  const std::vector<std::string> c = {"a", "a", "b", "b"};
  EXPECT_NEAR(clustered_standard_error(v, c, ClusterCorrection::kCR0), std::sqrt(0.5) / 4, 1e-16);
  EXPECT_NEAR(clustered_standard_error(v, c), 0.25, 1e-16);
  const MeanCI ci = clustered_mean_ci(v, c);
  EXPECT_EQ(ci.mean, 0.75);
  EXPECT_NEAR(ci.ci_low, 0.75 - 1.959963984540054 * 0.25, 1e-15);
  EXPECT_NEAR(ci.ci_high, 0.75 + 1.959963984540054 * 0.25, 1e-15);  // not clamped to 1
}

TEST(ClusteredMeanCi, OneValuePerClusterIsTheUsualStandardError) {
  const std::vector<double> v = {0.3, 0.9, 0.1, 0.75, 0.5, 0.5, 0.05, 1.0};
  std::vector<std::string> c;
  for (size_t i = 0; i < v.size(); ++i) c.push_back("row" + std::to_string(i));
  const auto expected = python_numbers("import scipy.stats\nx = np.array(" + py_list(v) +
                                       ")\nprint(repr(float(scipy.stats.sem(x))))\n"
                                       "print(repr(float(x.std(ddof=0) / np.sqrt(len(x)))))\n");
  ASSERT_EQ(expected.size(), 2u);
  const double n = static_cast<double>(v.size());
  EXPECT_NEAR(clustered_standard_error(v, c), expected[0], 1e-15);
  EXPECT_NEAR(clustered_standard_error(v, c), sample_stddev(v) / std::sqrt(n), 1e-15);
  EXPECT_NEAR(clustered_standard_error(v, c, ClusterCorrection::kCR0), expected[1], 1e-15);
  EXPECT_NEAR(clustered_standard_error(v, c, ClusterCorrection::kCR0),
              std::sqrt((n - 1) / n) * sample_stddev(v) / std::sqrt(n), 1e-15);
}

TEST(ClusteredMeanCi, DuplicatedValuesDoNotShrinkTheError) {
  // Each question's score repeated 5 times in its own cluster carries no more information
  // than one copy: CR0 stays the singleton CR0 of the originals, while the naive standard
  // error shrinks by about sqrt(5).
  const std::vector<double> original = {0.1, 0.8, 0.4, 0.9, 0.3, 0.65};
  std::vector<double> repeated;
  std::vector<std::string> clusters, singletons;
  for (size_t q = 0; q < original.size(); ++q) {
    singletons.push_back(std::to_string(q));
    for (int r = 0; r < 5; ++r) {
      repeated.push_back(original[q]);
      clusters.push_back(std::to_string(q));
    }
  }
  const double base = clustered_standard_error(original, singletons, ClusterCorrection::kCR0);
  EXPECT_NEAR(clustered_standard_error(repeated, clusters, ClusterCorrection::kCR0), base, 1e-15);
  EXPECT_NEAR(clustered_standard_error(repeated, clusters),
              clustered_standard_error(original, singletons), 1e-15);
  const double naive = sample_stddev(repeated) / std::sqrt(static_cast<double>(repeated.size()));
  EXPECT_LT(naive, 0.5 * clustered_standard_error(repeated, clusters));
}

TEST(ClusteredMeanCi, LabelsAndOrderDoNotMatter) {
  const std::vector<double> v = {0.2, 0.9, 0.4, 0.4, 1.0, 0.0, 0.75};
  const std::vector<std::string> c = {"a", "b", "a", "c", "b", "c", "d"};
  const std::vector<double> v2 = {0.75, 0.0, 1.0, 0.4, 0.4, 0.9, 0.2};  // reversed
  const std::vector<std::string> c2 = {"zz", "y", "x", "y", "w", "x", "w"};
  const double se = clustered_standard_error(v, c);
  EXPECT_GT(se, 0.0);
  EXPECT_NEAR(clustered_standard_error(v2, c2), se, 1e-15);
}

TEST(ClusteredMeanCi, CoversTheTrueMeanUnderClusteredNoise) {
  // 400 simulated evals of 40 clusters x 8 values with a shared cluster effect (intraclass
  // correlation 0.5): the CR1 interval should cover the true mean ~95% of the time, while
  // the interval that ignores clusters covers far less.
  std::mt19937_64 generator(2024);
  std::normal_distribution<double> noise(0.0, 1.0);
  int covered = 0, naive_covered = 0;
  const int trials = 400;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> values;
    std::vector<std::string> clusters;
    for (int g = 0; g < 40; ++g) {
      const double effect = noise(generator);
      for (int i = 0; i < 8; ++i) {
        values.push_back(effect + noise(generator));
        clusters.push_back(std::to_string(g));
      }
    }
    const MeanCI ci = clustered_mean_ci(values, clusters);
    if (ci.ci_low <= 0.0 && 0.0 <= ci.ci_high) ++covered;
    const double naive = 1.959963984540054 * sample_stddev(values) / std::sqrt(320.0);
    if (std::fabs(ci.mean) <= naive) ++naive_covered;
  }
  const double coverage = static_cast<double>(covered) / trials;
  EXPECT_GT(coverage, 0.91);
  EXPECT_LT(coverage, 0.98);
  EXPECT_LT(static_cast<double>(naive_covered) / trials, 0.75);
}

TEST(ClusteredMeanCi, EdgeCasesAndErrors) {
  const MeanCI empty = clustered_mean_ci({}, {});
  EXPECT_EQ(empty.n, 0u);
  EXPECT_EQ(empty.mean, 0.0);
  EXPECT_EQ(empty.ci_low, 0.0);
  EXPECT_EQ(empty.ci_high, 0.0);
  EXPECT_EQ(empty.standard_error, 0.0);
  // One cluster: no between-cluster information, a zero-width interval (no NaN, no inf).
  const MeanCI single = clustered_mean_ci({1, 0, 1}, {"q", "q", "q"});
  EXPECT_EQ(single.n, 3u);
  EXPECT_NEAR(single.mean, 2.0 / 3.0, 1e-15);
  EXPECT_EQ(single.standard_error, 0.0);
  EXPECT_EQ(single.ci_low, single.mean);
  EXPECT_EQ(single.ci_high, single.mean);
  const MeanCI one = clustered_mean_ci({0.4}, {"q"});
  EXPECT_EQ(one.n, 1u);
  EXPECT_EQ(one.mean, 0.4);
  EXPECT_EQ(one.standard_error, 0.0);
  EXPECT_THROW(clustered_mean_ci({1, 0}, {"a"}), std::invalid_argument);
  EXPECT_THROW(clustered_mean_ci({1, std::nan("")}, {"a", "b"}), std::invalid_argument);
  EXPECT_THROW(clustered_mean_ci({1, 0}, {"a", "b"}, 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace evp::stats
