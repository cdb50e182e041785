// Mean, sample standard deviation and numpy-compatible linear percentiles.
#include "stats/descriptive.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace evp::stats {

double mean(const std::vector<double>& values) {
  if (values.empty()) return 0.0;
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double sample_stddev(const std::vector<double>& values) {
  if (values.size() < 2) return 0.0;
  const double m = mean(values);
  double sum_sq = 0.0;
  for (double v : values) sum_sq += (v - m) * (v - m);
  return std::sqrt(sum_sq / static_cast<double>(values.size() - 1));
}

double percentile_of_sorted(const std::vector<double>& sorted, double p) {
  if (!(p >= 0.0 && p <= 100.0)) {
    throw std::invalid_argument("percentile: p must be in [0, 100], got " + std::to_string(p));
  }
  if (sorted.empty()) return 0.0;
  // numpy: virtual index (n - 1) * q, then a lerp that is exact at both ends: for t >= 0.5
  // it interpolates down from the upper value.
  const double index = static_cast<double>(sorted.size() - 1) * (p / 100.0);
  const double below = std::floor(index);
  const size_t lo = static_cast<size_t>(below);
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double t = index - below;
  const double a = sorted[lo];
  const double b = sorted[hi];
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return percentile_of_sorted(values, p);
}

}  // namespace evp::stats
