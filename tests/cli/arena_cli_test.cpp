// `evp compare` and `evp leaderboard` end to end: the comparison's JSON checked against the
// canned answers graded here and an exact binomial computed here, Holm over every pair, `evp
// run --baseline` giving the same comparisons, and the leaderboard from a FastChat battle file
// (JSON shape, closed-form ratings, bad lines).
#include <cmath>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "cli_fixture.h"

namespace evp::test {
namespace {

// Per row: the mean over runs of the canned model's graded answers.
std::map<std::string, double> row_means(const std::string& canned, const std::string& questions) {
  std::map<std::string, double> out;
  for (const auto& [row, scores] : expected_scores(canned, questions)) {
    double sum = 0;
    for (double x : scores) sum += x;
    out[row] = sum / static_cast<double>(scores.size());
  }
  return out;
}

// Two-sided exact binomial test at 1/2, summed directly.
double two_sided_binomial(int k, int n) {
  const int low = std::min(k, n - k);
  long double tail = 0;
  for (int i = 0; i <= low; ++i) {
    tail += std::exp(std::lgamma(n + 1.0L) - std::lgamma(i + 1.0L) - std::lgamma(n - i + 1.0L) -
                     n * std::log(2.0L));
  }
  return static_cast<double>(std::min(1.0L, 2 * tail));
}

class ArenaCliTest : public CliTest {
 protected:
  std::string run_quickstart() {
    const ProcessResult r = evp({"run", quickstart("suite.yaml"), "--no-progress"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(evp({"experiments", "--json"}).out)[0]["id"];
  }
};

TEST_F(ArenaCliTest, CompareTwoModelsMatchesAnIndependentComputation) {
  const std::string exp = run_quickstart();
  const ProcessResult r =
      evp({"compare", exp, "--models", "canned-weak", "canned-strong", "--json", "cmp.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json c = Json::parse(dir.read("cmp.json"));
  const auto weak =
      row_means(quickstart("canned/canned-weak.jsonl"), quickstart("data/questions.jsonl"));
  const auto strong =
      row_means(quickstart("canned/canned-strong.jsonl"), quickstart("data/questions.jsonl"));
  double sum_a = 0, sum_b = 0;
  int b_better = 0, a_better = 0;
  for (const auto& [row, a] : weak) {
    const double b = strong.at(row);
    sum_a += a;
    sum_b += b;
    b_better += b > a;
    a_better += a > b;
  }
  const double n = static_cast<double>(weak.size());
  EXPECT_EQ(c["a"], "canned-weak");
  EXPECT_EQ(c["b"], "canned-strong");
  EXPECT_EQ(c["n"], weak.size());
  EXPECT_NEAR(c["mean_a"].get<double>(), sum_a / n, 1e-12);
  EXPECT_NEAR(c["mean_b"].get<double>(), sum_b / n, 1e-12);
  EXPECT_NEAR(c["mean_diff"].get<double>(), (sum_b - sum_a) / n, 1e-12);
  EXPECT_EQ(c["b_better_rows"], b_better);
  EXPECT_EQ(c["a_better_rows"], a_better);
  EXPECT_EQ(c["test"], "sign_test");  // run means of three runs are not pass/fail
  EXPECT_NEAR(c["p_value"].get<double>(), two_sided_binomial(b_better, b_better + a_better), 1e-12);
  EXPECT_LE(c["ci_low"].get<double>(), c["mean_diff"].get<double>());
  EXPECT_GE(c["ci_high"].get<double>(), c["mean_diff"].get<double>());
  const bool significant = c["p_value"].get<double>() < 0.05 && c["ci_low"].get<double>() > 0;
  EXPECT_EQ(c["verdict"], significant ? "b_better" : "no_difference");
  // The printed report says the same in words.
  EXPECT_NE(r.out.find("B - A = "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(significant ? "Verdict: B (canned-strong) is better than A (canned-weak)."
                                   : "Verdict: no difference"),
            std::string::npos)
      << r.out;
}

TEST_F(ArenaCliTest, CompareEveryPairIsHolmAdjustedAndBadInputIsExitTwo) {
  const std::string exp = run_quickstart();
  const ProcessResult r = evp({"compare", exp, "--json", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json all = Json::parse(r.out);
  ASSERT_EQ(all["comparisons"].size(), 3u);
  std::vector<double> p;
  for (const auto& c : all["comparisons"]) p.push_back(c["p_value"]);
  // Holm, computed here: sort, multiply by 3, 2, 1, running maximum, cap at 1.
  std::vector<size_t> order = {0, 1, 2};
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return p[x] < p[y]; });
  double running = 0;
  for (size_t rank = 0; rank < 3; ++rank) {
    running = std::max(running, std::min(1.0, p[order[rank]] * static_cast<double>(3 - rank)));
    EXPECT_DOUBLE_EQ(all["comparisons"][order[rank]]["p_value_holm"].get<double>(), running);
  }

  const ProcessResult unknown = evp({"compare", exp, "--models", "canned-weak", "gpt-9"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("has no model 'gpt-9' (have: canned-medium, canned-strong, "
                             "canned-weak)"),
            std::string::npos)
      << unknown.err;
  const ProcessResult mixed =
      evp({"compare", exp, exp, "--models", "canned-weak", "canned-strong"});
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_NE(mixed.err.find("--models and --baseline choose models of one experiment; with two "
                           "experiments use --model-a and --model-b"),
            std::string::npos)
      << mixed.err;
  const ProcessResult ambiguous = evp({"compare", exp, exp});
  EXPECT_EQ(ambiguous.exit_code, 2);
  EXPECT_NE(ambiguous.err.find("has models canned-medium, canned-strong, canned-weak: name one"),
            std::string::npos);
}

// `evp run --baseline`: one command rolls out and answers "better than what we use?". The
// table and the report's "comparisons" equal `evp compare EXP --baseline` on the same store.
TEST_F(ArenaCliTest, RunWithABaselinePrintsAndWritesThePairedComparisons) {
  const ProcessResult r = evp({"run", quickstart("suite.yaml"), "--no-progress", "--baseline",
                               "canned-medium", "--json", "report.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string exp = Json::parse(evp({"experiments", "--json"}).out)[0]["id"];
  const ProcessResult compare = evp({"compare", exp, "--baseline", "canned-medium", "--json", "-"});
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  const Json expected = Json::parse(compare.out)["comparisons"];
  const Json report = Json::parse(dir.read("report.json"));
  EXPECT_EQ(report["comparisons"], expected);
  ASSERT_EQ(expected.size(), 2u);  // strong and weak against medium

  const size_t table = r.out.find(
      "Against the baseline canned-medium: paired on the rows both "
      "have, 95% intervals of B - A, Holm-adjusted p-values\n");
  ASSERT_NE(table, std::string::npos) << r.out;
  for (const Json& c : expected) {
    const std::string verdict = c["verdict"] == "b_better"   ? "better than canned-medium"
                                : c["verdict"] == "a_better" ? "worse than canned-medium"
                                                             : "no difference shown";
    const std::regex row(" " + c["b"].get<std::string>() + " +40 +" +
                         std::regex_replace(fmt::format("{:+.4f}", c["mean_diff"].get<double>()),
                                            std::regex(R"([+.])"), R"(\$&)") +
                         " .* " + verdict + "\n");
    EXPECT_TRUE(std::regex_search(r.out.substr(table), row)) << c.dump() << "\n" << r.out;
  }
  // The weak model loses clearly: the verdict the table shows, from the adjusted p-value.
  EXPECT_EQ(expected[1]["b"], "canned-weak");
  EXPECT_EQ(expected[1]["verdict"], "a_better");

  // evp show repeats the suite's baseline comparisons, or against another model.
  EXPECT_EQ(Json::parse(evp({"show", exp, "--json"}).out)["comparisons"], expected);
  const Json other = Json::parse(evp({"show", exp, "--json", "--baseline", "canned-weak"}).out);
  ASSERT_EQ(other["comparisons"].size(), 2u);
  for (const Json& c : other["comparisons"]) EXPECT_EQ(c["a"], "canned-weak");
  const ProcessResult unknown = evp({"show", exp, "--baseline", "gpt-9"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--baseline: experiment " + exp +
                             " has no model 'gpt-9' (have: canned-medium, canned-strong, "
                             "canned-weak)"),
            std::string::npos)
      << unknown.err;

  const ProcessResult bad =
      evp({"run", quickstart("suite.yaml"), "--no-progress", "--baseline", "gpt-9"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--baseline: expected the key of a model the suite rolls out "
                         "(canned-strong, canned-medium, canned-weak, fireworks-llama-8b, "
                         "openai-gpt-4o-mini), got 'gpt-9'"),
            std::string::npos)
      << bad.err;
}

TEST_F(ArenaCliTest, LeaderboardFromAFastChatBattleFile) {
  std::string lines;
  for (int i = 0; i < 9; ++i)
    lines += R"({"model_a":"x","model_b":"y","winner":"model_a"})"
             "\n";
  for (int i = 0; i < 3; ++i)
    lines += R"({"model_a":"y","model_b":"x","winner":"model_a"})"
             "\n";
  dir.write("battles.jsonl", lines);
  const ProcessResult r = evp({"leaderboard", "--battles", "battles.jsonl", "--anchor", "y",
                               "--rounds", "100", "--json", "board.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(store())) << "a battle file alone creates no store";
  const Json board = Json::parse(dir.read("board.json"));
  EXPECT_EQ(board["anchor"], "y");
  EXPECT_EQ(board["bootstrap_rounds"], 100);
  ASSERT_EQ(board["models"].size(), 2u);
  const Json& x = board["models"][0];
  EXPECT_EQ(x["model"], "x");
  EXPECT_NEAR(x["rating"].get<double>(), 1000 + 400 * std::log10(3.0), 1e-6);  // 9 wins to 3
  EXPECT_EQ(board["models"][1]["rating"], 1000);
  EXPECT_EQ(x["battles"], 12);
  EXPECT_EQ(x["wins"], 9);
  EXPECT_EQ(x["losses"], 3);
  EXPECT_EQ(x["ties"], 0);
  EXPECT_NE(r.out.find("rank"), std::string::npos);

  dir.write("bad.jsonl", R"({"model_a":"x","model_b":"y","winner":"model_a"})"
                         "\n"
                         R"({"model_a":"x","model_b":"y","winner":"draw"})"
                         "\n");
  const ProcessResult bad = evp({"leaderboard", "--battles", "bad.jsonl"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.jsonl:2: winner: expected model_a, model_b, tie or tie (bothbad), "
                         "got 'draw'"),
            std::string::npos)
      << bad.err;
}

TEST_F(ArenaCliTest, LeaderboardWithoutBattlesSaysSo) {
  run_quickstart();
  const ProcessResult r = evp({"leaderboard", "--suite", "quickstart-arithmetic"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no battles for suite 'quickstart-arithmetic'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace evp::test
