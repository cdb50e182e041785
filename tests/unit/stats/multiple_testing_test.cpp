// Holm's adjustment against a plain-Python transcription of statsmodels' multipletests
// (method="holm"; statsmodels itself is not installed) and a hand-worked example.
#include <gtest/gtest.h>

#include <stdexcept>

#include "python_reference.h"
#include "stats/multiple_testing.h"

namespace evp::stats {
namespace {

using test::py_list;
using test::python_numbers;

// statsmodels.stats.multitest.multipletests(p, method="holm")[1]: sort, multiply by
// m, m - 1, ..., 1, running maximum, cap at 1, back to the input order.
const char* kHolm = R"(
def holm(p):
    p = np.asarray(p, dtype=float)
    order = np.argsort(p)
    scaled = p[order] * np.arange(len(p), 0, -1)
    adjusted = np.minimum(1.0, np.maximum.accumulate(scaled))
    out = np.empty_like(adjusted)
    out[order] = adjusted
    for v in out:
        print(repr(float(v)))
)";

TEST(HolmAdjust, MatchesStatsmodelsAlgorithm) {
  const std::vector<std::vector<double>> inputs = {
      {0.01, 0.04, 0.03, 0.005},
      {0.2, 0.001, 0.5, 0.03, 0.03, 0.04, 0.0125},  // ties, and a later step that is smaller
      {0.9, 0.6, 0.7},                              // capped at 1
      {0.0, 1.0, 0.5},
      {3e-9, 0.049, 0.011, 0.02, 0.8, 0.013, 0.0009, 0.33, 0.05, 0.012}};
  std::string code = kHolm;
  for (const auto& p : inputs) code += "holm(" + py_list(p) + ")\n";
  const auto expected = python_numbers(code);
  size_t total = 0;
  for (const auto& p : inputs) total += p.size();
  ASSERT_EQ(expected.size(), total);
  size_t i = 0;
  for (const auto& p : inputs) {
    const auto adjusted = holm_adjust(p);
    ASSERT_EQ(adjusted.size(), p.size());
    for (size_t j = 0; j < p.size(); ++j) {
      EXPECT_DOUBLE_EQ(adjusted[j], expected[i++]) << py_list(p) << " at " << j;
    }
  }
}

TEST(HolmAdjust, HandWorkedExample) {
  // Sorted: 0.005 x 4 = 0.02, 0.01 x 3 = 0.03, 0.03 x 2 = 0.06, 0.04 x 1 = 0.04 -> max 0.06.
  const auto adjusted = holm_adjust({0.01, 0.04, 0.03, 0.005});
  ASSERT_EQ(adjusted.size(), 4u);
  EXPECT_DOUBLE_EQ(adjusted[0], 0.03);
  EXPECT_DOUBLE_EQ(adjusted[1], 0.06);
  EXPECT_DOUBLE_EQ(adjusted[2], 0.06);
  EXPECT_DOUBLE_EQ(adjusted[3], 0.02);
}

TEST(HolmAdjust, MonotoneNeverBelowTheRawValueAndCapped) {
  const std::vector<double> p = {0.3, 0.02, 0.04, 0.001, 0.5, 0.011, 0.2, 0.9, 0.03};
  const auto adjusted = holm_adjust(p);
  for (size_t i = 0; i < p.size(); ++i) {
    EXPECT_GE(adjusted[i], p[i]);
    EXPECT_LE(adjusted[i], 1.0);
    for (size_t j = 0; j < p.size(); ++j) {
      if (p[i] <= p[j]) {
        EXPECT_LE(adjusted[i], adjusted[j]) << i << " " << j;
      }
    }
  }
}

TEST(HolmAdjust, EdgeCases) {
  EXPECT_TRUE(holm_adjust({}).empty());
  EXPECT_EQ(holm_adjust({0.037}), std::vector<double>{0.037});  // one test: unchanged
  EXPECT_EQ(holm_adjust({0.4, 0.4, 0.4}), std::vector<double>(3, 1.0));
  EXPECT_THROW(holm_adjust({0.1, 1.5}), std::invalid_argument);
  EXPECT_THROW(holm_adjust({-0.1}), std::invalid_argument);
  EXPECT_THROW(holm_adjust({std::nan("")}), std::invalid_argument);
}

}  // namespace
}  // namespace evp::stats
