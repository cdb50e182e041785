// Exact binomial tests through Loader's binomial density; the paired bootstrap through
// summary.cpp's bootstrap of the mean, applied to the differences.
#include "stats/paired.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace evp::stats {
namespace {

// Stirling's error log(n!) - log(sqrt(2 pi n) (n / e)^n) for n >= 1: directly for small n
// (absolute error ~1e-14), else its asymptotic series (Loader 2000, "Fast and accurate
// computation of binomial probabilities"; R's stirlerr), exact to double precision above 15.
double stirling_error(double n) {
  if (n <= 15.0) {
    return std::lgamma(n + 1.0) - (n + 0.5) * std::log(n) + n -
           0.5 * std::log(2.0 * std::numbers::pi);
  }
  constexpr double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188;
  const double nn = n * n;
  if (n > 500) return (s0 - s1 / nn) / n;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

// Loader's deviance term x log(x / np) + np - x, by a series when x is near np (where the
// plain formula cancels).
double deviance_term(double x, double np) {
  if (std::fabs(x - np) < 0.1 * (x + np)) {
    double v = (x - np) / (x + np);
    double sum = (x - np) * v;
    double term = 2.0 * x * v;
    v *= v;
    for (int j = 1; j < 1000; ++j) {
      term *= v;
      const double next = sum + term / (2 * j + 1);
      if (next == sum) return next;
      sum = next;
    }
  }
  return x * std::log(x / np) + np - x;
}

// P[X = k] for X ~ Binomial(n, 1/2) and 0 < k < n (Loader's saddle-point form).
double binomial_half_pmf(double k, double n) {
  const double half = 0.5 * n;
  const double log_core = stirling_error(n) - stirling_error(k) - stirling_error(n - k) -
                          deviance_term(k, half) - deviance_term(n - k, half);
  const double log_scale = std::log(2.0 * std::numbers::pi) + std::log(k) + std::log1p(-k / n);
  return std::exp(log_core - 0.5 * log_scale);
}

// P[X <= k] for X ~ Binomial(n, 1/2) and 2k + 1 < n: pmf(k) times the sum of the ratios
// pmf(i) / pmf(k), built by pmf(i - 1) = pmf(i) * i / (n - i + 1) until they stop counting.
double binomial_half_lower_tail(size_t k, size_t n) {
  const double dn = static_cast<double>(n);
  if (k == 0) return std::ldexp(1.0, -static_cast<int>(std::min<size_t>(n, 2000)));  // 2^-n
  double ratio_sum = 1.0;
  double ratio = 1.0;
  for (size_t i = k; i >= 1; --i) {
    ratio *= static_cast<double>(i) / static_cast<double>(n - i + 1);
    ratio_sum += ratio;
    if (ratio < 1e-17 * ratio_sum) break;
  }
  return binomial_half_pmf(static_cast<double>(k), dn) * ratio_sum;
}

void check_pairs(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) {
    throw std::invalid_argument("paired comparison: " + std::to_string(a.size()) +
                                " scores for A but " + std::to_string(b.size()) + " for B");
  }
  const auto finite = [](double v) { return std::isfinite(v); };
  if (!std::all_of(a.begin(), a.end(), finite) || !std::all_of(b.begin(), b.end(), finite)) {
    throw std::invalid_argument("paired comparison: scores must be finite");
  }
}

bool all_binary(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return v == 0.0 || v == 1.0; });
}

}  // namespace

double binomial_two_sided_p(size_t k, size_t n) {
  if (k > n) {
    throw std::invalid_argument("binomial_two_sided_p: k = " + std::to_string(k) +
                                " exceeds n = " + std::to_string(n));
  }
  const size_t smaller = std::min(k, n - k);
  // With 2 * smaller + 1 >= n the smaller tail holds at least half the mass.
  if (2 * smaller + 1 >= n) return 1.0;
  return std::min(1.0, 2.0 * binomial_half_lower_tail(smaller, n));
}

double mcnemar_exact_p(size_t a_only, size_t b_only) {
  return binomial_two_sided_p(b_only, a_only + b_only);
}

double sign_test_p(size_t positive, size_t negative) {
  return binomial_two_sided_p(positive, positive + negative);
}

MeanCI paired_bootstrap_diff_ci(const std::vector<double>& a, const std::vector<double>& b,
                                int rounds, uint64_t seed, double confidence) {
  check_pairs(a, b);
  std::vector<double> differences(a.size());
  for (size_t i = 0; i < a.size(); ++i) differences[i] = b[i] - a[i];
  return bootstrap_mean_ci(differences, rounds, seed, confidence);
}

PairedComparison compare_paired(const std::vector<double>& a, const std::vector<double>& b,
                                int rounds, uint64_t seed, double confidence) {
  const MeanCI ci = paired_bootstrap_diff_ci(a, b, rounds, seed, confidence);
  PairedComparison out;
  out.n = a.size();
  out.mean_a = mean(a);
  out.mean_b = mean(b);
  out.mean_diff = ci.mean;
  out.ci_low = ci.ci_low;
  out.ci_high = ci.ci_high;
  for (size_t i = 0; i < a.size(); ++i) {
    if (b[i] > a[i]) {
      ++out.b_better;
    } else if (a[i] > b[i]) {
      ++out.a_better;
    } else {
      ++out.ties;
    }
  }
  if (all_binary(a) && all_binary(b)) {
    out.test = "mcnemar_exact";
    out.p_value = mcnemar_exact_p(out.a_better, out.b_better);
  } else {
    out.test = "sign_test";
    out.p_value = sign_test_p(out.b_better, out.a_better);
  }
  return out;
}

}  // namespace evp::stats
