// Corrections for testing several hypotheses at once (e.g. one paired test per model pair).
#pragma once

#include <vector>

namespace evp::stats {

// Holm-Bonferroni step-down adjusted p-values, in the input order: with the m p-values
// sorted ascending, p_(1) <= ... <= p_(m), the j-th (1-based) becomes
//   min(1, max_{i <= j} (m - i + 1) p_(i)),
// monotone in the original p-values and capped at 1, as statsmodels'
// multipletests(p, method="holm") returns them. Reject hypothesis i at level alpha when its
// adjusted p-value is <= alpha. Empty input gives an empty vector; throws
// std::invalid_argument for a p-value outside [0, 1] or NaN.
std::vector<double> holm_adjust(const std::vector<double>& p_values);

}  // namespace evp::stats
