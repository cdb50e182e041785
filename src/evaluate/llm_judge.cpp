// The llm_judge evaluator: prompts, verdict parsing and the metric.
#include "evaluate/llm_judge.h"

#include <charconv>

#include "base/fast_json.h"
#include "evaluate/evaluator.h"
#include "evaluate/judge_call.h"
#include "evaluate/judge_prompt.h"
#include "evaluate/text_utils.h"

namespace evp::evaluate {

namespace {

constexpr std::string_view kPlaceholders[] = {"question", "answer", "ground_truth", "rubric"};

struct Scale {
  long long min = 1;
  long long max = 10;
};

// A parsed verdict: the score in [0, 1], the verdict as written, the judge's reasoning.
struct Verdict {
  double score = 0;
  Json raw;
  std::string reasoning;
};

// How the judge is asked to answer, and how its reply is read.
struct VerdictFormat {
  Scale scale;
  bool pass_fail = false;
  bool structured = false;
};

// ---- Prompts ----------------------------------------------------------------------------

std::string scale_text(const Scale& s) {
  return "a number from " + std::to_string(s.min) + " to " + std::to_string(s.max) +
         " (higher is better)";
}

// The verdict's exact format, as the prompt and the re-ask state it.
std::string format_spec(const VerdictFormat& f) {
  const char* pass_fail = " if the answer meets the rubric, or ";
  if (f.structured && f.pass_fail) {
    return R"({"reasoning": "...", "verdict": V}, where "reasoning" is a short explanation of )"
           R"(your assessment and V is "PASS")" +
           std::string(pass_fail) + R"("FAIL" if it does not)";
  }
  if (f.structured) {
    return R"({"reasoning": "...", "score": N}, where "reasoning" is a short explanation of )"
           "your assessment and N is " +
           scale_text(f.scale);
  }
  if (f.pass_fail) {
    return R"("Verdict: [[PASS]]")" + std::string(pass_fail) +
           R"("Verdict: [[FAIL]]" if it does not)";
  }
  return R"("Rating: [[N]]", where N is )" + scale_text(f.scale);
}

std::string verdict_instruction(const VerdictFormat& f) {
  if (f.structured) {
    return "Reply with a JSON object only, exactly in this form: " + format_spec(f) + ".";
  }
  return "Begin with a short explanation of your assessment, then give your verdict on the last "
         "line, exactly in this format: " +
         format_spec(f) + ".";
}

std::string reask_message(const VerdictFormat& f) {
  if (f.structured) {
    return "Your reply was not the required JSON object. Reply with a JSON object only, exactly "
           "in this form: " +
           format_spec(f) + ".";
  }
  return "Your reply did not end with a verdict in the required format. Give your verdict now, "
         "exactly in this format: " +
         format_spec(f) + ".";
}

// MT-Bench's single-answer grading prompt in spirit; with a reference answer when the row has
// a ground truth.
std::string default_template(const VerdictFormat& f, bool with_reference) {
  std::string t =
      "You are an impartial judge. Evaluate the answer an AI assistant gave to the question "
      "below against this rubric:\n\n[Rubric]\n{rubric}\n\n";
  if (with_reference) {
    t += "A reference answer is given below: use it to check the answer's correctness; the "
         "answer need not match its wording. ";
  }
  t += "Be as objective as possible: judge how well the answer meets the rubric, not its length "
       "or style. " +
       verdict_instruction(f) + "\n\n[Question]\n{question}\n\n";
  if (with_reference) t += "[Reference Answer]\n{ground_truth}\n\n";
  t += "[The Start of the Assistant's Answer]\n{answer}\n[The End of the Assistant's Answer]";
  return t;
}

// The response_format of a structured judge.
Json response_format(const VerdictFormat& f) {
  Json verdict = f.pass_fail ? Json{{"type", "string"}, {"enum", {"PASS", "FAIL"}}}
                             : Json{{"type", "number"}, {"description", scale_text(f.scale)}};
  const char* verdict_key = f.pass_fail ? "verdict" : "score";
  Json schema = {{"type", "object"},
                 {"properties", {{"reasoning", {{"type", "string"}}}, {verdict_key, verdict}}},
                 {"required", {"reasoning", verdict_key}},
                 {"additionalProperties", false}};
  return {{"type", "json_schema"},
          {"json_schema", {{"name", "verdict"}, {"strict", true}, {"schema", schema}}}};
}

// ---- Verdict parsing ---------------------------------------------------------------------

bool number_shaped(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_ascii_digit(c) && c != '.' && c != '-' && c != '+') return false;
  }
  return true;
}

// [+-]digits[.digits] as a number ("7", "7.5", "7."); nullopt for anything else ("7.5.1",
// "--7", ".5").
std::optional<double> parse_decimal(std::string_view s) {
  const bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s.empty() || !is_ascii_digit(s[0])) return std::nullopt;
  if (s.ends_with('.')) s.remove_suffix(1);
  double value = 0;
  const auto [end, ec] =
      std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return negative ? -value : value;
}

// A score within the scale, normalised; nullopt outside it.
std::optional<double> normalised(double value, const Scale& s) {
  if (!(value >= static_cast<double>(s.min) && value <= static_cast<double>(s.max))) {
    return std::nullopt;
  }
  return (value - static_cast<double>(s.min)) / static_cast<double>(s.max - s.min);
}

bool pass_fail_shaped(std::string_view s) {
  const std::string lower = ascii_lower(s);
  return lower == "pass" || lower == "fail";
}

double pass_fail_score(std::string_view verdict) {
  return ascii_lower(verdict) == "pass" ? 1.0 : 0.0;
}

// The text before the verdict, trimmed, without a trailing "Rating:" or "Verdict:".
std::string reasoning_before(std::string_view text) {
  std::string_view r = trim(text);
  for (std::string_view label : {"rating:", "verdict:"}) {
    if (r.size() >= label.size() && ascii_lower(r.substr(r.size() - label.size())) == label) {
      r = trim(r.substr(0, r.size() - label.size()));
    }
  }
  return std::string(r);
}

std::optional<Verdict> parse_free_text(std::string_view text, const VerdictFormat& f) {
  const auto shape = f.pass_fail ? pass_fail_shaped : number_shaped;
  const std::optional<Bracketed> found = last_bracketed(text, shape);
  if (!found) return std::nullopt;
  Verdict v;
  v.reasoning = reasoning_before(text.substr(0, found->start));
  if (f.pass_fail) {
    v.score = pass_fail_score(found->content);
    v.raw = std::string(found->content);
    return v;
  }
  const std::optional<double> value = parse_decimal(found->content);
  const std::optional<double> score = value ? normalised(*value, f.scale) : std::nullopt;
  if (!score) return std::nullopt;
  v.score = *score;
  v.raw = found->content.find('.') == std::string_view::npos ? Json(static_cast<long long>(*value))
                                                             : Json(*value);
  return v;
}

std::optional<Verdict> parse_structured(std::string_view text, const VerdictFormat& f) {
  const Json j = parse_json_text_or_discarded(unwrap_json_fence(text));
  if (!j.is_object()) return std::nullopt;
  Verdict v;
  if (const auto r = j.find("reasoning"); r != j.end() && r->is_string()) {
    v.reasoning = std::string(trim(r->get_ref<const std::string&>()));
  }
  const auto raw = j.find(f.pass_fail ? "verdict" : "score");
  if (raw == j.end()) return std::nullopt;
  v.raw = *raw;
  if (f.pass_fail) {
    if (!raw->is_string() || !pass_fail_shaped(raw->get_ref<const std::string&>())) {
      return std::nullopt;
    }
    v.score = pass_fail_score(raw->get_ref<const std::string&>());
    return v;
  }
  if (!raw->is_number()) return std::nullopt;
  const std::optional<double> score = normalised(raw->get<double>(), f.scale);
  if (!score) return std::nullopt;
  v.score = *score;
  return v;
}

std::optional<Verdict> parse_verdict(std::string_view text, const VerdictFormat& f) {
  return f.structured ? parse_structured(text, f) : parse_free_text(text, f);
}

// ---- Config ------------------------------------------------------------------------------

Scale read_scale(const ConfigReader& config) {
  const Json* v = config.raw("scale");
  if (!v) return Scale{};
  const char* expected = "expected [min, max] with integers min < max";
  if (!v->is_array() || v->size() != 2 || !(*v)[0].is_number_integer() ||
      !(*v)[1].is_number_integer()) {
    config.fail_key("scale", expected);
  }
  const Scale s{(*v)[0].get<long long>(), (*v)[1].get<long long>()};
  if (s.min >= s.max) config.fail_key("scale", expected);
  return s;
}

VerdictFormat read_format(const ConfigReader& config) {
  VerdictFormat f;
  f.pass_fail = config.boolean("pass_fail", false);
  if (f.pass_fail && config.raw("scale")) {
    config.fail("'scale' and 'pass_fail: true' exclude each other");
  }
  f.scale = read_scale(config);
  f.structured = config.boolean("structured", false);
  return f;
}

std::string read_rubric(const ConfigReader& config) {
  std::string rubric = config.required_string("rubric");
  if (trim(rubric).empty()) config.fail_key("rubric", "expected a non-empty string");
  return rubric;
}

// ---- The evaluator -----------------------------------------------------------------------

class LlmJudge final : public AsyncEvaluator {
 public:
  LlmJudge(const ConfigReader& config, EvaluatorEnvironment& env)
      : AsyncEvaluator(config.name(), config.weight(), EvaluationMode::kPointwise),
        rubric_(read_rubric(config)),
        format_(read_format(config)),
        custom_(read_template(config, kPlaceholders)),
        plain_(default_template(format_, false), kPlaceholders),
        with_reference_(default_template(format_, true), kPlaceholders),
        params_(read_judge_params(config)),
        reask_(reask_message(format_)),
        judge_(read_judge_model(config, env)) {
    if (format_.structured) params_["response_format"] = response_format(format_);
  }

  boost::asio::awaitable<model::MetricResult> evaluate(const model::EvaluationRow& row) override {
    const std::optional<JudgeTexts> texts = judge_texts(row);
    if (!texts) co_return unscorable(kNoAssistantMessageToJudge);
    const PromptTemplate& prompt = template_for(*texts);
    if (!texts->ground_truth && prompt.uses("ground_truth")) {
      co_return unscorable("the template uses {ground_truth} and the row has none");
    }
    JudgeConversation conversation(judge_, {model::make_message("user", fill(prompt, *texts))},
                                   params_, rollout_ref(row));
    const auto has_verdict = [this](std::string_view t) {
      return parse_verdict(t, format_).has_value();
    };
    const JudgeReply reply = co_await ask_for_verdict(conversation, has_verdict, reask_);
    co_return metric_of(reply, conversation);
  }

 private:
  const PromptTemplate& template_for(const JudgeTexts& texts) const {
    if (custom_) return *custom_;
    return texts.ground_truth ? with_reference_ : plain_;
  }

  std::string fill(const PromptTemplate& prompt, const JudgeTexts& texts) const {
    return prompt.fill(
        {{"question", texts.question},
         {"answer", texts.answer},
         {"ground_truth", texts.ground_truth ? *texts.ground_truth : std::string_view()},
         {"rubric", rubric_}});
  }

  model::MetricResult metric_of(const JudgeReply& reply,
                                const JudgeConversation& conversation) const {
    Json judge = judge_data(judge_.key, conversation.usage());
    model::MetricResult m;
    const std::optional<Verdict> verdict =
        reply.ok ? parse_verdict(reply.text, format_) : std::nullopt;
    if (!verdict) {
      m = unscorable(no_verdict_reason(reply));
    } else {
      m = scored(verdict->score, verdict->reasoning);
      if (m.reason.empty() && conversation.replies().size() > 1) {
        m.reason = std::string(trim(conversation.replies().front()));
      }
      judge["raw"] = verdict->raw;
    }
    m.data = {{"judge", std::move(judge)}};
    return m;
  }

  std::string rubric_;
  VerdictFormat format_;
  std::optional<PromptTemplate> custom_;
  PromptTemplate plain_;
  PromptTemplate with_reference_;
  Json params_;
  std::string reask_;
  JudgeModel judge_;  // resolved last: only a valid config creates the judge's client
};

}  // namespace

std::unique_ptr<AsyncEvaluator> make_llm_judge(const ConfigReader& config,
                                               EvaluatorEnvironment& env) {
  return std::make_unique<LlmJudge>(config, env);
}

}  // namespace evp::evaluate
