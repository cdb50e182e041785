// Experiment status and battle winner names, and the metrics column.
#include "store/records.h"

#include "model/json_writer.h"

namespace evp::store {

bool is_experiment_status(const std::string& status) {
  return status == "running" || status == "finished" || status == "interrupted" ||
         status == "failed";
}

bool is_battle_winner(const std::string& winner) {
  return winner == "model_a" || winner == "model_b" || winner == "tie" || winner == "tie (bothbad)";
}

std::string metrics_json_of(const model::EvaluationRow& row) {
  std::string out = "{";
  if (row.evaluation_result) {
    for (const auto& [name, metric] : row.evaluation_result->metrics) {  // sorted, like Json
      if (!metric.is_score_valid) continue;
      if (out.size() > 1) out += ',';
      model::append_json_string(out, name);
      out += ':';
      model::append_json_number(out, metric.score);
    }
  }
  out += '}';
  return out;
}

}  // namespace evp::store
