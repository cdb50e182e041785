// The length evaluator.
#include "evaluate/length.h"

#include <optional>

#include "evaluate/row_inputs.h"
#include "evaluate/text_utils.h"

namespace evp::evaluate {

namespace {

struct Bounds {
  std::optional<long long> min;
  std::optional<long long> max;
};

Bounds read_bounds(const ConfigReader& config, const char* min_key, const char* max_key) {
  Bounds b{config.optional_non_negative_integer(min_key),
           config.optional_non_negative_integer(max_key)};
  if (b.min && b.max && *b.min > *b.max) {
    config.fail(std::string("'") + min_key + "' (" + std::to_string(*b.min) +
                ") is greater than '" + max_key + "' (" + std::to_string(*b.max) + ")");
  }
  return b;
}

// Appends "N unit < min_key MIN" / "N unit > max_key MAX" for each violated bound.
void check(const Bounds& b, long long n, const char* unit, const char* min_key, const char* max_key,
           std::string& violations) {
  auto add = [&](const char* op, const char* key, long long bound) {
    if (!violations.empty()) violations += "; ";
    violations +=
        std::to_string(n) + " " + unit + " " + op + " " + key + " " + std::to_string(bound);
  };
  if (b.min && n < *b.min) add("<", min_key, *b.min);
  if (b.max && n > *b.max) add(">", max_key, *b.max);
}

class Length final : public Evaluator {
 public:
  explicit Length(const ConfigReader& config)
      : Evaluator(config.name(), config.weight()),
        chars_(read_bounds(config, "min_chars", "max_chars")),
        words_(read_bounds(config, "min_words", "max_words")) {
    if (!chars_.min && !chars_.max && !words_.min && !words_.max) {
      config.fail("set at least one of 'min_chars', 'max_chars', 'min_words', 'max_words'");
    }
  }

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    const std::optional<std::string> answer = answer_text(row);
    if (!answer) return unscorable(kNoAssistantMessage);
    const auto chars = static_cast<long long>(count_code_points(*answer));
    const auto words = static_cast<long long>(count_words(*answer));
    std::string violations;
    check(chars_, chars, "chars", "min_chars", "max_chars", violations);
    check(words_, words, "words", "min_words", "max_words", violations);
    if (!violations.empty()) return scored(0.0, std::move(violations));
    return scored(
        1.0, std::to_string(chars) + " chars, " + std::to_string(words) + " words: within bounds");
  }

 private:
  Bounds chars_;
  Bounds words_;
};

}  // namespace

std::unique_ptr<Evaluator> make_length(const ConfigReader& config) {
  return std::make_unique<Length>(config);
}

}  // namespace evp::evaluate
