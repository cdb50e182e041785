// evp leaderboard's library: FastChat battle files (with file:line errors), battles from the
// store by suite, ratings against the two-model closed form, win rates against the baseline,
// and the JSON shape.
#include "runner/leaderboard.h"

#include <gtest/gtest.h>

#include <cmath>

#include "base/errors.h"
#include "support/temp_dir.h"

namespace evp::runner {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Leaderboard, TwoModelsMatchTheClosedFormAndTiesCountHalf) {
  evp::test::TempDir dir;
  // 30 wins for x, 10 for y, 10 ties (5 of them both bad): x has 35 of 50 "wins".
  std::string lines;
  auto add = [&](int n, const std::string& a, const std::string& b, const std::string& winner) {
    for (int i = 0; i < n; ++i) {
      lines += Json{{"model_a", a}, {"model_b", b}, {"winner", winner}, {"anony", true}}.dump();
      lines += "\n";
    }
  };
  add(30, "x", "y", "model_a");
  add(10, "y", "x", "model_a");
  add(5, "x", "y", "tie");
  add(5, "y", "x", "tie (bothbad)");
  lines += "\n";  // blank lines are skipped
  const auto file = dir.write("battles.jsonl", lines);
  LeaderboardOptions options;
  options.battle_files = {file};
  options.baseline = "y";
  options.rating.bootstrap_rounds = 200;
  const Leaderboard board = build_leaderboard(nullptr, options);
  ASSERT_EQ(board.ratings.models.size(), 2u);
  const auto& x = board.ratings.models[0];
  const auto& y = board.ratings.models[1];
  EXPECT_EQ(x.model, "x");
  // MLE for two models: R_x - R_y = 400 log10(35 / 15); mean rating 1000.
  const double gap = 400 * std::log10(35.0 / 15.0);
  EXPECT_NEAR(x.rating - y.rating, gap, 1e-6);
  EXPECT_NEAR(x.rating + y.rating, 2000, 1e-6);
  EXPECT_EQ(x.battles, 50);
  EXPECT_EQ(x.wins, 30);
  EXPECT_EQ(x.losses, 10);
  EXPECT_EQ(x.ties, 10);
  EXPECT_LE(x.ci_low, x.rating);
  EXPECT_GE(x.ci_high, x.rating);
  ASSERT_TRUE(board.win_rate_vs_baseline[0]);
  EXPECT_DOUBLE_EQ(*board.win_rate_vs_baseline[0], 35.0 / 50.0);
  EXPECT_FALSE(board.win_rate_vs_baseline[1]);  // the baseline itself
  EXPECT_EQ(board.battles, 50);

  // Online Elo in file order, recomputed here (FastChat: K = 4, both sides updated).
  double rx = 1000, ry = 1000;
  auto play = [&](int n, bool x_is_a, double score_a) {
    for (int i = 0; i < n; ++i) {
      double& ra = x_is_a ? rx : ry;
      double& rb = x_is_a ? ry : rx;
      const double ea = 1 / (1 + std::pow(10.0, (rb - ra) / 400));
      const double delta = 4 * (score_a - ea);
      ra += delta;
      rb -= delta;
    }
  };
  play(30, true, 1), play(10, false, 1), play(5, true, 0.5), play(5, false, 0.5);
  EXPECT_NEAR(board.online_elo[0], rx, 1e-9);
  EXPECT_NEAR(board.online_elo[1], ry, 1e-9);

  const Json j = leaderboard_json(board);
  EXPECT_EQ(j["models"][0]["model"], "x");
  for (const char* key :
       {"model", "rating", "ci_low", "ci_high", "battles", "wins", "losses", "ties"}) {
    EXPECT_TRUE(j["models"][0].contains(key)) << key;
  }
  EXPECT_TRUE(j["anchor"].is_null());
  EXPECT_EQ(j["bootstrap_rounds"], 200);
  EXPECT_EQ(j["baseline"], "y");

  // Anchored: y at 1000 exactly.
  options.rating.anchor = "y";
  const Leaderboard anchored = build_leaderboard(nullptr, options);
  EXPECT_NEAR(anchored.ratings.models[1].rating, 1000, 1e-9);
  EXPECT_NEAR(anchored.ratings.models[0].rating, 1000 + gap, 1e-6);
  EXPECT_EQ(leaderboard_json(anchored)["anchor"], "y");
}

TEST(Leaderboard, StoreBattlesBySuiteAndTheJudgesBaselineByDefault) {
  evp::test::TempDir dir;
  auto store = store::Store::open(dir.path() / "evp.db");
  std::vector<store::BattleRecord> battles;
  auto battle = [&](const std::string& suite, const std::string& a, const std::string& winner,
                    double weight) {
    store::BattleRecord b;
    b.suite_name = suite;
    b.model_a = a;
    b.model_b = "base";
    b.winner = winner;
    b.weight = weight;
    b.judge = "llm:j:pairwise_judge";
    battles.push_back(b);
  };
  battle("s1", "m1", "model_a", 3);  // a strong win counts 3
  battle("s1", "m1", "model_b", 1);
  battle("s1", "m2", "tie", 1);
  battle("s1", "m2", "model_b", 1);
  battle("s2", "m3", "model_a", 1);
  store->add_battles(battles);
  LeaderboardOptions options;
  options.suite = "s1";
  options.rating.bootstrap_rounds = 0;
  const Leaderboard board = build_leaderboard(store.get(), options);
  EXPECT_EQ(board.baseline, "base");  // every battle's model_b
  EXPECT_EQ(board.battles, 6);
  ASSERT_EQ(board.ratings.models.size(), 3u);
  EXPECT_EQ(board.ratings.models[0].model, "m1");
  EXPECT_DOUBLE_EQ(*board.win_rate_vs_baseline[0], 3.0 / 4.0);
  options.suite = "nope";
  EXPECT_EQ(error_of([&] { build_leaderboard(store.get(), options); }),
            "no battles for suite 'nope' in the store " + store->path().string() +
                " (battles come from pairwise_judge evaluators, votes in evp ui, or --battles "
                "FILE.jsonl)");
}

TEST(Leaderboard, BadBattleLinesNameFileAndLine) {
  evp::test::TempDir dir;
  auto error = [&](const std::string& second_line) {
    const auto file =
        dir.write("b.jsonl", std::string(R"({"model_a":"x","model_b":"y","winner":"tie"})") + "\n" +
                                 second_line + "\n");
    LeaderboardOptions options;
    options.battle_files = {file};
    const std::string message = error_of([&] { build_leaderboard(nullptr, options); });
    const std::string prefix = file.string() + ":2: ";
    EXPECT_EQ(message.rfind(prefix, 0), 0u) << message;
    return message.substr(std::min(message.size(), prefix.size()));
  };
  EXPECT_EQ(error(R"({"model_a":"x","model_b":"y","winner":"x"})"),
            "winner: expected model_a, model_b, tie or tie (bothbad), got 'x'");
  EXPECT_EQ(error(R"({"model_a":"x","winner":"tie"})"), "missing key 'model_b'");
  EXPECT_EQ(error(R"({"model_a":"x","model_b":3,"winner":"tie"})"),
            "model_b: expected a non-empty string, got 3");
  EXPECT_EQ(error(R"({"model_a":"x","model_b":"x","winner":"tie"})"),
            "model_a and model_b are both 'x'");
  EXPECT_EQ(error(R"({"model_a":"x","model_b":"y","winner":"tie","weight":0})"),
            "weight: expected a positive number, got 0");
  EXPECT_EQ(error("[1]"), "expected a JSON object, got array");
  EXPECT_EQ(error("{oops").rfind("invalid JSON: ", 0), 0u);
}

TEST(Leaderboard, UnknownBaselineOrAnchorAndNoBattlesAreErrors) {
  evp::test::TempDir dir;
  const auto file = dir.write("b.jsonl", R"({"model_a":"x","model_b":"y","winner":"tie"})"
                                         "\n");
  LeaderboardOptions options;
  options.battle_files = {file};
  options.baseline = "z";
  EXPECT_EQ(error_of([&] { build_leaderboard(nullptr, options); }),
            "the baseline 'z' has no battles (models: x, y)");
  options.baseline.reset();
  options.rating.anchor = "w";
  EXPECT_EQ(error_of([&] { build_leaderboard(nullptr, options); }),
            "the anchor 'w' has no battles (models: x, y)");
  options.battle_files = {dir.write("empty.jsonl", "")};
  EXPECT_EQ(error_of([&] { build_leaderboard(nullptr, options); }),
            "no battles in " + options.battle_files[0].string() +
                " (battles come from pairwise_judge evaluators, votes in evp ui, or --battles "
                "FILE.jsonl)");
}

}  // namespace
}  // namespace evp::runner
