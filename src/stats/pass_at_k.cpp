// pass@k and pass^k as products in log space; majority vote by counting answers.
#include "stats/pass_at_k.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace evp::stats {
namespace {

void check_counts(long long n, long long c, long long k, const char* function) {
  if (n < 1 || c < 0 || c > n || k < 1 || k > n) {
    throw std::invalid_argument(std::string(function) + ": need n >= 1, 0 <= c <= n and " +
                                "1 <= k <= n; got n = " + std::to_string(n) +
                                ", c = " + std::to_string(c) + ", k = " + std::to_string(k));
  }
}

// log(1 - part / whole) for 0 <= part < whole: log1p of the small ratio when the factor is
// near 1, else the log of the factor itself, whose numerator whole - part is exact; either way
// the result keeps its relative precision.
double log_one_minus_ratio(long long part, long long whole) {
  const double w = static_cast<double>(whole);
  if (2 * part <= whole) return std::log1p(-static_cast<double>(part) / w);
  return std::log(static_cast<double>(whole - part) / w);
}

// log( C(n-m, k) / C(n, k) ): the log chance that k draws without replacement from n items
// miss all m marked ones, for n - m >= k. Of the two equal products
//   prod_{i=n-m+1..n} (1 - k/i)   and   prod_{j=0..k-1} (1 - m/(n-j))
// it sums the logs of the shorter.
double log_chance_to_miss(long long n, long long m, long long k) {
  double sum = 0.0;
  if (m <= k) {
    for (long long i = n - m + 1; i <= n; ++i) sum += log_one_minus_ratio(k, i);
  } else {
    for (long long j = 0; j < k; ++j) sum += log_one_minus_ratio(m, n - j);
  }
  return sum;
}

MeanCI mean_over_questions(const std::vector<QuestionSamples>& questions, long long k,
                           double confidence, double (*metric)(long long, long long, long long)) {
  std::vector<double> values;
  values.reserve(questions.size());
  for (size_t i = 0; i < questions.size(); ++i) {
    try {
      values.push_back(metric(questions[i].n, questions[i].correct, k));
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument("question " + std::to_string(i) + ": " + error.what());
    }
  }
  return probability_mean_normal_ci(values, confidence);
}

}  // namespace

double pass_at_k(long long n, long long c, long long k) {
  check_counts(n, c, k, "pass_at_k");
  if (n - c < k) return 1.0;
  return -std::expm1(log_chance_to_miss(n, c, k));
}

double pass_hat_k(long long n, long long c, long long k) {
  check_counts(n, c, k, "pass_hat_k");
  if (c < k) return 0.0;
  return std::exp(log_chance_to_miss(n, n - c, k));
}

MeanCI probability_mean_normal_ci(const std::vector<double>& values, double confidence) {
  const double z = normal_critical_value(confidence);
  MeanCI out;
  out.n = values.size();
  if (values.empty()) return out;
  out.mean = mean(values);
  out.standard_error = sample_stddev(values) / std::sqrt(static_cast<double>(values.size()));
  out.ci_low = std::max(0.0, out.mean - z * out.standard_error);
  out.ci_high = std::min(1.0, out.mean + z * out.standard_error);
  return out;
}

MeanCI mean_pass_at_k(const std::vector<QuestionSamples>& questions, long long k,
                      double confidence) {
  return mean_over_questions(questions, k, confidence, pass_at_k);
}

MeanCI mean_pass_hat_k(const std::vector<QuestionSamples>& questions, long long k,
                       double confidence) {
  return mean_over_questions(questions, k, confidence, pass_hat_k);
}

std::optional<std::string> majority_vote(const std::vector<std::string>& answers) {
  // Distinct answers in order of first sighting, with their counts; the first distinct
  // answer with the highest count wins (collections.Counter(answers).most_common(1)).
  std::unordered_map<std::string_view, size_t> slot_of;
  std::vector<size_t> first_index;
  std::vector<size_t> counts;
  for (size_t i = 0; i < answers.size(); ++i) {
    const auto [it, inserted] = slot_of.try_emplace(answers[i], counts.size());
    if (inserted) {
      first_index.push_back(i);
      counts.push_back(0);
    }
    ++counts[it->second];
  }
  if (counts.empty()) return std::nullopt;
  const size_t best = static_cast<size_t>(std::max_element(counts.begin(), counts.end()) -
                                          counts.begin());  // the first of the maxima
  return answers[first_index[best]];
}

MeanCI majority_vote_accuracy(const std::vector<std::vector<std::string>>& answers,
                              const std::vector<std::string>& references, double confidence) {
  if (answers.size() != references.size()) {
    throw std::invalid_argument("majority_vote_accuracy: " + std::to_string(answers.size()) +
                                " questions with answers but " + std::to_string(references.size()) +
                                " references");
  }
  std::vector<double> correct(answers.size(), 0.0);
  for (size_t i = 0; i < answers.size(); ++i) {
    const auto vote = majority_vote(answers[i]);
    if (vote && *vote == references[i]) correct[i] = 1.0;
  }
  return probability_mean_normal_ci(correct, confidence);
}

}  // namespace evp::stats
