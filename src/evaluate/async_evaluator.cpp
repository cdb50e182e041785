// The default (unsupported mode) implementations of AsyncEvaluator.
#include "evaluate/async_evaluator.h"

#include <stdexcept>

namespace evp::evaluate {

boost::asio::awaitable<model::MetricResult> AsyncEvaluator::evaluate(const model::EvaluationRow&) {
  throw std::logic_error("evaluator '" + name_ + "' is not pointwise");
  co_return model::MetricResult{};
}

boost::asio::awaitable<std::vector<model::MetricResult>> AsyncEvaluator::evaluate_group(
    const std::vector<model::EvaluationRow>&) {
  throw std::logic_error("evaluator '" + name_ + "' is not groupwise");
  co_return std::vector<model::MetricResult>{};
}

}  // namespace evp::evaluate
