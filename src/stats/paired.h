// Paired comparison of two models scored on the same rows: exact McNemar and sign tests,
// a paired percentile bootstrap of the mean difference, and the two together.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "stats/summary.h"

namespace evp::stats {

// Model A against model B on the same n rows.
struct PairedComparison {
  size_t n = 0;  // pairs
  double mean_a = 0;
  double mean_b = 0;
  double mean_diff = 0;  // B minus A (positive: B scores higher); the bootstrap's mean
  double ci_low = 0;     // paired percentile-bootstrap interval of mean_diff
  double ci_high = 0;
  double p_value = 1;
  std::string test;     // "mcnemar_exact" when every score is 0 or 1, else "sign_test"
  size_t b_better = 0;  // pairs with b > a
  size_t a_better = 0;  // pairs with a > b
  size_t ties = 0;      // pairs with a == b
};

// Two-sided exact binomial test of k successes in n trials at p = 1/2:
//   min(1, 2 * P[X <= min(k, n - k)]),  X ~ Binomial(n, 1/2),
// which for p = 1/2 is scipy.stats.binomtest(k, n, 0.5).pvalue (the doubled smaller
// tail; 1 when n = 0 or k is the middle). The tail is summed downwards from its largest term
// by the pmf ratio i / (n - i + 1), that term coming from Loader's saddle-point binomial
// density (R's dbinom), so the relative error stays below ~4e-15 x max(1, |ln p|) at any n
// (checked against exact rational sums for n <= 3000: 2e-13 at p = 6e-118); p underflows
// to 0 only below ~1e-308. Throws std::invalid_argument when k > n.
double binomial_two_sided_p(size_t k, size_t n);

// Exact McNemar test on the discordant pairs: a_only pairs where only A was right, b_only
// where only B was: binomial_two_sided_p(b_only, a_only + b_only); 1 with no discordant pair.
double mcnemar_exact_p(size_t a_only, size_t b_only);

// Sign test on the non-zero paired differences (zeros are dropped before counting): the same
// exact binomial test, binomial_two_sided_p(positive, positive + negative).
double sign_test_p(size_t positive, size_t negative);

// Paired percentile bootstrap of mean(b) - mean(a): each round resamples n pair indices with
// replacement and takes the mean of b[i] - a[i] over them. That is exactly
// bootstrap_mean_ci (summary.h) applied to the differences d_i = b_i - a_i, which it calls:
// the same documented index stream (std::mt19937_64(seed), unbiased rejection), the same
// count resampling for big samples with at most 1024 distinct differences (0/1 scores have
// three, so 100k pairs x 10000 rounds takes milliseconds; many distinct differences cost
// n x rounds generator draws), percentiles (numpy linear) of the resampled means as the
// interval, their sample standard deviation as standard_error. mean is the mean of the
// differences (mean_b - mean_a up to rounding); identical differences give a zero-width
// interval at that value. Empty input gives all zeros. Throws std::invalid_argument when the
// sizes differ, a score is not finite, rounds < 1 or confidence is outside (0, 1).
MeanCI paired_bootstrap_diff_ci(const std::vector<double>& a, const std::vector<double>& b,
                                int rounds = 10000, uint64_t seed = 42, double confidence = 0.95);

// a[i] and b[i] are the two models' scores on row i (already averaged over runs). Counts
// which model is better per row, tests with mcnemar_exact_p when every score is 0 or 1 and
// with sign_test_p otherwise (the p-values agree; the name says what was tested), and takes
// the interval and mean_diff from paired_bootstrap_diff_ci. Empty input: n = 0, zeros,
// p_value 1, test "mcnemar_exact". Same errors as paired_bootstrap_diff_ci.
PairedComparison compare_paired(const std::vector<double>& a, const std::vector<double>& b,
                                int rounds = 10000, uint64_t seed = 42, double confidence = 0.95);

}  // namespace evp::stats
