// The regex evaluator.
#include "evaluate/regex_match.h"

#include <optional>

#include "evaluate/regex_compile.h"
#include "evaluate/row_inputs.h"
#include "evaluate/text_utils.h"

namespace evp::evaluate {

namespace {

class RegexMatch final : public Evaluator {
 public:
  explicit RegexMatch(const ConfigReader& config) : Evaluator(config.name(), config.weight()) {
    const std::string pattern = config.required_string("pattern");
    RegexOptions options;
    options.ignore_case = config.boolean("ignore_case", false);
    negate_ = config.boolean("negate", false);
    re_ = compile_regex(config, "pattern", pattern, options);
  }

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    const std::optional<std::string> answer = answer_text(row);
    if (!answer) return unscorable(kNoAssistantMessage);
    re2::StringPiece match;
    const bool matched = re_->Match(*answer, 0, answer->size(), re2::RE2::UNANCHORED, &match, 1);
    const char* suffix = negate_ ? " (negated)" : "";
    const double score = matched != negate_ ? 1.0 : 0.0;
    if (!matched) return scored(score, std::string("no match") + suffix);
    return scored(
        score, "matched " + single_quoted(std::string_view(match.data(), match.size())) + suffix);
  }

 private:
  std::unique_ptr<const re2::RE2> re_;
  bool negate_ = false;
};

}  // namespace

std::unique_ptr<Evaluator> make_regex(const ConfigReader& config) {
  return std::make_unique<RegexMatch>(config);
}

}  // namespace evp::evaluate
