// The json_valid evaluator.
#include "evaluate/json_valid.h"

#include <optional>

#include "evaluate/json_answer.h"
#include "evaluate/row_inputs.h"

namespace evp::evaluate {

namespace {

class JsonValid final : public Evaluator {
 public:
  explicit JsonValid(const ConfigReader& config) : Evaluator(config.name(), config.weight()) {}

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    const std::optional<std::string> answer = answer_text(row);
    if (!answer) return unscorable(kNoAssistantMessage);
    std::string error = json_answer_error(*answer);
    if (error.empty()) return scored(1.0, "valid JSON");
    return scored(0.0, std::move(error));
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_json_valid(const ConfigReader& config) {
  return std::make_unique<JsonValid>(config);
}

}  // namespace evp::evaluate
