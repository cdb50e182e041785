// The rank_normalized groupwise evaluator (see rank_normalized.h).
#include "evaluate/rank_normalized.h"
#include "base/join.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "evaluate/evaluator.h"

namespace evp::evaluate {
namespace {

class RankNormalized : public AsyncEvaluator {
 public:
  RankNormalized(std::string name, double weight, std::optional<std::string> metric)
      : AsyncEvaluator(std::move(name), weight, EvaluationMode::kGroupwise),
        metric_(std::move(metric)) {}

  boost::asio::awaitable<std::vector<model::MetricResult>> evaluate_group(
      const std::vector<model::EvaluationRow>& rows) override {
    co_return rank(rows);
  }

 private:
  // The value a row is ranked by, when it has a valid one.
  std::optional<double> value_of(const model::EvaluationRow& row) const {
    if (!row.evaluation_result) return std::nullopt;
    const model::EvaluateResult& result = *row.evaluation_result;
    if (!metric_) {
      if (!result.is_score_valid) return std::nullopt;
      return result.score;
    }
    auto it = result.metrics.find(*metric_);
    if (it == result.metrics.end() || !it->second.is_score_valid) return std::nullopt;
    return it->second.score;
  }

  std::string by() const { return metric_ ? "'" + *metric_ + "'" : "the row score"; }

  std::vector<model::MetricResult> rank(const std::vector<model::EvaluationRow>& rows) const {
    std::vector<double> values;
    std::vector<size_t> ranked;  // rows with a value, in order
    for (size_t i = 0; i < rows.size(); ++i) {
      if (auto v = value_of(rows[i])) {
        values.push_back(*v);
        ranked.push_back(i);
      }
    }
    std::vector<model::MetricResult> out(
        rows.size(), unscorable("no valid score by " + by() + " to rank this rollout by"));
    if (values.size() < 2) {
      for (size_t i : ranked) {
        out[i] = unscorable(
            fmt::format("needs at least two rollouts of the row with a valid score by {} (got {})",
                        by(), values.size()));
      }
      return out;
    }
    const std::vector<double> ranks = normalized_ranks(values);
    for (size_t k = 0; k < ranked.size(); ++k) {
      out[ranked[k]] = scored(ranks[k], fmt::format("{:.4g} of {} rollouts ranked by {} ({:.4g})",
                                                    ranks[k], values.size(), by(), values[k]));
    }
    return out;
  }

  std::optional<std::string> metric_;
};

}  // namespace

std::vector<double> normalized_ranks(const std::vector<double>& values) {
  const size_t m = values.size();
  if (m == 1) return {0.5};
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> out(m);
  for (size_t i = 0; i < m;) {
    size_t j = i;
    while (j + 1 < m && values[order[j + 1]] == values[order[i]]) ++j;
    const double average_rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0;  // 0-based
    for (size_t k = i; k <= j; ++k) out[order[k]] = average_rank / static_cast<double>(m - 1);
    i = j + 1;
  }
  return out;
}

std::unique_ptr<AsyncEvaluator> make_rank_normalized(const ConfigReader& config,
                                                     const std::vector<std::string>& earlier) {
  std::optional<std::string> metric = config.optional_string("metric");
  if (metric && std::find(earlier.begin(), earlier.end(), *metric) == earlier.end()) {
    const std::string have = join(earlier);
    config.fail_key("metric", "no evaluator '" + *metric + "' before this one (have: " +
                                  (have.empty() ? "none" : have) + ")");
  }
  return std::make_unique<RankNormalized>(config.name(), config.weight(), std::move(metric));
}

}  // namespace evp::evaluate
