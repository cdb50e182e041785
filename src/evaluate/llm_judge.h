// llm_judge {model, rubric, template?, scale?: [1, 10], pass_fail?: false, structured?: false,
// max_tokens?}: a judge model of the suite grades each answer on its own (pointwise), in the
// manner of MT-Bench's single-answer grading.
//
// The prompt is one user message: `template` with {question}, {answer}, {ground_truth} and
// {rubric} filled (judge_prompt.h says what each is); without a template, a default that
// gives the rubric, asks for a short objective explanation first and then the verdict in an
// exact format, and shows the question, a "[Reference Answer]" section when the row has a
// ground truth, and the answer. A template that uses {ground_truth} makes rows without one
// invalid ("the template uses {ground_truth} and the row has none").
//
// Verdicts, free text (the default): the last "[[N]]" in the reply (digits with an optional
// sign and decimal part: [[7]], [[7.5]]), N within `scale`, normalised to (N - min) /
// (max - min); with pass_fail, the last [[PASS]] or [[FAIL]] (any case) scores 1 or 0. The
// judge is asked for "Rating: [[N]]" / "Verdict: [[PASS]]"; a number outside the scale, or a
// last "[[...]]" that is no verdict, is unparseable (an earlier one does not count).
// structured: true asks with response_format json_schema "verdict" (strict; {"reasoning":
// string, "score": number} or {"reasoning": string, "verdict": "PASS"|"FAIL"}) and reads the
// reply as that JSON object (a ```json fence around it is accepted).
//
// An unparseable reply is re-asked once: the reply goes back as the assistant's message,
// followed by a user message stating the exact format; still unparseable, the metric is
// invalid ("judge answer had no verdict: 'START...'"). A failed call is invalid with the
// call's error; a row without an assistant message is invalid ("no assistant message to
// judge").
//
// reason: the judge's reasoning: the reply's text before the verdict (a trailing "Rating:"
// or "Verdict:" dropped), trimmed, or the structured "reasoning"; when a re-asked reply holds
// only the verdict, the first reply's text. data: {"judge": {"model": KEY, "calls": 1 or 2,
// "prompt_tokens": n, "completion_tokens": n, "cost_usd": x (when the judge has prices),
// "raw": the verdict as written, e.g. 7, 7.5 or "PASS"}}, tokens and cost summed over the
// calls: the judge's usage, kept apart from the rollout's.
//
// Calls go to env.judge_model(model).chat with the row's input_metadata.row_id and the run in
// execution_metadata.extra.evp.run (0 when absent); max_tokens and response_format are that
// request's own params, merged over the judge endpoint's. The row is read before the first
// call, so it need not outlive the evaluation.
#pragma once

#include <memory>
#include <string_view>

#include "evaluate/async_evaluator.h"
#include "evaluate/config_reader.h"

namespace evp::evaluate {

// Besides type, name and weight; the caller checks them (ConfigReader::check_keys) first.
inline constexpr std::string_view kLlmJudgeKeys =
    "model rubric template scale pass_fail structured max_tokens";

// Throws evp::InputError naming the key for a bad config or an unknown model
// ("llm_judge.model: no model 'x' in the suite's models (have: a, b)").
std::unique_ptr<AsyncEvaluator> make_llm_judge(const ConfigReader& config,
                                               EvaluatorEnvironment& env);

}  // namespace evp::evaluate
