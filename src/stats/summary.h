// Summaries of scores with confidence intervals: Eval Protocol's fixed-question-set interval
// for repeated runs, a seeded percentile bootstrap, and the Student's t interval. Pure
// functions; this header also brings in descriptive.h and distributions.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "stats/descriptive.h"
#include "stats/distributions.h"

namespace evp::stats {

// A mean with its confidence interval. With no data every field is 0 (n == 0 tells the
// caller there is nothing to show), so no NaN ever reaches JSON.
struct MeanCI {
  double mean = 0;
  double ci_low = 0;
  double ci_high = 0;
  double standard_error = 0;
  size_t n = 0;
};

// The z value Eval Protocol's Python SDK uses for its 95% interval (a literal 1.96).
inline constexpr double kEvalProtocolZ = 1.96;

// Eval Protocol's confidence interval for the mean score over a FIXED question set with
// repeated runs (eval_protocol/stats/confidence_intervals.py, compute_fixed_set_mu_ci):
// questions are fixed, runs are within-question draws. scores_by_row[i] holds the valid run
// scores of question i (NaN scores are skipped; questions left with no score do not count).
//   ybar_i = mean of question i's scores;   mean = (1/Q) sum_i ybar_i
//   v_i = ybar_i (1 - ybar_i) / (m_i - 1) for m_i >= 2 runs, ybar_i (1 - ybar_i) / 1 for m_i = 1
//   standard_error = sqrt(sum_i v_i) / Q   (0 when sum_i v_i <= 0)
//   ci = [max(0, mean - z se), min(1, mean + z se)]
// n is Q, the number of questions with at least one score. The estimator assumes scores in
// [0, 1], as EP does. This overload takes z directly: kEvalProtocolZ reproduces EP's numbers.
MeanCI fixed_question_set_ci_z(const std::vector<std::vector<double>>& scores_by_row, double z);

// The same with z = normal_critical_value(confidence) (1.959963984540054 at 0.95, where EP's
// literal 1.96 makes its bounds differ by 3.6e-5 standard errors).
MeanCI fixed_question_set_ci(const std::vector<std::vector<double>>& scores_by_row,
                             double confidence = 0.95);

// Percentile bootstrap of the mean: `rounds` resamples of values.size() draws with
// replacement; ci is the (alpha/2, 1 - alpha/2) percentiles (numpy linear) of the resampled
// means, standard_error their sample standard deviation, mean the plain sample mean.
// Reproducible everywhere: indices come from std::mt19937_64(seed) through unbiased
// rejection (draw r, reject r < 2^64 mod n, index = r mod n), values in order, rounds in
// order. Big samples (n x rounds >= 2^22) with at most 1024 distinct values (pass/fail and
// graded scores) instead draw, per round, how often each distinct value is picked (a
// multinomial through std::binomial_distribution): the same distribution, at rounds x
// distinct cost, reproducible for a given standard library. Empty input gives all zeros; throws
// std::invalid_argument for rounds < 1 or a confidence outside (0, 1).
MeanCI bootstrap_mean_ci(const std::vector<double>& values, int rounds = 2000, uint64_t seed = 42,
                         double confidence = 0.95);

// The classical interval mean +- t_{(1+c)/2, n-1} * s / sqrt(n). One value gives a
// zero-width interval at that value (standard_error 0); empty input all zeros.
MeanCI student_t_mean_ci(const std::vector<double>& values, double confidence = 0.95);

}  // namespace evp::stats
