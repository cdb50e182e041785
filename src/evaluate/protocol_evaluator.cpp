// ProtocolEvaluator's request numbering and building (see protocol_evaluator.h).
#include "evaluate/protocol_evaluator.h"

#include "evaluate/evaluator_protocol.h"

namespace evp::evaluate {

boost::asio::awaitable<model::MetricResult> ProtocolEvaluator::evaluate(
    const model::EvaluationRow& row) {
  if (mode() != EvaluationMode::kPointwise) co_return co_await AsyncEvaluator::evaluate(row);
  const long long id = next_id_++;
  std::vector<model::MetricResult> metrics =
      co_await call(protocol::pointwise_request(id, row), id, 1, protocol::row_label(row));
  co_return std::move(metrics.front());
}

boost::asio::awaitable<std::vector<model::MetricResult>> ProtocolEvaluator::evaluate_group(
    const std::vector<model::EvaluationRow>& rows) {
  if (mode() != EvaluationMode::kGroupwise) co_return co_await AsyncEvaluator::evaluate_group(rows);
  if (rows.empty()) co_return std::vector<model::MetricResult>{};
  const long long id = next_id_++;
  co_return co_await call(protocol::groupwise_request(id, rows), id, rows.size(),
                          protocol::group_label(rows));
}

}  // namespace evp::evaluate
