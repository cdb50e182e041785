// The mean of scores that come in clusters (several runs of one question, questions sharing
// a passage) with a cluster-robust standard error and a normal confidence interval.
#pragma once

#include <string>
#include <vector>

#include "stats/summary.h"

namespace evp::stats {

// Which cluster-robust variance: the sandwich estimator of a regression on a constant,
//   SE_CR0 = sqrt( sum_c ( sum_{i in c} (x_i - mean) )^2 ) / n
// (the "clustered standard errors" of Miller 2024, "Adding Error Bars to Evals": the squared
// residuals plus their within-cluster cross products, over n^2, with no correction), and SE_CR1 =
// sqrt(G / (G - 1)) * SE_CR0 with G clusters, the small-sample factor of Stata's `vce(cluster)` and
// statsmodels' cov_type="cluster" (their (N - 1) / (N - K) factor is 1 for a mean).
enum class ClusterCorrection { kCR0, kCR1 };

// The cluster-robust standard error of mean(values); clusters[i] names the cluster of
// values[i] (any strings; only equality matters, so relabelling or reordering changes
// nothing). With one value per cluster, CR1 is the usual sample_stddev(values) / sqrt(n)
// (scipy.stats.sem) and CR0 is sqrt((n - 1) / n) times that (numpy's std(ddof=0) / sqrt(n)).
// Fewer than two clusters give 0: one cluster carries no between-cluster information (CR0
// is exactly 0 there, CR1 undefined). Empty input gives 0. Throws std::invalid_argument when
// the vectors differ in length or a value is not finite.
double clustered_standard_error(const std::vector<double>& values,
                                const std::vector<std::string>& clusters,
                                ClusterCorrection correction = ClusterCorrection::kCR1);

// mean(values) with the CR1 clustered standard error above and the normal interval
// mean -+ z * se, z = normal_critical_value(confidence) (not clamped: values may be on any
// scale). n is the number of values; with fewer than two clusters the interval has zero
// width. Empty input gives all zeros. Same errors as clustered_standard_error, and for a
// confidence outside (0, 1).
MeanCI clustered_mean_ci(const std::vector<double>& values,
                         const std::vector<std::string>& clusters, double confidence = 0.95);

// The same with the correction chosen (kCR0 reproduces Miller's equation).
MeanCI clustered_mean_ci(const std::vector<double>& values,
                         const std::vector<std::string>& clusters, ClusterCorrection correction,
                         double confidence = 0.95);

}  // namespace evp::stats
