// Sampling metrics over several answers per question: the unbiased pass@k estimator of the
// HumanEval paper, tau-bench's pass^k, their means over a question set with a confidence
// interval, and majority vote (self-consistency) accuracy.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stats/summary.h"

namespace evp::stats {

// Unbiased pass@k (Chen et al. 2021, "Evaluating Large Language Models Trained on Code"):
// with n samples of which c are correct, the chance that at least one of k samples drawn
// without replacement is correct, 1 - C(n-c, k) / C(n, k). Computed as -expm1 of the summed
// logs of the shorter of the two equal products
//   C(n-c, k) / C(n, k) = prod_{i=n-c+1..n} (1 - k/i) = prod_{j=0..k-1} (1 - c/(n-j))
// (each factor's log by log1p when it is near 1, else from its exact integer numerator), so
// it costs min(c, k) steps and small values keep full relative precision (checked to 3e-16
// against exact fractions; the paper's 1 - np.prod(...) is 2.9e-11 relative too high at
// n = 1e6, c = k = 1). Exactly 1 when n - c < k. Throws std::invalid_argument unless n >= 1,
// 0 <= c <= n and 1 <= k <= n.
double pass_at_k(long long n, long long c, long long k);

// pass^k (Yao et al. 2024, tau-bench): the chance that k samples drawn without replacement
// are all correct, C(c, k) / C(n, k), computed the same way (the chance that the draw misses
// all n - c failures) as exp of the summed logs: relative error ~2e-16 x |ln pass^k|.
// Exactly 0 when c < k. Same argument checks as pass_at_k.
double pass_hat_k(long long n, long long c, long long k);

// One question's samples: n answers, `correct` of them correct.
struct QuestionSamples {
  long long n = 0;
  long long correct = 0;
};

// The mean over questions of pass_at_k(q.n, q.correct, k) (resp. pass_hat_k), each question
// with its own n, as a MeanCI: standard_error = sample_stddev / sqrt(Q) across the Q
// questions' values (ddof = 1, scipy.stats.sem; 0 for one question) and the normal interval
// mean -+ z se, clamped to [0, 1]. n is Q. No questions give all zeros. Throws
// std::invalid_argument when a question fails pass_at_k's checks (e.g. fewer than k samples;
// the message names the question's index) or the confidence is outside (0, 1).
MeanCI mean_pass_at_k(const std::vector<QuestionSamples>& questions, long long k,
                      double confidence = 0.95);
MeanCI mean_pass_hat_k(const std::vector<QuestionSamples>& questions, long long k,
                       double confidence = 0.95);

// The most frequent of one question's sampled answers, compared as exact strings (normalise
// them first if needed); a tie goes to the answer seen first. std::nullopt when there are no
// answers.
std::optional<std::string> majority_vote(const std::vector<std::string>& answers);

// Majority-vote accuracy: question i scores 1 when majority_vote(answers[i]) equals
// references[i] exactly, else 0 (a question without answers scores 0), and the mean of those
// scores is summarised like mean_pass_at_k. Throws std::invalid_argument when the two vectors
// differ in length.
MeanCI majority_vote_accuracy(const std::vector<std::vector<std::string>>& answers,
                              const std::vector<std::string>& references, double confidence = 0.95);

// The interval the three means above share: mean -+ z * sample_stddev / sqrt(n), clamped to
// [0, 1], for values that are probabilities. Empty input gives all zeros, one value a
// zero-width interval.
MeanCI probability_mean_normal_ci(const std::vector<double>& values, double confidence = 0.95);

}  // namespace evp::stats
