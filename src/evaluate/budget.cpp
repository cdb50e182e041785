// The latency and cost evaluators.
#include "evaluate/budget.h"

#include "evaluate/text_utils.h"

namespace evp::evaluate {

namespace {

class Latency final : public Evaluator {
 public:
  explicit Latency(const ConfigReader& config)
      : Evaluator(config.name(), config.weight()),
        max_seconds_(config.required_non_negative_number("max_seconds")) {}

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    const std::optional<double>& seconds = row.execution_metadata.rollout_duration_seconds;
    if (!seconds) return unscorable("no rollout_duration_seconds in execution_metadata");
    const std::string took = "took " + format_number(*seconds) + " s, ";
    if (*seconds <= max_seconds_)
      return scored(1.0, took + "within " + format_number(max_seconds_) + " s");
    return scored(0.0, took + "over " + format_number(max_seconds_) + " s");
  }

 private:
  double max_seconds_;
};

class Cost final : public Evaluator {
 public:
  explicit Cost(const ConfigReader& config)
      : Evaluator(config.name(), config.weight()),
        max_usd_(config.required_non_negative_number("max_usd")) {}

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    const auto& metrics = row.execution_metadata.cost_metrics;
    if (!metrics || !metrics->total_cost_dollar) {
      return unscorable("no cost_metrics.total_cost_dollar in execution_metadata");
    }
    const double usd = *metrics->total_cost_dollar;
    const std::string cost = "cost $" + format_number(usd) + ", ";
    if (usd <= max_usd_) return scored(1.0, cost + "within $" + format_number(max_usd_));
    return scored(0.0, cost + "over $" + format_number(max_usd_));
  }

 private:
  double max_usd_;
};

}  // namespace

std::unique_ptr<Evaluator> make_latency(const ConfigReader& config) {
  return std::make_unique<Latency>(config);
}
std::unique_ptr<Evaluator> make_cost(const ConfigReader& config) {
  return std::make_unique<Cost>(config);
}

}  // namespace evp::evaluate
