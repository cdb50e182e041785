// Mean, sample standard deviation and percentiles, checked against numpy on the same inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "python_reference.h"
#include "stats/descriptive.h"

namespace evp::stats {
namespace {

using test::py_list;
using test::python_numbers;

void expect_close(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::fabs(expected))) << what;
}

TEST(Descriptive, MeanAndStddevMatchNumpy) {
  const std::vector<std::vector<double>> inputs = {
      {1.0}, {0.0, 1.0}, {0.1, 0.2, 0.7, 0.7, 0.9}, {-3.5, 1e6, 2.25, 7.0, 0.0, 12.125}};
  std::string code;
  for (const auto& v : inputs) {
    code += "x = np.array(" + py_list(v) + ")\n";
    code += "print(repr(float(x.mean())))\n";
    code += "print(repr(float(x.std(ddof=1)) if len(x) > 1 else 0.0))\n";
  }
  const auto expected = python_numbers(code);
  ASSERT_EQ(expected.size(), 2 * inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    expect_close(mean(inputs[i]), expected[2 * i], "mean " + py_list(inputs[i]));
    expect_close(sample_stddev(inputs[i]), expected[2 * i + 1], "stddev " + py_list(inputs[i]));
  }
}

TEST(Descriptive, EmptyAndSingleValuesGiveZeroNotNaN) {
  EXPECT_EQ(mean({}), 0.0);
  EXPECT_EQ(sample_stddev({}), 0.0);
  EXPECT_EQ(sample_stddev({4.5}), 0.0);
  EXPECT_EQ(percentile({}, 50), 0.0);
  EXPECT_EQ(percentile({4.5}, 0), 4.5);
  EXPECT_EQ(percentile({4.5}, 97.5), 4.5);
}

TEST(Descriptive, PercentileMatchesNumpyLinear) {
  const std::vector<std::vector<double>> inputs = {
      {3.0, 1.0, 2.0}, {0.0, 1.0}, {5.0, -1.0, 2.5, 2.5, 10.0, 0.125, 7.75}, {0.1, 0.2, 0.3}};
  const std::vector<double> ps = {0, 2.5, 10, 25, 33.3, 50, 66.7, 75, 90, 97.5, 100};
  std::string code;
  for (const auto& v : inputs) {
    code += "for p in " + py_list(ps) + ":\n";
    code += "    print(repr(float(np.percentile(" + py_list(v) + ", p))))\n";
  }
  const auto expected = python_numbers(code);
  ASSERT_EQ(expected.size(), inputs.size() * ps.size());
  size_t k = 0;
  for (const auto& v : inputs) {
    for (double p : ps) {
      expect_close(percentile(v, p), expected[k++], "p=" + std::to_string(p) + " " + py_list(v));
    }
  }
  // Sorted input goes through percentile_of_sorted unchanged.
  EXPECT_EQ(percentile_of_sorted({1.0, 2.0, 4.0}, 75), 3.0);
}

TEST(Descriptive, PercentileRejectsOutOfRangeP) {
  EXPECT_THROW(percentile({1.0}, -0.1), std::invalid_argument);
  EXPECT_THROW(percentile({1.0}, 100.5), std::invalid_argument);
  EXPECT_THROW(percentile({1.0}, std::nan("")), std::invalid_argument);
}

}  // namespace
}  // namespace evp::stats
