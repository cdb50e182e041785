// pairwise_judge against a scripted judge model: the two games with swapped positions, every
// label, the last label winning, the one re-ask, battles in the candidate's terms, the
// candidate's score, and the judge's usage and cost.
#include "evaluate/pairwise_judge.h"

#include <gtest/gtest.h>

#include "evaluate_test_support.h"
#include "scripted_chat_model.h"

namespace evp::evaluate::test {
namespace {

model::EvaluationRow rollout(const std::string& model_key, const std::string& answer) {
  model::EvaluationRow row;
  row.messages.push_back(model::make_message("user", "Write a haiku about rain."));
  row.messages.push_back(model::make_message("assistant", answer));
  row.input_metadata.row_id = "r7";
  row.execution_metadata.extra = Json{{"evp", {{"model", model_key}, {"run", 1}}}};
  return row;
}

const model::EvaluationRow kCandidate = rollout("cand", "CANDIDATE ANSWER");
const model::EvaluationRow kBaseline = rollout("base", "BASELINE ANSWER");

std::unique_ptr<PairwiseJudge> make_judge(JudgeBench& bench, const std::string& extra_keys = "") {
  const Json config = Json::parse(R"({"type":"pairwise_judge","model":"judge","baseline":"base")" +
                                  extra_keys + "}");
  const ConfigReader reader(config);
  reader.check_keys(kPairwiseJudgeKeys);
  return make_pairwise_judge(reader, bench.env);
}

PairwiseJudgment judge_pair(JudgeBench& bench, const std::string& extra_keys = "",
                            const model::EvaluationRow& candidate = kCandidate,
                            const model::EvaluationRow& baseline = kBaseline) {
  auto judge = make_judge(bench, extra_keys);
  return bench.run(judge->judge(candidate, baseline));
}

// Judges with the two games answered `game1` and `game2`.
PairwiseJudgment judge_replies(const std::string& game1, const std::string& game2) {
  JudgeBench bench;
  bench.model.reply(game1);
  bench.model.reply(game2);
  return judge_pair(bench);
}

std::string battle(const PairwiseGame& g) {
  if (g.weight == 0) return "none: " + g.error;
  return g.label + " -> " + g.winner + " x" + std::to_string(g.weight);
}

std::string config_error(const std::string& config_json) {
  JudgeBench bench;
  const Json config = Json::parse(config_json);
  try {
    const ConfigReader reader(config);
    reader.check_keys(kPairwiseJudgeKeys);
    make_pairwise_judge(reader, bench.env);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::string user_prompt(const char* answer_a, const char* answer_b) {
  return std::string("[User Prompt]\nWrite a haiku about rain.\n\n") +
         "[The Start of Assistant A's Answer]\n" + answer_a +
         "\n[The End of Assistant A's Answer]\n\n" + "[The Start of Assistant B's Answer]\n" +
         answer_b + "\n[The End of Assistant B's Answer]";
}

TEST(PairwiseJudge, PlaysTwoGamesWithTheAnswersSwapped) {
  JudgeBench bench;
  bench.model.reply("My answer... A is better. My final verdict is: [[A>B]]");
  bench.model.reply("My answer... B is better. My final verdict is: [[B>A]]");
  const PairwiseJudgment j = judge_pair(bench);
  ASSERT_EQ(bench.model.calls().size(), 2u);
  for (const auto& call : bench.model.calls()) {
    ASSERT_EQ(call.request.messages.size(), 2u);
    EXPECT_EQ(call.request.messages[0].role, "system");
    EXPECT_EQ(call.request.messages[1].role, "user");
    EXPECT_EQ(call.row_id, "r7");
    EXPECT_EQ(call.run, 1);
    EXPECT_EQ(call.request.params, std::nullopt);
  }
  // Game 1: A = the baseline, B = the candidate; game 2 the other way round.
  EXPECT_EQ(bench.model.calls()[0].request.messages[1].content,
            user_prompt("BASELINE ANSWER", "CANDIDATE ANSWER"));
  EXPECT_EQ(bench.model.calls()[1].request.messages[1].content,
            user_prompt("CANDIDATE ANSWER", "BASELINE ANSWER"));
  EXPECT_EQ(
      bench.model.calls()[0].request.messages[0].content,
      "You are an impartial judge comparing the answers two AI assistants gave to the user "
      "prompt shown below.\n\n"
      "First write your own answer to the prompt, before reading theirs. Then evaluate both "
      "answers against yours: point out and correct any mistakes or inaccurate information, and "
      "consider whether each answer is helpful (it does what the prompt asks; when the prompt "
      "is ambiguous, asking for clarification beats guessing), relevant (every part of it bears "
      "on the prompt) and concise (clear, without padding). Where it matters, weigh creativity "
      "and novelty too, and note important information either answer leaves out. Do not let "
      "the order of the answers or their length sway you.\n\n"
      "End your judgment with exactly one of these labels, on the last line, as in \"My final "
      "verdict is: [[LABEL]]\":\n"
      "- Assistant A is significantly better: [[A>>B]]\n"
      "- Assistant A is slightly better: [[A>B]]\n"
      "- Tie, about the same: [[A=B]]\n"
      "- Assistant B is slightly better: [[B>A]]\n"
      "- Assistant B is significantly better: [[B>>A]]");
  EXPECT_EQ(bench.model.calls()[1].request.messages[0].content,
            bench.model.calls()[0].request.messages[0].content);
  // A>B in game 1 is the baseline's win; B>A in game 2 too.
  EXPECT_EQ(j.model_a, "cand");
  EXPECT_EQ(j.model_b, "base");
  EXPECT_FALSE(j.games[0].candidate_is_a);
  EXPECT_TRUE(j.games[1].candidate_is_a);
  EXPECT_EQ(battle(j.games[0]), "A>B -> model_b x1");
  EXPECT_EQ(battle(j.games[1]), "B>A -> model_b x1");
  EXPECT_EQ(j.games[0].judgment, "My answer... A is better. My final verdict is: [[A>B]]");
  EXPECT_EQ(candidate_score(j), 0.0);
}

TEST(PairwiseJudge, MapsEveryLabelToABattleInTheCandidatesTerms) {
  struct Case {
    const char* label;
    const char* game1;  // A = baseline
    const char* game2;  // A = candidate
  };
  const Case cases[] = {
      {"A>>B", "A>>B -> model_b x3", "A>>B -> model_a x3"},
      {"A>B", "A>B -> model_b x1", "A>B -> model_a x1"},
      {"A=B", "A=B -> tie x1", "A=B -> tie x1"},
      {"B>A", "B>A -> model_a x1", "B>A -> model_b x1"},
      {"B>>A", "B>>A -> model_a x3", "B>>A -> model_b x3"},
  };
  for (const Case& c : cases) {
    const std::string reply = std::string("Reasoning.\nMy final verdict is: [[") + c.label + "]]";
    const PairwiseJudgment j = judge_replies(reply, reply);
    EXPECT_EQ(battle(j.games[0]), c.game1) << c.label;
    EXPECT_EQ(battle(j.games[1]), c.game2) << c.label;
  }
}

TEST(PairwiseJudge, TheLastLabelInTheTextWins) {
  const PairwiseJudgment j = judge_replies(
      "Compared with [[A>B]] style answers, B is far better.\nMy final verdict is: [[B>>A]]",
      "Maybe [[A=B]]? No. [[A>B]] (see [[notes]] and [[C]])");
  EXPECT_EQ(battle(j.games[0]), "B>>A -> model_a x3");
  EXPECT_EQ(battle(j.games[1]), "A>B -> model_a x1");
}

TEST(PairwiseJudge, AnythingButTheFiveLabelsIsReasked) {
  const char* unparseable[] = {
      "[[A>B]] at first, but finally [[A<B]]",
      "[[B=A]]",
      "[[A>>>B]]",
      "[[AB]]",
      "[[a>b]]",
      "[[ A>B ]]",
      "Assistant A is better.",
      "[A>B]",
  };
  for (const char* reply : unparseable) {
    JudgeBench bench;
    bench.model.reply(reply);
    bench.model.reply("[[A=B]]");
    bench.model.reply("[[A=B]]");
    const PairwiseJudgment j = judge_pair(bench);
    EXPECT_EQ(bench.model.calls().size(), 3u) << reply;
    EXPECT_EQ(battle(j.games[0]), "A=B -> tie x1") << reply;
    EXPECT_EQ(j.games[0].usage.calls, 2) << reply;
  }
}

TEST(PairwiseJudge, TheReaskHappensOnceWithTheLabelsAndItsAnswerIsUsed) {
  JudgeBench bench;
  bench.model.reply("Both are fine haikus.", 300, 40);
  bench.model.reply("My final verdict is: [[B>A]]", 350, 10);
  bench.model.reply("Still undecided.", 300, 30);
  bench.model.reply("Really undecided.", 340, 5);
  const PairwiseJudgment j = judge_pair(bench);
  ASSERT_EQ(bench.model.calls().size(), 4u);
  const auto& reask = bench.model.calls()[1].request.messages;
  ASSERT_EQ(reask.size(), 4u);
  EXPECT_EQ(reask[1].content, user_prompt("BASELINE ANSWER", "CANDIDATE ANSWER"));
  EXPECT_EQ(reask[2].role, "assistant");
  EXPECT_EQ(reask[2].content, "Both are fine haikus.");
  EXPECT_EQ(reask[3].role, "user");
  EXPECT_EQ(reask[3].content,
            "Your reply did not end with a verdict label. Finish your judgment now with exactly "
            "one of these labels: [[A>>B]], [[A>B]], [[A=B]], [[B>A]], [[B>>A]].");
  // Game 2 starts afresh, with the candidate as A.
  EXPECT_EQ(bench.model.calls()[2].request.messages.size(), 2u);
  EXPECT_EQ(bench.model.calls()[2].request.messages[1].content,
            user_prompt("CANDIDATE ANSWER", "BASELINE ANSWER"));
  EXPECT_EQ(battle(j.games[0]), "B>A -> model_a x1");
  EXPECT_EQ(j.games[0].judgment, "Both are fine haikus.\n\nMy final verdict is: [[B>A]]");
  EXPECT_EQ(battle(j.games[1]), "none: judge answer had no verdict: 'Really undecided.'");
  EXPECT_EQ(j.games[1].judgment, "Still undecided.\n\nReally undecided.");
  EXPECT_EQ(j.games[0].usage.calls, 2);
  EXPECT_EQ(j.games[0].usage.prompt_tokens, 650);
  EXPECT_EQ(j.games[0].usage.completion_tokens, 50);
  EXPECT_EQ(j.usage().calls, 4);
  EXPECT_EQ(j.usage().prompt_tokens, 1290);
  EXPECT_EQ(j.usage().completion_tokens, 85);
  EXPECT_EQ(j.usage().cost_usd, std::nullopt);
  // Only game 1 has a verdict: a win.
  EXPECT_EQ(candidate_score(j), 1.0);
}

TEST(PairwiseJudge, AFailedCallLeavesItsGameWithoutAVerdict) {
  JudgeBench bench;
  bench.model.fail("HTTP 429: slow down (after 5 attempts)");
  bench.model.reply("[[A>>B]]");
  const PairwiseJudgment j = judge_pair(bench);
  EXPECT_EQ(battle(j.games[0]), "none: HTTP 429: slow down (after 5 attempts)");
  EXPECT_EQ(j.games[0].usage.calls, 1);
  EXPECT_EQ(battle(j.games[1]), "A>>B -> model_a x3");
  EXPECT_EQ(candidate_score(j), 1.0);
}

TEST(PairwiseJudge, CandidateScoreIsTheWeightedWinShareWithTiesHalf) {
  const auto score = [](const char* game1, const char* game2) {
    return candidate_score(judge_replies(game1, game2));
  };
  // Game 1 (A = baseline) B>>A: a strong candidate win (3); game 2 A=B: a tie (1).
  EXPECT_EQ(score("[[B>>A]]", "[[A=B]]"), (3 * 1.0 + 1 * 0.5) / 4);
  EXPECT_EQ(score("[[A>>B]]", "[[A>B]]"), (3 * 0.0 + 1 * 1.0) / 4);
  EXPECT_EQ(score("[[A=B]]", "[[A=B]]"), 0.5);
  EXPECT_EQ(score("[[B>A]]", "[[A>>B]]"), 1.0);
  EXPECT_EQ(score("[[A>>B]]", "[[B>>A]]"), 0.0);
  PairwiseJudgment none;
  EXPECT_EQ(candidate_score(none), std::nullopt);
}

TEST(PairwiseJudge, TheMetricHasTheBattlesAndTheJudgesUsageAndCost) {
  JudgeBench bench;
  bench.price = rollout::Pricing{2.0, 10.0};
  bench.model.reply("B wins clearly. [[B>>A]]", 1000, 100);
  bench.model.reply("Hmm.", 1000, 10);
  bench.model.reply("Same. [[A=B]]", 1100, 10);
  const PairwiseJudgment j = judge_pair(bench);
  const model::MetricResult m = pairwise_metric(j, "judge");
  EXPECT_TRUE(m.is_score_valid);
  EXPECT_EQ(m.score, 0.875);
  EXPECT_EQ(m.reason,
            "vs base: game 1 [[B>>A]] model_a, game 2 [[A=B]] tie\n\n"
            "Game 1:\nB wins clearly. [[B>>A]]\n\nGame 2:\nHmm.\n\nSame. [[A=B]]");
  // (1000 + 1000 + 1100) prompt tokens at $2/M, (100 + 10 + 10) completion tokens at $10/M.
  EXPECT_NEAR(m.data["judge"]["cost_usd"].get<double>(), 0.0062 + 0.0012, 1e-12);
  Json data = m.data;
  data["judge"].erase("cost_usd");
  EXPECT_EQ(data, Json::parse(R"({"judge":{"model":"judge","calls":3,"prompt_tokens":3100,
      "completion_tokens":120,"model_a":"cand","model_b":"base","games":[
      {"label":"B>>A","winner":"model_a","weight":3,"candidate_is_a":false},
      {"label":"A=B","winner":"tie","weight":1,"candidate_is_a":true}]}})"));
  // Without any verdict the metric is invalid, the errors in its reason and data.
  JudgeBench failing;
  failing.model.fail("down");
  failing.model.fail("down");
  const model::MetricResult bad = pairwise_metric(judge_pair(failing), "judge");
  EXPECT_EQ(summary(bad),
            "invalid | vs base: game 1 no verdict, game 2 no verdict\n\nGame 1:\ndown\n\n"
            "Game 2:\ndown");
  EXPECT_EQ(bad.data["judge"]["games"][1]["error"], "down");
}

TEST(PairwiseJudge, ACustomTemplateIsOneUserMessageWithTheAnswersSwapped) {
  JudgeBench bench;
  bench.model.reply("[[A>B]]");
  bench.model.reply("[[A>B]]");
  model::EvaluationRow candidate = kCandidate;
  candidate.ground_truth = Json("Drops on the roof");
  judge_pair(bench, R"(,"template":"Q={question}|A={answer_a}|B={answer_b}|G={ground_truth}")",
             candidate);
  ASSERT_EQ(bench.model.calls().size(), 2u);
  ASSERT_EQ(bench.model.calls()[0].request.messages.size(), 1u);
  EXPECT_EQ(bench.model.calls()[0].request.messages[0].role, "user");
  EXPECT_EQ(bench.model.calls()[0].request.messages[0].content,
            "Q=Write a haiku about rain.|A=BASELINE ANSWER|B=CANDIDATE ANSWER|G=Drops on the roof");
  EXPECT_EQ(bench.model.calls()[1].request.messages[0].content,
            "Q=Write a haiku about rain.|A=CANDIDATE ANSWER|B=BASELINE ANSWER|G=Drops on the roof");
}

TEST(PairwiseJudge, MaxTokensIsTheJudgeRequestsOwnParam) {
  JudgeBench bench;
  bench.model.reply("[[A=B]]");
  bench.model.reply("[[A=B]]");
  judge_pair(bench, R"(,"max_tokens":2048)");
  EXPECT_EQ(bench.model.calls()[0].request.params, Json({{"max_tokens", 2048}}));
  EXPECT_EQ(bench.model.calls()[1].request.params, Json({{"max_tokens", 2048}}));
}

TEST(PairwiseJudge, APairWithoutBothAnswersIsNotJudged) {
  JudgeBench bench;
  model::EvaluationRow unanswered = kCandidate;
  unanswered.messages.pop_back();
  PairwiseJudgment j = judge_pair(bench, "", unanswered, kBaseline);
  EXPECT_EQ(battle(j.games[0]), "none: candidate: no assistant message to judge");
  EXPECT_EQ(battle(j.games[1]), "none: candidate: no assistant message to judge");
  j = judge_pair(bench, "", kCandidate, unanswered);
  EXPECT_EQ(battle(j.games[1]), "none: baseline: no assistant message to judge");
  j = judge_pair(bench, R"(,"template":"{answer_a} {answer_b} {ground_truth}")");
  EXPECT_EQ(battle(j.games[0]), "none: the template uses {ground_truth} and the row has none");
  EXPECT_TRUE(bench.model.calls().empty());
}

TEST(PairwiseJudge, ModelKeysComeFromTheRowsElseTheConfiguredBaseline) {
  JudgeBench bench;
  auto judge = make_judge(bench);
  EXPECT_EQ(judge->baseline(), "base");
  EXPECT_EQ(judge->judge_key(), "judge");
  EXPECT_EQ(judge->name(), "pairwise_judge");
  model::EvaluationRow anonymous = kBaseline;
  anonymous.execution_metadata.extra.reset();
  bench.model.reply("[[A=B]]");
  bench.model.reply("[[A=B]]");
  const PairwiseJudgment j = bench.run(judge->judge(kCandidate, anonymous));
  EXPECT_EQ(j.model_a, "cand");
  EXPECT_EQ(j.model_b, "base");
}

TEST(PairwiseJudge, ConfigErrorsNameTheKey) {
  EXPECT_EQ(config_error(R"({"type":"pairwise_judge","model":"judge","baseline":"b"})"),
            "no error");
  EXPECT_EQ(config_error(R"({"type":"pairwise_judge","model":"judge"})"),
            "pairwise_judge: 'baseline' is required");
  EXPECT_EQ(config_error(R"({"type":"pairwise_judge","baseline":"b"})"),
            "pairwise_judge: 'model' is required");
  EXPECT_EQ(config_error(R"({"type":"pairwise_judge","model":"gpt","baseline":"b"})"),
            "pairwise_judge.model: no model 'gpt' in the suite's models (have: judge)");
  EXPECT_EQ(config_error(R"({"type":"pairwise_judge","model":"judge","baseline":"b",
                             "template":"{question} {answer}"})"),
            "pairwise_judge.template: unknown placeholder {answer} (known: {question}, "
            "{answer_a}, {answer_b}, {ground_truth})");
  EXPECT_EQ(config_error(R"({"type":"pairwise_judge","model":"judge","baseline":"b",
                             "rubric":"x"})"),
            "pairwise_judge: unknown key 'rubric'");
}

}  // namespace
}  // namespace evp::evaluate::test
