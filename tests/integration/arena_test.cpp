// The arena end to end against the scripted fake OpenAI server (a test double) playing two
// candidate models and a judge: an evaluator process (the Python example), an LLM rubric
// judge, a groupwise rank_normalized, and a pairwise judge whose games become battles; then
// the report's judge usage, the leaderboard and the paired comparison over what was stored,
// and a resumed run that judges nothing twice.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "model/row_json.h"
#include "runner/comparison.h"
#include "runner/leaderboard.h"
#include "runner/report.h"
#include "runner/run_suite.h"
#include "store/store.h"
#include "suite/suite.h"
#include "support/fake_openai/fake_openai_server.h"
#include "support/temp_dir.h"

namespace evp::test {
namespace {

constexpr int kRows = 6;
constexpr int kRuns = 2;

// The text between two markers of a judge prompt.
std::string between(const std::string& text, const std::string& from, const std::string& to) {
  const size_t a = text.find(from);
  const size_t b = text.find(to, a);
  if (a == std::string::npos || b == std::string::npos) return "";
  return text.substr(a + from.size(), b - a - from.size());
}

// "good" answers 42, "bad" answers 7; the judge prefers 42 in both kinds of prompt.
FakeReply answer(const FakeRequest& r) {
  const std::string model = r.json.value("model", "");
  if (model == "good") return FakeReply::completion("Let me see. Answer: 42");
  if (model == "bad") return FakeReply::completion("Hmm. Answer: 7");
  std::string prompt;
  for (const auto& m : r.json["messages"]) prompt += m.value("content", "") + "\n";
  if (prompt.find("[The Start of Assistant A's Answer]") != std::string::npos) {
    const std::string a =
        between(prompt, "[The Start of Assistant A's Answer]", "[The End of Assistant A's Answer]");
    return FakeReply::completion(a.find("42") != std::string::npos
                                     ? "A is right. My final verdict is: [[A>>B]]"
                                     : "B is right. My final verdict is: [[B>>A]]");
  }
  return FakeReply::completion(prompt.find("Answer: 42") != std::string::npos
                                   ? "Correct and clear. Rating: [[9]]"
                                   : "Wrong answer. Rating: [[2]]");
}

class ArenaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.set_handler(answer);
    std::string data;
    for (int i = 0; i < kRows; ++i) {
      data += R"({"messages":[{"role":"user","content":"question )" + std::to_string(i) +
              R"(: six times seven?"}],"ground_truth":"42",)" +
              R"("input_metadata":{"dataset_info":{"topic":")" + (i % 3 == 0 ? "a" : "b") +
              R"("}}})"
              "\n";
    }
    dir.write("data.jsonl", data);
    const std::string model = "    base_url: " + server.base_url() + "\n";
    dir.write("suite.yaml",
              "name: arena\ndataset: data.jsonl\nmodels:\n"
              "  - key: good\n" +
                  model +
                  "    model: good\n"
                  "  - key: bad\n" +
                  model +
                  "    model: bad\n"
                  "  - key: judge\n" +
                  model +
                  "    model: judge\n    judge_only: true\n"
                  "    price: {input_per_mtok: 1000000, output_per_mtok: 1000000}\n"
                  "runs: " +
                  std::to_string(kRuns) +
                  "\ncluster_key: input_metadata.dataset_info.topic\nevaluators:\n"
                  "  - {type: command, name: exact, command: [python3, " EVP_SOURCE_DIR
                  "/examples/evaluators/python/exact_answer.py], workers: 2}\n"
                  "  - {type: llm_judge, model: judge, rubric: 'The answer is 42.'}\n"
                  "  - {type: rank_normalized, metric: llm_judge, weight: 0}\n"
                  "  - {type: pairwise_judge, model: judge, baseline: bad}\n");
  }

  runner::RunOutcome run(std::optional<std::string> resume = std::nullopt) {
    runner::RunOptions o;
    o.store_path = db();
    o.show_progress = false;
    o.resume_id = std::move(resume);
    std::ostringstream log;
    return runner::run_suite(suite::load_suite(dir.path() / "suite.yaml"), o, log);
  }
  std::filesystem::path db() const { return dir.path() / "evp.db"; }

  TempDir dir;
  FakeOpenAiServer server;
};

TEST_F(ArenaTest, EvaluatorsJudgesBattlesLeaderboardAndComparison) {
  const auto outcome = run();
  EXPECT_EQ(outcome.executed, kRows * kRuns * 2);  // the judge is not rolled out
  EXPECT_EQ(outcome.errors, 0);

  auto store = store::Store::open(db());
  std::map<std::string, int> rollouts;
  store->for_each_rollout(outcome.experiment_id, [&](const store::RolloutRecord& r) {
    ++rollouts[r.key.model];
    const model::EvaluationRow row = model::row_from_json(Json::parse(r.row_json));
    ASSERT_TRUE(row.evaluation_result);
    const auto& metrics = row.evaluation_result->metrics;
    const bool good = r.key.model == "good";
    EXPECT_EQ(metrics.at("exact").score, good ? 1.0 : 0.0) << metrics.at("exact").reason;
    EXPECT_EQ(metrics.at("exact").data["metrics"]["answer_found"]["score"], 1.0);
    EXPECT_DOUBLE_EQ(metrics.at("llm_judge").score, good ? 8.0 / 9.0 : 1.0 / 9.0);
    EXPECT_EQ(metrics.at("llm_judge").reason, good ? "Correct and clear." : "Wrong answer.");
    // Both runs of a row got the same judge score: they tie for the middle rank.
    EXPECT_DOUBLE_EQ(metrics.at("rank_normalized").score, 0.5);
    // Row score: the weighted mean of exact and llm_judge (rank_normalized weighs 0).
    EXPECT_DOUBLE_EQ(row.evaluation_result->score,
                     good ? (1.0 + 8.0 / 9.0) / 2 : (0.0 + 1.0 / 9.0) / 2);
    EXPECT_EQ(r.judge_prompt_tokens, 10);  // one judge call per rollout, fake usage 10 + 5
    EXPECT_EQ(r.judge_completion_tokens, 5);
    EXPECT_DOUBLE_EQ(r.judge_cost_usd, 15.0);
  });
  EXPECT_EQ(rollouts,
            (std::map<std::string, int>{{"bad", kRows * kRuns}, {"good", kRows * kRuns}}));

  const runner::Report report = runner::build_report(*store, outcome.experiment_id);
  ASSERT_EQ(report.models.size(), 2u);
  EXPECT_EQ(report.models[0].model, "good");
  EXPECT_EQ(report.models[0].judge_prompt_tokens, 10 * kRows * kRuns);
  EXPECT_DOUBLE_EQ(report.models[0].judge_cost_usd, 15.0 * kRows * kRuns);
  EXPECT_EQ(report.models[0].cost_usd, 0.0);  // candidates have no price: judges are apart
  ASSERT_TRUE(report.models[0].clustered);    // rows by topic: a (rows 0, 3) and b
  EXPECT_EQ(report.models[0].clusters, 2);
  EXPECT_DOUBLE_EQ(report.models[0].clustered->mean, report.models[0].score.mean);
  // Both runs of a row answer alike: the majority answer scores what each rollout scored.
  ASSERT_TRUE(report.models[0].majority_vote);
  EXPECT_DOUBLE_EQ(report.models[0].majority_vote->mean, report.models[0].score.mean);

  // Pairwise: each good rollout against bad's rollout of the same row and run, two games,
  // the judge prefers good in both (a strong verdict weighs 3).
  std::vector<store::BattleRecord> battles;
  store->for_each_battle({}, [&](const store::BattleRecord& b) { battles.push_back(b); });
  ASSERT_EQ(battles.size(), static_cast<size_t>(kRows * kRuns * 2));
  int swapped = 0;
  for (const auto& b : battles) {
    EXPECT_EQ(b.model_a, "good");
    EXPECT_EQ(b.model_b, "bad");
    EXPECT_EQ(b.winner, "model_a");
    EXPECT_EQ(b.weight, 3);
    EXPECT_EQ(b.judge, "llm:judge:pairwise_judge");
    EXPECT_EQ(b.suite_name, "arena");
    swapped += b.details["candidate_is_a"].get<bool>() ? 1 : 0;
  }
  EXPECT_EQ(swapped, kRows * kRuns);  // half the games show the candidate first

  runner::LeaderboardOptions lb;
  lb.suite = "arena";
  lb.rating.bootstrap_rounds = 50;
  const runner::Leaderboard board = runner::build_leaderboard(store.get(), lb);
  EXPECT_EQ(board.baseline, "bad");
  ASSERT_EQ(board.ratings.models.size(), 2u);
  EXPECT_EQ(board.ratings.models[0].model, "good");
  EXPECT_DOUBLE_EQ(*board.win_rate_vs_baseline[0], 1.0);

  const runner::Comparison c = runner::compare_sides(*store, {outcome.experiment_id, "bad"},
                                                     {outcome.experiment_id, "good"});
  EXPECT_EQ(c.stats.n, static_cast<size_t>(kRows));
  EXPECT_EQ(c.verdict, "b_better");

  // A resumed run has nothing to roll out and nothing to judge again.
  const size_t requests = server.request_count();
  const auto again = run(outcome.experiment_id);
  EXPECT_EQ(again.executed, 0);
  EXPECT_EQ(server.request_count(), requests);
  size_t after = 0;
  store->for_each_battle({}, [&](const store::BattleRecord&) { ++after; });
  EXPECT_EQ(after, battles.size());
}

// A judge that cannot answer the pairwise prompts (a context too small for two answers, as a
// small llama.cpp server answers): nothing is stored for those games, and the run's note says
// how many there were and why, in the endpoint's words.
TEST_F(ArenaTest, GamesWithoutAVerdictAreCountedAndTheirReasonNoted) {
  const std::string too_long = "request (404 tokens) exceeds the available context size";
  server.set_handler([&](const FakeRequest& r) {
    if (r.body.find("Assistant A's Answer") != std::string::npos) {
      return FakeReply::error(400, too_long);
    }
    return answer(r);
  });
  const auto outcome = run();
  EXPECT_EQ(outcome.errors, 0);
  const std::string expected =
      "pairwise_judge: judged 12 rollouts against bad (0 battles stored, 24 games without a "
      "verdict); judge 24 calls, 0 prompt + 0 completion tokens, $0.0000; the first game "
      "without a verdict: HTTP 400: " +
      too_long;
  EXPECT_NE(std::find(outcome.notes.begin(), outcome.notes.end(), expected), outcome.notes.end())
      << ::testing::PrintToString(outcome.notes);
  size_t battles = 0;
  store::Store::open(db())->for_each_battle({}, [&](const store::BattleRecord&) { ++battles; });
  EXPECT_EQ(battles, 0u);
}

}  // namespace
}  // namespace evp::test
