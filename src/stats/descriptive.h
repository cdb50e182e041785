// Descriptive statistics over plain vectors of numbers: mean, sample standard deviation and
// percentiles (numpy's default linear interpolation). Empty input gives 0, never NaN.
#pragma once

#include <vector>

namespace evp::stats {

// Arithmetic mean; 0 for an empty vector.
double mean(const std::vector<double>& values);

// Standard deviation with Bessel's correction (ddof = 1, numpy's std(ddof=1)); 0 when there
// are fewer than two values.
double sample_stddev(const std::vector<double>& values);

// The p-th percentile, p in [0, 100], interpolated linearly between the two nearest ranks
// exactly as numpy.percentile(values, p) does by default (method="linear"). Returns 0 for an
// empty vector; throws std::invalid_argument when p is outside [0, 100] or NaN.
double percentile(std::vector<double> values, double p);

// The same for values already sorted ascending (no copy, no sort).
double percentile_of_sorted(const std::vector<double>& sorted, double p);

}  // namespace evp::stats
