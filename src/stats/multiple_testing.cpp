// Holm's step-down adjustment: sort, scale by the number of hypotheses left, running max.
#include "stats/multiple_testing.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace evp::stats {

std::vector<double> holm_adjust(const std::vector<double>& p_values) {
  for (double p : p_values) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw std::invalid_argument("holm_adjust: p-values must be in [0, 1], got " +
                                  std::to_string(p));
    }
  }
  const size_t m = p_values.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return p_values[x] < p_values[y]; });
  std::vector<double> adjusted(m);
  double running_max = 0.0;
  for (size_t j = 0; j < m; ++j) {
    const double scaled = static_cast<double>(m - j) * p_values[order[j]];
    running_max = std::max(running_max, std::min(1.0, scaled));
    adjusted[order[j]] = running_max;
  }
  return adjusted;
}

}  // namespace evp::stats
