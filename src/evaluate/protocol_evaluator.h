// ProtocolEvaluator: what the evaluator protocol's transports share (docs/evaluator-protocol.md).
// It numbers requests, builds the pointwise or groupwise request line for the evaluator's
// mode, and hands it to the transport's call(): a worker process (command_evaluator.h) or an
// HTTP POST (http_evaluator.h).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "evaluate/async_evaluator.h"

namespace evp::evaluate {

class ProtocolEvaluator : public AsyncEvaluator {
 public:
  using AsyncEvaluator::AsyncEvaluator;

  boost::asio::awaitable<model::MetricResult> evaluate(const model::EvaluationRow& row) override;
  boost::asio::awaitable<std::vector<model::MetricResult>> evaluate_group(
      const std::vector<model::EvaluationRow>& rows) override;

 protected:
  // Sends `request` (request number `id`, for `rows` rollouts, `label` naming them in errors)
  // and returns one metric per rollout; never throws for the evaluator's own failures.
  virtual boost::asio::awaitable<std::vector<model::MetricResult>> call(std::string request,
                                                                        long long id, size_t rows,
                                                                        std::string label) = 0;

 private:
  long long next_id_ = 1;
};

}  // namespace evp::evaluate
