// evp compare's library: paired scores read from the store (runs averaged, failures counted
// 0, unpaired rows left out), the statistics against hand computations, verdicts, Holm across
// many pairs, the JSON keys, the printed text, and the errors for bad sides.
#include "runner/comparison.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <sstream>

#include "base/errors.h"
#include "store/store.h"
#include "store/store_writer.h"
#include "support/temp_dir.h"

namespace evp::runner {
namespace {

class ComparisonTest : public ::testing::Test {
 protected:
  void SetUp() override { store = store::Store::open(db()); }
  std::filesystem::path db() const { return dir.path() / "evp.db"; }

  void experiment(const std::string& id) {
    store::ExperimentRecord e;
    e.id = id;
    e.suite_name = "s";
    e.suite_hash = "h";
    e.config = Json::object();
    e.evp_version = "0.1.0";
    e.total = 0;
    store->create_experiment(e);
  }

  // One rollout: status 100 with `score` (valid when >= 0), or a failure when status != 100.
  void rollout(const std::string& exp, const std::string& model, int row, int run, double score,
               int status = 100) {
    store::RolloutRecord r;
    r.experiment_id = exp;
    r.key = {model, fmt::format("row-{:03}", row), run};
    r.row_index = row;
    r.status_code = status;
    r.score_valid = status == 100 && score >= 0;
    r.score = score >= 0 ? score : 0;
    r.row_json = "{}";
    pending.push_back(r);
  }
  void flush() {
    store::StoreWriter writer(db());
    for (auto& r : pending) writer.add(std::move(r));
    writer.flush();
    pending.clear();
  }

  evp::test::TempDir dir;
  std::unique_ptr<store::Store> store;
  std::vector<store::RolloutRecord> pending;
};

TEST_F(ComparisonTest, PassFailScoresUseExactMcNemarAndSayWhichIsBetter) {
  // 40 rows: both right on 10, both wrong on 10, only B right on 18, only A right on 2.
  experiment("exp-a");
  experiment("exp-b");
  for (int row = 0; row < 40; ++row) {
    const bool both = row < 10, neither = row >= 10 && row < 20, only_b = row >= 20 && row < 38;
    rollout("exp-a", "old", row, 0, both || (!neither && !only_b) ? 1.0 : 0.0);
    rollout("exp-b", "new", row, 0, both || only_b ? 1.0 : 0.0);
  }
  flush();
  const Comparison c = compare_sides(*store, {"exp-a", ""}, {"exp-b", ""});
  EXPECT_EQ(c.a.model, "old");
  EXPECT_EQ(c.b.model, "new");
  EXPECT_EQ(c.stats.n, 40u);
  EXPECT_DOUBLE_EQ(c.stats.mean_a, 12.0 / 40);
  EXPECT_DOUBLE_EQ(c.stats.mean_b, 28.0 / 40);
  EXPECT_NEAR(c.stats.mean_diff, 16.0 / 40, 1e-12);
  EXPECT_EQ(c.stats.test, "mcnemar_exact");
  EXPECT_EQ(c.stats.b_better, 18u);
  EXPECT_EQ(c.stats.a_better, 2u);
  EXPECT_EQ(c.stats.ties, 20u);
  // Two-sided exact binomial: 2 * P[X <= 2], X ~ Bin(20, 1/2) = 2 * (1 + 20 + 190) / 2^20.
  EXPECT_NEAR(c.stats.p_value, 2.0 * 211.0 / 1048576.0, 1e-15);
  EXPECT_GT(c.stats.ci_low, 0);
  EXPECT_EQ(c.verdict, "b_better");
  EXPECT_EQ(c.label_a(), "exp-a:old");
  const Json j = comparison_json(c);
  for (const char* key : {"a", "b", "n", "mean_a", "mean_b", "mean_diff", "ci_low", "ci_high",
                          "p_value", "test", "verdict"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["verdict"], "b_better");
  EXPECT_EQ(j["a"], "exp-a:old");
  EXPECT_EQ(j["n"], 40);

  // Swapped, the verdict follows the sides.
  EXPECT_EQ(compare_sides(*store, {"exp-b", ""}, {"exp-a", ""}).verdict, "a_better");
}

TEST_F(ComparisonTest, RunsAreAveragedFailuresCountZeroAndUnpairedRowsAreLeftOut) {
  experiment("exp");
  // Row 0: a = mean(1, 0.5) = 0.75; b = mean(1, failed) = 0.5. Row 1: a 0 (no valid score), b 1.
  rollout("exp", "a", 0, 0, 1.0);
  rollout("exp", "a", 0, 1, 0.5);
  rollout("exp", "b", 0, 0, 1.0);
  rollout("exp", "b", 0, 1, 0.0, 13);
  rollout("exp", "a", 1, 0, -1);
  rollout("exp", "b", 1, 0, 1.0);
  rollout("exp", "a", 2, 0, 1.0);  // only a has row 2
  flush();
  const Comparison c = compare_sides(*store, {"exp", "a"}, {"exp", "b"});
  EXPECT_EQ(c.stats.n, 2u);
  EXPECT_DOUBLE_EQ(c.stats.mean_a, (0.75 + 0.0) / 2);
  EXPECT_DOUBLE_EQ(c.stats.mean_b, (0.5 + 1.0) / 2);
  EXPECT_EQ(c.stats.test, "sign_test");  // 0.75 is not pass/fail
  EXPECT_EQ(c.only_a, 1u);
  EXPECT_EQ(c.only_b, 0u);
  EXPECT_EQ(c.zero_a, 1);
  EXPECT_EQ(c.zero_b, 1);
  EXPECT_EQ(c.label_a(), "a");             // same experiment: model keys alone
  EXPECT_EQ(c.verdict, "no_difference");   // two rows cannot tell
  EXPECT_DOUBLE_EQ(c.stats.p_value, 1.0);  // one row each way
}

TEST_F(ComparisonTest, ManyPairsAreHolmAdjusted) {
  experiment("exp");
  for (int row = 0; row < 30; ++row) {
    rollout("exp", "base", row, 0, row < 10 ? 1.0 : 0.0);
    rollout("exp", "good", row, 0, row < 25 ? 1.0 : 0.0);  // 15 rows better than base
    rollout("exp", "same", row, 0, row < 10 || row == 29 ? 1.0 : 0.0);
  }
  flush();
  const auto all = compare_all(*store, "exp", std::string("base"));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].b.model, "good");
  EXPECT_EQ(all[1].b.model, "same");
  // Holm with two p-values: the smaller times 2, the larger times 1 (kept monotone).
  const double p_good = all[0].stats.p_value, p_same = all[1].stats.p_value;
  EXPECT_NEAR(p_good, 2.0 / 32768.0, 1e-15);  // 15 discordant, all one way: 2 / 2^15
  EXPECT_DOUBLE_EQ(p_same, 1.0);
  EXPECT_DOUBLE_EQ(*all[0].p_value_holm, 2 * p_good);
  EXPECT_DOUBLE_EQ(*all[1].p_value_holm, 1.0);
  EXPECT_EQ(all[0].verdict, "b_better");
  EXPECT_EQ(all[1].verdict, "no_difference");
  // Without a baseline: every pair, three.
  EXPECT_EQ(compare_all(*store, "exp", std::nullopt).size(), 3u);
}

TEST_F(ComparisonTest, BadSidesAreClearErrors) {
  experiment("exp");
  experiment("empty");
  rollout("exp", "a", 0, 0, 1.0);
  rollout("exp", "b", 0, 0, 1.0);
  flush();
  auto error = [&](const ComparedSide& a, const ComparedSide& b) {
    try {
      compare_sides(*store, a, b);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(error({"exp", ""}, {"exp", "b"}), "experiment exp has models a, b: name one");
  EXPECT_EQ(error({"exp", "x"}, {"exp", "b"}), "experiment exp has no model 'x' (have: a, b)");
  EXPECT_EQ(error({"nope", "a"}, {"exp", "b"}), "no experiment nope in store " + db().string());
  EXPECT_EQ(error({"exp", "a"}, {"exp", "a"}), "both sides are model a of experiment exp");
  EXPECT_EQ(error({"empty", ""}, {"exp", "a"}), "experiment empty has no rollouts");
  EXPECT_THROW(compare_all(*store, "empty", std::nullopt), InputError);
}

// The printed comparison, whole: counts agree in number ("1 row"), the interval is the
// (1 - alpha) one, Holm's value follows the p-value, and labels carry the experiment when the
// sides come from two.
TEST(PrintComparison, SaysTheNumbersAndTheVerdictInWords) {
  Comparison c;
  c.a = {"exp-1", "small"};
  c.b = {"exp-2", "large"};
  c.alpha = 0.1;
  c.stats.n = 12;
  c.stats.mean_a = 0.5;
  c.stats.mean_b = 0.75;
  c.stats.mean_diff = 0.25;
  c.stats.ci_low = 0.0625;
  c.stats.ci_high = 0.4375;
  c.stats.p_value = 0.0123;
  c.stats.test = "mcnemar_exact";
  c.stats.b_better = 4;
  c.stats.a_better = 1;
  c.stats.ties = 7;
  c.p_value_holm = 0.0246;
  c.verdict = "b_better";
  c.only_a = 1;
  c.only_b = 2;
  c.zero_b = 3;
  std::ostringstream out;
  print_comparison(out, c);
  EXPECT_EQ(
      out.str(),
      "A  exp-1:small  mean 0.5000\n"
      "B  exp-2:large  mean 0.7500\n"
      "12 paired rows (1 row only in A, 2 only in B, left out); rollouts failed or "
      "unscored, counted 0: A 0, B 3\n"
      "B - A = +0.2500, 90% CI [+0.0625, +0.4375] (paired bootstrap)\n"
      "exact McNemar test: p = 0.0123 (Holm-adjusted p = 0.0246); B better on 4 rows, A on 1, "
      "equal on 7\n"
      "Verdict: B (exp-2:large) is better than A (exp-1:small).\n");

  c.b = {"exp-1", "large"};
  c.stats.b_better = 1;
  c.stats.a_better = 3;
  c.only_a = c.only_b = 0;
  c.zero_b = 0;
  c.p_value_holm.reset();
  c.stats.test = "sign_test";
  c.verdict = "no_difference";
  out.str("");
  print_comparison(out, c);
  EXPECT_EQ(out.str(),
            "A  small  mean 0.5000\n"
            "B  large  mean 0.7500\n"
            "12 paired rows\n"
            "B - A = +0.2500, 90% CI [+0.0625, +0.4375] (paired bootstrap)\n"
            "sign test: p = 0.0123; B better on 1 row, A on 3, equal on 7\n"
            "Verdict: no difference the data can show at alpha 0.1 (a larger suite or more runs "
            "may tell).\n");

  // A p-value below the smallest double underflows to 0: printed as that bound.
  c.stats.p_value = 0;
  c.p_value_holm = 0;
  out.str("");
  print_comparison(out, c);
  EXPECT_NE(out.str().find("sign test: p < 2.2e-308 (Holm-adjusted p < 2.2e-308); "),
            std::string::npos)
      << out.str();
}

// The table `evp run --baseline` prints: one row per model against the baseline, the adjusted
// p-value when there are several, verdicts in words, underflowed p-values as their bound.
TEST(PrintBaselineTable, OneRowPerModelWithTheVerdictInWords) {
  auto against = [](const std::string& model, double diff, double low, double high, double p,
                    std::optional<double> holm, const std::string& verdict) {
    Comparison c;
    c.a = {"exp", "current"};
    c.b = {"exp", model};
    c.stats.n = 40;
    c.stats.mean_diff = diff;
    c.stats.ci_low = low;
    c.stats.ci_high = high;
    c.stats.p_value = p;
    c.p_value_holm = holm;
    c.verdict = verdict;
    return c;
  };
  std::ostringstream out;
  print_baseline_table(out, {against("candidate", 0.125, 0.05, 0.2, 0.001, 0.002, "b_better"),
                             against("small", -0.3, -0.4, -0.2, 0.0, 0.0, "a_better"),
                             against("same", 0.0, -0.05, 0.05, 1.0, 1.0, "no_difference")});
  EXPECT_EQ(out.str(),
            "Against the baseline current: paired on the rows both have, 95% intervals of B - "
            "A, Holm-adjusted p-values\n"
            " model                      rows    B - A  CI                            p  verdict\n"
            " candidate                    40  +0.1250  [+0.0500, +0.2000]        0.002  better "
            "than current\n"
            " small                        40  -0.3000  [-0.4000, -0.2000]   < 2.2e-308  worse "
            "than current\n"
            " same                         40  +0.0000  [-0.0500, +0.0500]            1  no "
            "difference shown\n");

  out.str("");
  print_baseline_table(out,
                       {against("candidate", 0.125, 0.05, 0.2, 0.001, std::nullopt, "b_better")});
  EXPECT_NE(out.str().find("95% intervals of B - A, p-value\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("       0.001  better than current\n"), std::string::npos) << out.str();
  out.str("");
  print_baseline_table(out, {});
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace evp::runner
