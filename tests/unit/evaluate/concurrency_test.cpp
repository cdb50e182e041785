// One set of evaluators shared by several threads (as the runner's pool uses them) gives the
// same results as a single thread. Run under -fsanitize=thread to check for races.
#include <gtest/gtest.h>

#include <thread>

#include "evaluate/score_row.h"
#include "evaluate_test_support.h"

namespace evp::evaluate::test {
namespace {

TEST(Concurrency, SharedEvaluatorsGiveTheSameResultsOnEveryThread) {
  const auto evaluators = make_evaluators(Json::parse(R"([
    {"type":"contains","value":"42"}, {"type":"icontains","value":"ANSWER"},
    {"type":"regex","pattern":"(?i)answer is"}, {"type":"numeric_answer"},
    {"type":"multiple_choice"}, {"type":"exact_match","ignore_case":true},
    {"type":"json_valid"},
    {"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"string","pattern":"^x+$"}}}},
    {"type":"length","max_words":8}, {"type":"format","preset":"think_answer"},
    {"type":"repetition","ngram":1}, {"type":"contains_all","values":["a","b"]}])"));
  const std::vector<model::EvaluationRow> rows = {
      make_row("The answer is 42. Answer: B", Json("42")),
      make_row(R"({"a":"xxx"})", Json(3)),
      make_row(R"({"a":"xy"})", Json("B")),
      make_row("<think>a b</think><answer>\\boxed{7}</answer>", Json(7)),
      make_row(std::nullopt, Json(1)),
      make_row("a a a a a a a a a b", Json::parse(R"({"answer":"a"})")),
  };
  std::vector<model::EvaluateResult> expected;
  for (const auto& row : rows) expected.push_back(score_row(evaluators, row));

  constexpr int kThreads = 4;
  constexpr int kRounds = 200;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        const size_t i = static_cast<size_t>(round + t) % rows.size();
        if (!(score_row(evaluators, rows[i]) == expected[i])) ++mismatches[static_cast<size_t>(t)];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(kThreads, 0));
  // The baseline itself is not trivial: every row scores differently from the first.
  EXPECT_NE(expected[0].reason, expected[1].reason);
  EXPECT_EQ(expected[4].metrics.at("contains").reason, "no assistant message");
}

}  // namespace
}  // namespace evp::evaluate::test
