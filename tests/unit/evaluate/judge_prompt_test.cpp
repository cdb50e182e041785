// The texts a judge reads from a row, and prompt templates: filling, literal braces, errors.
#include "evaluate/judge_prompt.h"

#include <gtest/gtest.h>

#include "base/errors.h"
#include "model/row_json.h"

namespace evp::evaluate {
namespace {

constexpr std::string_view kKnown[] = {"question", "answer", "ground_truth", "rubric"};

model::EvaluationRow row_with(const char* messages_json) {
  model::EvaluationRow row;
  row.messages = model::messages_from_json(Json::parse(messages_json));
  return row;
}

std::string template_error(std::string_view text) {
  try {
    PromptTemplate t(text, kKnown);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::string config_error(const char* config_json) {
  const Json config = Json::parse(config_json);
  try {
    read_template(ConfigReader(config), kKnown);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(JudgePrompt, TheQuestionOfOneUserTurnIsItsContent) {
  const auto row = row_with(R"([{"role":"user","content":"What is 2+2?"},
                                {"role":"assistant","content":"4"}])");
  EXPECT_EQ(question_text(row), "What is 2+2?");
}

TEST(JudgePrompt, TheQuestionOfAConversationIsATranscriptUpToTheLastAnswer) {
  const auto row = row_with(R"([
    {"role":"system","content":"Be brief."},
    {"role":"user","content":"Weather in Paris?"},
    {"role":"assistant","content":"","tool_calls":[{"id":"c1","type":"function",
      "function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}}]},
    {"role":"tool","tool_call_id":"c1","content":"18C, sunny"},
    {"role":"assistant","content":"18C and sunny."}])");
  EXPECT_EQ(question_text(row),
            "system: Be brief.\n\n"
            "user: Weather in Paris?\n\n"
            "assistant: \n[tool call weather({\"city\":\"Paris\"})]\n\n"
            "tool: 18C, sunny");
  // A system prompt alone makes a single user turn a transcript too.
  EXPECT_EQ(question_text(row_with(R"([{"role":"system","content":"S"},
                                       {"role":"user","content":"Q"},
                                       {"role":"assistant","content":"A"}])")),
            "system: S\n\nuser: Q");
}

TEST(JudgePrompt, TextsJoinContentPartsAndWriteTheGroundTruthAsText) {
  auto row = row_with(R"([{"role":"user","content":[{"type":"text","text":"Q1"},
                                                     {"type":"image_url","image_url":{"url":"x"}},
                                                     {"type":"text","text":"Q2"}]},
                          {"role":"assistant","content":[{"type":"text","text":"A1"},
                                                          {"type":"text","text":"A2"}]}])");
  row.ground_truth = Json("Paris");
  std::optional<JudgeTexts> texts = judge_texts(row);
  ASSERT_TRUE(texts);
  EXPECT_EQ(texts->question, "Q1\nQ2");
  EXPECT_EQ(texts->answer, "A1\nA2");
  EXPECT_EQ(texts->ground_truth, "Paris");
  row.ground_truth = Json::parse(R"({"answer": 42, "unit": "km"})");
  EXPECT_EQ(ground_truth_text(row), R"({"answer":42,"unit":"km"})");
  row.ground_truth = Json(3.5);
  EXPECT_EQ(ground_truth_text(row), "3.5");
  row.ground_truth = Json();
  EXPECT_EQ(ground_truth_text(row), std::nullopt);
  row.ground_truth.reset();
  EXPECT_EQ(ground_truth_text(row), std::nullopt);
}

TEST(JudgePrompt, ARowWithoutAnAssistantMessageHasNoTexts) {
  EXPECT_EQ(judge_texts(row_with(R"([{"role":"user","content":"Q"}])")), std::nullopt);
}

TEST(JudgePrompt, FillsEveryPlaceholderOnceAndKeepsOtherBraces) {
  const PromptTemplate t(
      "Q={question} A={answer} again {answer}; JSON {\"score\": 1} {{answer}} { answer} {9a} "
      "{unterminated",
      kKnown);
  EXPECT_TRUE(t.uses("question"));
  EXPECT_TRUE(t.uses("answer"));
  EXPECT_FALSE(t.uses("rubric"));
  // A value holding a placeholder is inserted as it is, not filled again. There is no escape:
  // "{{answer}}" is a placeholder in braces.
  EXPECT_EQ(t.fill({{"question", "{rubric}?"}, {"answer", "x"}, {"rubric", "R"}}),
            "Q={rubric}? A=x again x; JSON {\"score\": 1} {x} { answer} {9a} {unterminated");
}

TEST(JudgePrompt, UnknownPlaceholdersAreNamedWithTheKnownOnes) {
  EXPECT_EQ(template_error("{question} {qestion}"),
            "unknown placeholder {qestion} (known: {question}, {answer}, {ground_truth}, "
            "{rubric})");
  EXPECT_EQ(template_error("{reference} {answer} {Answer} {reference}"),
            "unknown placeholders {reference}, {Answer} (known: {question}, {answer}, "
            "{ground_truth}, {rubric})");
  EXPECT_EQ(template_error("{answer}"), "no error");
}

TEST(JudgePrompt, TheTemplateKeyIsOptionalAndItsErrorsNameIt) {
  EXPECT_EQ(config_error(R"({"type":"llm_judge"})"), "no error");
  EXPECT_EQ(config_error(R"({"type":"llm_judge","template":"{answer} {refrence}"})"),
            "llm_judge.template: unknown placeholder {refrence} (known: {question}, {answer}, "
            "{ground_truth}, {rubric})");
  EXPECT_EQ(config_error(R"({"type":"llm_judge","template":"  "})"),
            "llm_judge.template: expected a non-empty string");
  EXPECT_EQ(config_error(R"({"type":"llm_judge","template":3})"),
            "llm_judge.template: expected a string, got number");
}

}  // namespace
}  // namespace evp::evaluate
