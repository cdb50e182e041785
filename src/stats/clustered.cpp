// Cluster-robust standard errors of a mean: residuals summed per cluster, then squared.
#include "stats/clustered.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace evp::stats {
namespace {

void check_inputs(const std::vector<double>& values, const std::vector<std::string>& clusters) {
  if (values.size() != clusters.size()) {
    throw std::invalid_argument("clustered statistics: " + std::to_string(values.size()) +
                                " values but " + std::to_string(clusters.size()) + " clusters");
  }
  for (double v : values) {
    if (!std::isfinite(v)) {
      throw std::invalid_argument("clustered statistics: values must be finite");
    }
  }
}

// The sum of (x_i - mean) within each cluster, clusters in order of first appearance (so the
// result does not depend on hashing).
std::vector<double> residual_sums(const std::vector<double>& values,
                                  const std::vector<std::string>& clusters, double center) {
  std::unordered_map<std::string_view, size_t> slot_of;
  std::vector<double> sums;
  for (size_t i = 0; i < values.size(); ++i) {
    const auto [it, inserted] = slot_of.try_emplace(clusters[i], sums.size());
    if (inserted) sums.push_back(0.0);
    sums[it->second] += values[i] - center;
  }
  return sums;
}

}  // namespace

double clustered_standard_error(const std::vector<double>& values,
                                const std::vector<std::string>& clusters,
                                ClusterCorrection correction) {
  check_inputs(values, clusters);
  const std::vector<double> sums = residual_sums(values, clusters, mean(values));
  if (sums.size() < 2) return 0.0;
  double sum_of_squares = 0.0;
  for (double s : sums) sum_of_squares += s * s;
  const double g = static_cast<double>(sums.size());
  const double factor = correction == ClusterCorrection::kCR1 ? g / (g - 1.0) : 1.0;
  return std::sqrt(factor * sum_of_squares) / static_cast<double>(values.size());
}

MeanCI clustered_mean_ci(const std::vector<double>& values,
                         const std::vector<std::string>& clusters, ClusterCorrection correction,
                         double confidence) {
  const double z = normal_critical_value(confidence);
  MeanCI out;
  out.standard_error = clustered_standard_error(values, clusters, correction);
  out.n = values.size();
  out.mean = mean(values);
  out.ci_low = out.mean - z * out.standard_error;
  out.ci_high = out.mean + z * out.standard_error;
  return out;
}

MeanCI clustered_mean_ci(const std::vector<double>& values,
                         const std::vector<std::string>& clusters, double confidence) {
  return clustered_mean_ci(values, clusters, ClusterCorrection::kCR1, confidence);
}

}  // namespace evp::stats
