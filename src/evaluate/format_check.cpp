// The format evaluator.
#include "evaluate/format_check.h"

#include <optional>

#include "evaluate/regex_compile.h"
#include "evaluate/row_inputs.h"
#include "evaluate/text_utils.h"

namespace evp::evaluate {

namespace {

constexpr const char* kThinkAnswer = R"(\s*<think>.*?</think>\s*<answer>.*?</answer>\s*)";

class FormatCheck final : public Evaluator {
 public:
  explicit FormatCheck(const ConfigReader& config) : Evaluator(config.name(), config.weight()) {
    const std::optional<std::string> pattern = config.optional_string("pattern");
    const std::optional<std::string> preset = config.optional_string("preset");
    if (pattern.has_value() == preset.has_value()) {
      config.fail("set exactly one of 'pattern' and 'preset'");
    }
    if (preset) {
      if (*preset != "think_answer") {
        config.fail_key("preset",
                        "unknown preset " + single_quoted(*preset) + " (expected think_answer)");
      }
      RegexOptions options;
      options.dot_matches_newline = true;
      re_ = compile_regex(config, "preset", kThinkAnswer, options);
      what_ = "the think_answer format";
      failed_ = "does not match " + what_;
    } else {
      re_ = compile_regex(config, "pattern", *pattern);
      what_ = "the pattern";
      failed_ = "does not match the pattern " + single_quoted(*pattern);
    }
  }

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    const std::optional<std::string> answer = answer_text(row);
    if (!answer) return unscorable(kNoAssistantMessage);
    if (re2::RE2::FullMatch(*answer, *re_)) return scored(1.0, "matches " + what_);
    return scored(0.0, failed_);
  }

 private:
  std::unique_ptr<const re2::RE2> re_;
  std::string what_;
  std::string failed_;
};

}  // namespace

std::unique_ptr<Evaluator> make_format(const ConfigReader& config) {
  return std::make_unique<FormatCheck>(config);
}

}  // namespace evp::evaluate
