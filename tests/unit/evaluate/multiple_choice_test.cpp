// multiple_choice: each extraction rule, rule priority, expected letter sources, errors.
#include <gtest/gtest.h>

#include "evaluate_test_support.h"

namespace evp::evaluate::test {
namespace {

const char* kMc = R"({"type":"multiple_choice","choices":"ABCD"})";

TEST(MultipleChoice, AnswerCues) {
  EXPECT_EQ(run(kMc, make_row("Let me think.\nAnswer: B", Json("B"))),
            "1 | extracted B from 'Answer: B', matches");
  EXPECT_EQ(run(kMc, make_row("So the answer is (C).", Json("B"))),
            "0 | extracted C from 'answer is (C)', expected B");
  EXPECT_EQ(run(kMc, make_row("Final answer: **D**", Json("D"))),
            "1 | extracted D from 'answer: **D**', matches");
  EXPECT_EQ(run(kMc, make_row("The correct answer is option A", Json("A"))),
            "1 | extracted A from 'answer is option A', matches");
  // The last cue wins when the model changes its mind.
  EXPECT_EQ(run(kMc, make_row("Answer: A... wait, no. Answer: C", Json("C"))),
            "1 | extracted C from 'Answer: C', matches");
}

TEST(MultipleChoice, BoxedBold_LoneAndStartRules) {
  EXPECT_EQ(run(kMc, make_row("$\\boxed{\\text{B}}$", Json("B"))),
            "1 | extracted B from '\\boxed{\\text{B}}', matches");
  EXPECT_EQ(run(kMc, make_row("I pick **C**", Json("C"))), "1 | extracted C from '**C**', matches");
  EXPECT_EQ(run(kMc, make_row("**(A) Paris** is right", Json("A"))),
            "1 | extracted A from '**(A)', matches");
  EXPECT_EQ(run(kMc, make_row("  B \n", Json("B"))), "1 | extracted B from 'B', matches");
  EXPECT_EQ(run(kMc, make_row("(D)", Json("D"))), "1 | extracted D from '(D)', matches");
  EXPECT_EQ(run(kMc, make_row("B) because it is larger", Json("B"))),
            "1 | extracted B from 'B)', matches");
}

TEST(MultipleChoice, RulePriority) {
  // A cue beats an answer that starts with a letter.
  EXPECT_EQ(run(kMc, make_row("A) is tempting, but the answer is D", Json("D"))),
            "1 | extracted D from 'answer is D', matches");
  // \boxed beats a cue.
  EXPECT_EQ(run(kMc, make_row("Answer: A\n\\boxed{C}", Json("C"))),
            "1 | extracted C from '\\boxed{C}', matches");
}

TEST(MultipleChoice, NoLetterFound) {
  // Lowercase letters and letters inside words do not count.
  EXPECT_EQ(run(kMc, make_row("the answer is a mystery", Json("A"))),
            "0 | no choice among ABCD found, expected A");
  EXPECT_EQ(run(kMc, make_row("Because Deduction", Json("A"))),
            "0 | no choice among ABCD found, expected A");
  // E is not a choice.
  EXPECT_EQ(run(kMc, make_row("Answer: E", Json("A"))),
            "0 | no choice among ABCD found, expected A");
}

TEST(MultipleChoice, ExpectedLetterSources) {
  EXPECT_EQ(run(R"({"type":"multiple_choice","value":"C"})", make_row("C", Json("A"))),
            "1 | extracted C from 'C', matches");
  EXPECT_EQ(run(kMc, make_row("C", Json("(C)"))), "1 | extracted C from 'C', matches");
  EXPECT_EQ(run(kMc, make_row("C", Json("Answer: C"))), "1 | extracted C from 'C', matches");
  // MMLU-style 0-based index.
  EXPECT_EQ(run(kMc, make_row("C", Json(2))), "1 | extracted C from 'C', matches");
  EXPECT_EQ(run(kMc, make_row("C", Json::parse(R"({"answer":1})"))),
            "0 | extracted C from 'C', expected B");
  EXPECT_EQ(run(kMc, make_row("C", Json(4))),
            "invalid | ground truth '4' names none of the choices ABCD");
  EXPECT_EQ(run(kMc, make_row("C", Json(1.5))),
            "invalid | ground truth '1.5' names none of the choices ABCD");
  EXPECT_EQ(run(kMc, make_row("C", Json("E"))),
            "invalid | ground truth 'E' names none of the choices ABCD");
  EXPECT_EQ(run(kMc, make_row("C")),
            "invalid | no ground_truth in the row and no 'value' in the config");
  EXPECT_EQ(run(kMc, make_row(std::nullopt, Json("C"))), "invalid | no assistant message");
}

TEST(MultipleChoice, DefaultChoicesAndOtherAlphabets) {
  EXPECT_EQ(run(R"({"type":"multiple_choice"})", make_row("Answer: D", Json("D"))),
            "1 | extracted D from 'Answer: D', matches");
  EXPECT_EQ(run(R"({"type":"multiple_choice"})", make_row("Answer: E", Json("D"))),
            "0 | no choice among ABCD found, expected D");
  EXPECT_EQ(
      run(R"({"type":"multiple_choice","choices":"ABCDEFGHIJ"})", make_row("Answer: J", Json(9))),
      "1 | extracted J from 'Answer: J', matches");
  EXPECT_EQ(
      run(R"({"type":"multiple_choice","choices":"1234"})", make_row("The answer is 3", Json("3"))),
      "1 | extracted 3 from 'answer is 3', matches");
}

TEST(MultipleChoice, DataHoldsBothLetters) {
  const auto metric = make_evaluator(Json::parse(kMc))->evaluate(make_row("Answer: B", Json("C")));
  EXPECT_EQ(metric.data, Json::parse(R"({"extracted":"B","expected":"C"})"));
}

TEST(MultipleChoice, ConfigErrors) {
  EXPECT_EQ(config_error(R"({"type":"multiple_choice","choices":"AAB"})"),
            "multiple_choice.choices: expected 2 to 36 distinct ASCII letters or digits such as "
            "\"ABCD\", got 'AAB'");
  EXPECT_EQ(config_error(R"({"type":"multiple_choice","choices":"A"})"),
            "multiple_choice.choices: expected 2 to 36 distinct ASCII letters or digits such as "
            "\"ABCD\", got 'A'");
  EXPECT_EQ(config_error(R"({"type":"multiple_choice","choices":"A-C"})"),
            "multiple_choice.choices: expected 2 to 36 distinct ASCII letters or digits such as "
            "\"ABCD\", got 'A-C'");
  EXPECT_EQ(config_error(R"({"type":"multiple_choice","value":"E"})"),
            "multiple_choice.value: expected one of the choices ABCD, got 'E'");
  EXPECT_EQ(config_error(R"({"type":"multiple_choice","choices":["A","B"]})"),
            "multiple_choice.choices: expected a string, got array");
}

}  // namespace
}  // namespace evp::evaluate::test
