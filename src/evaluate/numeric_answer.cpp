// The numeric_answer evaluator.
#include "evaluate/numeric_answer.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "evaluate/number_extract.h"
#include "evaluate/row_inputs.h"
#include "evaluate/text_utils.h"
#include "model/json_reader.h"

namespace evp::evaluate {

namespace {

enum class Method { kAuto, kBoxed, kGsm8k, kLastNumber };

// A number read from the answer, or why none was.
struct Extraction {
  std::optional<double> value;
  const char* method = "";  // "boxed", "gsm8k" or "last_number"
  std::string failure;
};

Extraction from_boxed(std::string_view content) {
  Extraction e;
  e.method = "boxed";
  e.value = last_number(simplify_latex(content));
  if (!e.value) e.failure = "no number in the \\boxed{} content " + single_quoted(content);
  return e;
}

Extraction from_gsm8k(std::string_view tail) {
  Extraction e;
  e.method = "gsm8k";
  e.value = first_number(simplify_latex(tail));
  if (!e.value) e.failure = "no number after '####'";
  return e;
}

Extraction from_last_number(std::string_view answer) {
  Extraction e;
  e.method = "last_number";
  e.value = last_number(simplify_latex(answer));
  if (!e.value) e.failure = "no number in the answer";
  return e;
}

Extraction extract(Method method, std::string_view answer) {
  switch (method) {
    case Method::kBoxed: {
      const std::optional<std::string_view> boxed = last_boxed_content(answer);
      if (!boxed) return Extraction{std::nullopt, "boxed", "no \\boxed{} in the answer"};
      return from_boxed(*boxed);
    }
    case Method::kGsm8k: {
      const std::optional<std::string_view> tail = gsm8k_tail(answer);
      if (!tail) return Extraction{std::nullopt, "gsm8k", "no '#### N' in the answer"};
      return from_gsm8k(*tail);
    }
    case Method::kLastNumber:
      return from_last_number(answer);
    case Method::kAuto:
      break;
  }
  if (const std::optional<std::string_view> boxed = last_boxed_content(answer)) {
    return from_boxed(*boxed);
  }
  if (const std::optional<std::string_view> tail = gsm8k_tail(answer)) return from_gsm8k(*tail);
  return from_last_number(answer);
}

const char* method_phrase(std::string_view method) {
  if (method == "boxed") return "\\boxed{}";
  if (method == "gsm8k") return "'#### N'";
  return "the last number";
}

class NumericAnswer final : public Evaluator {
 public:
  explicit NumericAnswer(const ConfigReader& config) : Evaluator(config.name(), config.weight()) {
    if (const Json* value = config.raw("value")) {
      if (value->is_number()) {
        value_ = value->get<double>();
      } else if (value->is_string()) {
        value_ = reference_number(value->get_ref<const std::string&>());
        if (!value_)
          config.fail_key("value",
                          "expected a number, got " + single_quoted(value->get<std::string>()));
      } else {
        config.fail_key("value", "expected a number, got " + model::json_type_name(*value));
      }
    }
    tolerance_ = config.non_negative_number("tolerance", 1e-6);
    relative_tolerance_ = config.non_negative_number("relative_tolerance", 0.0);
    const std::string extract = config.optional_string("extract").value_or("auto");
    if (extract == "auto") {
      method_ = Method::kAuto;
    } else if (extract == "boxed") {
      method_ = Method::kBoxed;
    } else if (extract == "gsm8k") {
      method_ = Method::kGsm8k;
    } else if (extract == "last_number") {
      method_ = Method::kLastNumber;
    } else {
      config.fail_key("extract", "expected one of auto, boxed, gsm8k, last_number, got " +
                                     single_quoted(extract));
    }
  }

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    const std::optional<std::string> answer = answer_text(row);
    if (!answer) return unscorable(kNoAssistantMessage);
    std::optional<double> expected = value_;
    if (!expected) {
      const GroundTruth gt = find_ground_truth(row);
      if (!gt.value) return unscorable(gt.error);
      if (gt.value->is_number()) {
        expected = gt.value->get<double>();
      } else if (gt.value->is_string()) {
        expected = reference_number(gt.value->get_ref<const std::string&>());
      }
      if (!expected) {
        return unscorable("ground truth " + single_quoted(scalar_text(*gt.value)) +
                          " is not a number");
      }
    }
    const Extraction got = extract(method_, *answer);
    if (!got.value) return scored(0.0, got.failure);
    const double allowed = std::max(tolerance_, relative_tolerance_ * std::abs(*expected));
    const bool match = std::abs(*got.value - *expected) <= allowed;
    const std::string extracted =
        "extracted " + format_number(*got.value) + " from " + method_phrase(got.method);
    model::MetricResult result =
        match ? scored(1.0, extracted + ", matches " + format_number(*expected))
              : scored(0.0, extracted + ", expected " + format_number(*expected));
    result.data = Json{{"extracted", *got.value}, {"expected", *expected}, {"method", got.method}};
    return result;
  }

 private:
  std::optional<double> value_;
  double tolerance_ = 1e-6;
  double relative_tolerance_ = 0.0;
  Method method_ = Method::kAuto;
};

}  // namespace

std::unique_ptr<Evaluator> make_numeric_answer(const ConfigReader& config) {
  return std::make_unique<NumericAnswer>(config);
}

}  // namespace evp::evaluate
