// The multiple_choice evaluator.
#include "evaluate/multiple_choice.h"

#include <array>
#include <cmath>
#include <optional>

#include "evaluate/regex_compile.h"
#include "evaluate/row_inputs.h"
#include "evaluate/text_utils.h"

namespace evp::evaluate {

namespace {

struct Choice {
  char letter = 0;
  std::string_view evidence;  // the text the letter was read from
};

// The ordered rules of multiple_choice.h, compiled for one set of choices.
class ChoiceReader {
 public:
  ChoiceReader(const ConfigReader& config, const std::string& choices) {
    const std::string c = "([" + choices + "])";
    const std::string patterns[] = {
        R"(\\boxed\{\s*(?:\\text(?:bf)?\{\s*)?\(?)" + c + R"(\)?\s*\}?\s*\})",
        R"((?i:answer)(?:\s+(?i:is))?\s*:?\s*(?i:(?:option|choice)\s+)?(?:\*\*|\(|\[)?\s*)" + c +
            R"(\b(?:\*\*|\)|\])?)",
        R"(\*\*\s*\(?)" + c + R"((?:\)|\.|:|\*\*))",
        R"(^\s*\(?)" + c + R"(\)?[.:]?\s*$)",
        R"(^\s*\(?)" + c + R"([).:])",
    };
    for (size_t i = 0; i < rules_.size(); ++i) {
      rules_[i] = compile_regex(config, "choices", patterns[i]);
    }
  }

  std::optional<Choice> read(std::string_view text) const {
    for (const auto& rule : rules_) {
      std::optional<Choice> last;
      size_t pos = 0;
      re2::StringPiece groups[2];
      while (pos <= text.size() &&
             rule->Match(text, pos, text.size(), re2::RE2::UNANCHORED, groups, 2)) {
        last = Choice{groups[1][0], trim(std::string_view(groups[0].data(), groups[0].size()))};
        pos = static_cast<size_t>(groups[0].data() + groups[0].size() - text.data());
        if (groups[0].empty()) ++pos;
      }
      if (last) return last;
    }
    return std::nullopt;
  }

 private:
  std::array<std::unique_ptr<const re2::RE2>, 5> rules_;
};

bool is_choice_char(char c) {
  return is_ascii_alpha(c) || is_ascii_digit(c);
}

class MultipleChoice final : public Evaluator {
 public:
  explicit MultipleChoice(const ConfigReader& config)
      : Evaluator(config.name(), config.weight()),
        choices_(read_choices(config)),
        reader_(config, choices_) {
    if (std::optional<std::string> value = config.optional_text("value")) {
      const std::string_view v = trim(*value);
      if (v.size() != 1 || choices_.find(v[0]) == std::string::npos) {
        config.fail_key(
            "value", "expected one of the choices " + choices_ + ", got " + single_quoted(*value));
      }
      value_ = v[0];
    }
  }

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    const std::optional<std::string> answer = answer_text(row);
    if (!answer) return unscorable(kNoAssistantMessage);
    char expected = value_;
    if (!expected) {
      const GroundTruth gt = find_ground_truth(row);
      if (!gt.value) return unscorable(gt.error);
      expected = expected_from(*gt.value);
      if (!expected) {
        return unscorable("ground truth " + single_quoted(scalar_text(*gt.value)) +
                          " names none of the choices " + choices_);
      }
    }
    const std::optional<Choice> got = reader_.read(*answer);
    if (!got) {
      return scored(0.0, "no choice among " + choices_ + " found, expected " + expected);
    }
    const bool match = got->letter == expected;
    std::string reason =
        std::string("extracted ") + got->letter + " from " + single_quoted(got->evidence);
    reason += match ? std::string(", matches") : std::string(", expected ") + expected;
    model::MetricResult result = scored(match ? 1.0 : 0.0, std::move(reason));
    result.data =
        Json{{"extracted", std::string(1, got->letter)}, {"expected", std::string(1, expected)}};
    return result;
  }

 private:
  static std::string read_choices(const ConfigReader& config) {
    const std::string choices = config.optional_string("choices").value_or("ABCD");
    bool ok = choices.size() >= 2 && choices.size() <= 36;
    for (size_t i = 0; ok && i < choices.size(); ++i) {
      ok = is_choice_char(choices[i]) && choices.find(choices[i]) == i;
    }
    if (!ok) {
      config.fail_key("choices",
                      "expected 2 to 36 distinct ASCII letters or digits such as \"ABCD\", got " +
                          single_quoted(choices));
    }
    return choices;
  }

  // The expected letter from a ground-truth scalar, or 0.
  char expected_from(const Json& gt) const {
    if (gt.is_number()) {
      const double index = gt.get<double>();
      if (index >= 0 && index < static_cast<double>(choices_.size()) &&
          std::floor(index) == index) {
        return choices_[static_cast<size_t>(index)];
      }
      return 0;
    }
    if (!gt.is_string()) return 0;
    const std::optional<Choice> c = reader_.read(gt.get_ref<const std::string&>());
    return c ? c->letter : 0;
  }

  std::string choices_;
  ChoiceReader reader_;
  char value_ = 0;
};

}  // namespace

std::unique_ptr<Evaluator> make_multiple_choice(const ConfigReader& config) {
  return std::make_unique<MultipleChoice>(config);
}

}  // namespace evp::evaluate
