// The contains, icontains, contains_any and contains_all evaluators.
#include "evaluate/contains.h"

#include <optional>
#include <vector>

#include "evaluate/row_inputs.h"
#include "evaluate/text_utils.h"

namespace evp::evaluate {

namespace {

class Contains final : public Evaluator {
 public:
  explicit Contains(const ConfigReader& config)
      : Evaluator(config.name(), config.weight()), ignore_case_(config.type() == "icontains") {
    value_ = config.optional_text("value");
    if (value_ && value_->empty()) config.fail_key("value", "expected a non-empty string");
    if (value_ && ignore_case_) needle_ = ascii_lower(*value_);
  }

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    std::optional<std::string> answer = answer_text(row);
    if (!answer) return unscorable(kNoAssistantMessage);
    std::string expected;
    if (value_) {
      expected = *value_;
    } else {
      const GroundTruth gt = find_ground_truth(row);
      if (!gt.value) return unscorable(gt.error);
      expected = scalar_text(*gt.value);
      if (expected.empty()) return unscorable("the expected text is empty");
    }
    bool found;
    if (ignore_case_) {
      found = contains_ignore_case(*answer, value_ ? needle_ : ascii_lower(expected));
    } else {
      found = answer->find(expected) != std::string::npos;
    }
    if (found) return scored(1.0, "found " + single_quoted(expected));
    return scored(0.0, single_quoted(expected) + " not found");
  }

 private:
  bool ignore_case_;
  std::optional<std::string> value_;
  std::string needle_;  // value_, lowercased when ignoring case
};

// Shared by contains_any and contains_all: which of the values occur in the answer.
class ValueSet {
 public:
  explicit ValueSet(const ConfigReader& config) {
    values_ = config.required_text_list("values");
    ignore_case_ = config.boolean("ignore_case", false);
    needles_ = values_;
    if (ignore_case_) {
      for (std::string& n : needles_) n = ascii_lower(n);
    }
  }
  // found[i] is whether values()[i] occurs in the answer.
  std::vector<bool> find_in(const std::string& answer) const {
    std::vector<bool> found(needles_.size());
    for (size_t i = 0; i < needles_.size(); ++i) {
      found[i] = ignore_case_ ? contains_ignore_case(answer, needles_[i])
                              : answer.find(needles_[i]) != std::string::npos;
    }
    return found;
  }
  const std::vector<std::string>& values() const { return values_; }

 private:
  std::vector<std::string> values_;
  std::vector<std::string> needles_;
  bool ignore_case_ = false;
};

std::string quoted_list(const std::vector<std::string>& values, const std::vector<bool>& found,
                        bool want_found) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (found[i] != want_found) continue;
    if (!out.empty()) out += ", ";
    out += single_quoted(values[i]);
  }
  return out;
}

class ContainsAny final : public Evaluator {
 public:
  explicit ContainsAny(const ConfigReader& config)
      : Evaluator(config.name(), config.weight()), values_(config) {}

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    std::optional<std::string> answer = answer_text(row);
    if (!answer) return unscorable(kNoAssistantMessage);
    const std::vector<bool> found = values_.find_in(*answer);
    for (size_t i = 0; i < found.size(); ++i) {
      if (found[i]) return scored(1.0, "found " + single_quoted(values_.values()[i]));
    }
    return scored(0.0, "none of " + quoted_list(values_.values(), found, false) + " found");
  }

 private:
  ValueSet values_;
};

class ContainsAll final : public Evaluator {
 public:
  explicit ContainsAll(const ConfigReader& config)
      : Evaluator(config.name(), config.weight()), values_(config) {}

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    std::optional<std::string> answer = answer_text(row);
    if (!answer) return unscorable(kNoAssistantMessage);
    const std::vector<bool> found = values_.find_in(*answer);
    for (bool f : found) {
      if (!f) return scored(0.0, "missing " + quoted_list(values_.values(), found, false));
    }
    if (found.size() == 1) return scored(1.0, "found " + single_quoted(values_.values()[0]));
    return scored(1.0, "found all " + std::to_string(found.size()) + " values");
  }

 private:
  ValueSet values_;
};

}  // namespace

std::unique_ptr<Evaluator> make_contains(const ConfigReader& config) {
  return std::make_unique<Contains>(config);
}
std::unique_ptr<Evaluator> make_contains_any(const ConfigReader& config) {
  return std::make_unique<ContainsAny>(config);
}
std::unique_ptr<Evaluator> make_contains_all(const ConfigReader& config) {
  return std::make_unique<ContainsAll>(config);
}

}  // namespace evp::evaluate
