// Bradley-Terry ratings: closed forms (two models, an exact three-model solution), the
// scipy L-BFGS reference of FastChat's compute_mle_elo (bench/bradley_terry_reference.py) on
// random battles with ties and weights, length control against the same reference with the
// covariate, the bootstrap (reproducible, thread-count independent, widths against a numpy
// bootstrap), degenerate data, the multinomial resampler, and the battle table.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "python_reference.h"
#include "stats/bradley_terry.h"
#include "stats/multinomial_sampler.h"

namespace evp::stats {
namespace {

using test::py_import_bench;
using test::py_list;
using test::python_numbers;

// Models "m0".."m{count-1}" in index order.
BattleTable table_of(int count) {
  BattleTable table;
  for (int m = 0; m < count; ++m) table.index_of("m" + std::to_string(m));
  return table;
}

void add_times(BattleTable& table, int a, int b, BattleOutcome outcome, int times) {
  for (int i = 0; i < times; ++i) table.add(Battle{a, b, outcome});
}

const ModelRating& rating_of(const Ratings& ratings, const std::string& model) {
  for (const auto& m : ratings.models) {
    if (m.model == model) return m;
  }
  throw std::runtime_error("no rating for " + model);
}

RatingOptions no_bootstrap() {
  RatingOptions options;
  options.bootstrap_rounds = 0;
  return options;
}

// Random battles under a Bradley-Terry model: ties (both kinds) 20% of the time, a tenth
// weighted 3; with lengths whose difference shifts the odds by `length_effect` per unit of
// the normalized length difference.
BattleTable random_battles(int models, int battles, uint64_t seed, double length_effect = 0.0) {
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> strength(static_cast<size_t>(models));
  for (double& s : strength) s = normal(generator);
  BattleTable table = table_of(models);
  for (int i = 0; i < battles; ++i) {
    const int a = static_cast<int>(unit(generator) * models);
    const int b = (a + 1 + static_cast<int>(unit(generator) * (models - 1))) % models;
    const double length_a = 50 + 950 * unit(generator);
    const double length_b = 50 + 950 * unit(generator);
    const double x = (length_a - length_b) / (length_a + length_b);
    const double p = 1.0 / (1.0 + std::exp(-(strength[a] - strength[b] + length_effect * x)));
    BattleOutcome outcome = unit(generator) < p ? BattleOutcome::kAWins : BattleOutcome::kBWins;
    const double tie = unit(generator);
    if (tie < 0.15) outcome = BattleOutcome::kTie;
    if (tie >= 0.15 && tie < 0.2) outcome = BattleOutcome::kTieBothBad;
    const double weight = unit(generator) < 0.1 ? 3.0 : 1.0;
    table.add(Battle{a, b, outcome, weight, length_a, length_b});
  }
  return table;
}

// The battles as Python arrays a, b, winner, weight, length_a, length_b.
std::string py_battles(const BattleTable& table) {
  std::vector<double> a, b, winner, weight, length_a, length_b;
  for (const Battle& battle : table.battles()) {
    a.push_back(battle.a);
    b.push_back(battle.b);
    winner.push_back(static_cast<double>(static_cast<int>(battle.outcome)));
    weight.push_back(battle.weight);
    length_a.push_back(battle.length_a);
    length_b.push_back(battle.length_b);
  }
  return "a = np.array(" + py_list(a) + ", dtype=int)\nb = np.array(" + py_list(b) +
         ", dtype=int)\nwinner = np.array(" + py_list(winner) + ", dtype=int)\nweight = np.array(" +
         py_list(weight) + ")\nlength_a = np.array(" + py_list(length_a) +
         ")\nlength_b = np.array(" + py_list(length_b) + ")\n";
}

const std::string kPrintAll = "for v in values:\n    print(repr(float(v)))\n";

// ---------------------------------------------------------------------------------------
// Closed forms.

TEST(BradleyTerry, TwoModelsClosedFormWithTiesAsHalves) {
  BattleTable table = table_of(2);
  add_times(table, 0, 1, BattleOutcome::kAWins, 30);
  add_times(table, 1, 0, BattleOutcome::kAWins, 10);
  add_times(table, 0, 1, BattleOutcome::kTie, 4);
  add_times(table, 1, 0, BattleOutcome::kTieBothBad, 2);
  const auto ratings = bradley_terry_mle(table);
  // m0 won 30 + 6/2, m1 won 10 + 6/2.
  const double gap = 400.0 * std::log10(33.0 / 13.0);
  EXPECT_NEAR(ratings[0] - ratings[1], gap, 1e-9);
  EXPECT_NEAR(ratings[0] + ratings[1], 2000.0, 1e-9);  // mean 1000 without an anchor
}

TEST(BradleyTerry, WeightCountsABattleThatManyTimes) {
  BattleTable weighted = table_of(2);
  weighted.add(Battle{0, 1, BattleOutcome::kAWins, 3.0});
  weighted.add(Battle{0, 1, BattleOutcome::kBWins, 1.0});
  weighted.add(Battle{0, 1, BattleOutcome::kTie, 0.0});  // weight 0: left out
  BattleTable repeated = table_of(2);
  add_times(repeated, 0, 1, BattleOutcome::kAWins, 3);
  add_times(repeated, 0, 1, BattleOutcome::kBWins, 1);
  const auto w = bradley_terry_mle(weighted);
  const auto r = bradley_terry_mle(repeated);
  EXPECT_NEAR(w[0], r[0], 1e-9);
  EXPECT_NEAR(w[0] - w[1], 400.0 * std::log10(3.0), 1e-9);
}

TEST(BradleyTerry, ThreeModelsExactSolution) {
  // Strengths 1, 2, 4 and wins exactly as expected: the likelihood equations hold at
  // theta = log(strength), so ratings are 400 log10(strength) + constant.
  BattleTable table = table_of(3);
  const auto pair = [&](int i, int j, int wins_i, int wins_j) {
    add_times(table, i, j, BattleOutcome::kAWins, wins_i);
    add_times(table, j, i, BattleOutcome::kAWins, wins_j);
  };
  pair(0, 1, 1, 2);  // 1 : 2
  pair(0, 2, 1, 4);  // 1 : 4
  pair(1, 2, 2, 4);  // 2 : 4
  RatingOptions options = no_bootstrap();
  options.anchor = "m0";
  options.anchor_rating = 800;
  const auto ratings = bradley_terry_mle(table, options);
  EXPECT_NEAR(ratings[0], 800.0, 1e-9);
  EXPECT_NEAR(ratings[1], 800.0 + 400.0 * std::log10(2.0), 1e-9);
  EXPECT_NEAR(ratings[2], 800.0 + 400.0 * std::log10(4.0), 1e-9);
}

TEST(BradleyTerry, FarApartModelsOnAChain) {
  // Comparisons form a tree (a chain), so each link's gap is its own log odds: 1000 : 1 is
  // 1200 points, four links span 4800 from a start at 0 (Newton needs its line search).
  BattleTable table = table_of(5);
  for (int m = 0; m + 1 < 5; ++m) {
    table.add(Battle{m + 1, m, BattleOutcome::kAWins, 1000.0});
    table.add(Battle{m, m + 1, BattleOutcome::kAWins, 1.0});
  }
  const auto ratings = bradley_terry_mle(table);
  for (int m = 0; m + 1 < 5; ++m) EXPECT_NEAR(ratings[m + 1] - ratings[m], 1200.0, 1e-8);
  EXPECT_NEAR(ratings[2], 1000.0, 1e-8);
}

TEST(BradleyTerry, ScaleAndBaseChangeUnitsOnly) {
  const BattleTable table = random_battles(5, 400, 3);
  RatingOptions natural = no_bootstrap();
  natural.scale = 1.0;
  natural.base = std::exp(1.0);
  natural.anchor_rating = 0.0;
  const auto elo = bradley_terry_mle(table);
  const auto theta = bradley_terry_mle(table, natural);
  for (size_t m = 0; m < elo.size(); ++m) {
    EXPECT_NEAR(elo[m] - 1000.0, theta[m] * 400.0 / std::log(10.0), 1e-7);
  }
}

// ---------------------------------------------------------------------------------------
// Against the scipy reference of FastChat's compute_mle_elo.

TEST(BradleyTerry, MatchesScipyReferenceOnRandomBattles) {
  const BattleTable table = random_battles(8, 5000, 11);
  const std::string code = py_import_bench("bradley_terry_reference") + py_battles(table) +
                           "ref = bradley_terry_reference\n"
                           "rows = ref.fastchat_rows(a, b, winner, weight)\n"
                           "values = list(ref.fit(*rows, 8)[0])\n"
                           "values += list(ref.fit(*rows, 8, anchor=3, anchor_rating=1200)[0])\n" +
                           kPrintAll;
  const auto expected = python_numbers(code);
  ASSERT_EQ(expected.size(), 16u);
  const auto mean_anchored = bradley_terry_mle(table);
  RatingOptions options = no_bootstrap();
  options.anchor = "m3";
  options.anchor_rating = 1200;
  const auto anchored = bradley_terry_mle(table, options);
  for (size_t m = 0; m < 8; ++m) {
    EXPECT_NEAR(mean_anchored[m], expected[m], 1e-6) << "model " << m;
    EXPECT_NEAR(anchored[m], expected[8 + m], 1e-6) << "model " << m;
  }
  EXPECT_DOUBLE_EQ(anchored[3], 1200.0);
}

TEST(BradleyTerry, RatingsAreSortedWithTallies) {
  BattleTable table = table_of(3);
  add_times(table, 0, 1, BattleOutcome::kAWins, 5);
  add_times(table, 1, 0, BattleOutcome::kAWins, 2);
  add_times(table, 2, 0, BattleOutcome::kAWins, 4);
  add_times(table, 0, 2, BattleOutcome::kAWins, 1);
  add_times(table, 1, 2, BattleOutcome::kTie, 3);
  table.add(Battle{1, 2, BattleOutcome::kBWins, 2.0});
  const Ratings ratings = bradley_terry_ratings(table, no_bootstrap());
  ASSERT_EQ(ratings.models.size(), 3u);
  EXPECT_TRUE(ratings.identified);
  EXPECT_TRUE(ratings.notes.empty());
  for (size_t i = 1; i < ratings.models.size(); ++i) {
    EXPECT_GE(ratings.models[i - 1].rating, ratings.models[i].rating);
  }
  const ModelRating& m1 = rating_of(ratings, "m1");
  EXPECT_DOUBLE_EQ(m1.battles, 12.0);
  EXPECT_DOUBLE_EQ(m1.wins, 2.0);
  EXPECT_DOUBLE_EQ(m1.losses, 7.0);
  EXPECT_DOUBLE_EQ(m1.ties, 3.0);
  EXPECT_EQ(m1.ci_low, m1.rating);  // no bootstrap: the interval is the point
  EXPECT_EQ(m1.ci_high, m1.rating);
}

// ---------------------------------------------------------------------------------------
// Length control.

TEST(BradleyTerry, LengthControlRecoversTheEffectAndMatchesScipy) {
  const BattleTable table = random_battles(6, 6000, 21, /*length_effect=*/3.0);
  RatingOptions options = no_bootstrap();
  options.length_control = true;
  const BradleyTerryFit fit = bradley_terry_fit(table, options);
  ASSERT_TRUE(fit.length.has_value());
  EXPECT_GT(fit.length->coefficient, 0.2);  // longer answers win
  EXPECT_GT(fit.length->covariate_stddev, 0.0);

  const std::string code =
      py_import_bench("bradley_terry_reference") + py_battles(table) +
      "ref = bradley_terry_reference\n"
      "z = ref.length_covariate(length_a, length_b, weight)\n"
      "ratings, beta, _ = ref.fit(*ref.fastchat_rows(a, b, winner, weight, z), 6, "
      "covariate=True)\n"
      "values = list(ratings) + [beta]\n" +
      kPrintAll;
  const auto expected = python_numbers(code);
  ASSERT_EQ(expected.size(), 7u);
  for (size_t m = 0; m < 6; ++m) EXPECT_NEAR(fit.ratings[m], expected[m], 1e-6) << m;
  EXPECT_NEAR(fit.length->coefficient, expected[6], 1e-8);

  // Without the covariate the ratings differ (the effect is absorbed elsewhere) and no
  // coefficient is reported.
  const BradleyTerryFit plain = bradley_terry_fit(table, no_bootstrap());
  EXPECT_FALSE(plain.length.has_value());
}

TEST(BradleyTerry, LengthControlWithoutVariationSaysSo) {
  BattleTable table = table_of(2);
  add_times(table, 0, 1, BattleOutcome::kAWins, 3);
  add_times(table, 0, 1, BattleOutcome::kBWins, 2);  // lengths all 0
  RatingOptions options = no_bootstrap();
  options.length_control = true;
  const BradleyTerryFit fit = bradley_terry_fit(table, options);
  EXPECT_FALSE(fit.length.has_value());
  ASSERT_EQ(fit.notes.size(), 1u);
  EXPECT_NE(fit.notes[0].find("length control"), std::string::npos);
  EXPECT_NEAR(fit.ratings[0] - fit.ratings[1], 400.0 * std::log10(1.5), 1e-9);
}

TEST(BradleyTerry, LengthControlBootstrapGivesAnIntervalForTheCoefficient) {
  const BattleTable table = random_battles(5, 2000, 5, 3.0);
  RatingOptions options;
  options.length_control = true;
  options.bootstrap_rounds = 200;
  const Ratings ratings = bradley_terry_ratings(table, options);
  ASSERT_TRUE(ratings.length.has_value());
  EXPECT_LT(ratings.length->ci_low, ratings.length->coefficient);
  EXPECT_GT(ratings.length->ci_high, ratings.length->coefficient);
  EXPECT_GT(ratings.length->ci_low, 0.0);
}

// ---------------------------------------------------------------------------------------
// Bootstrap.

TEST(BradleyTerry, BootstrapIsReproducibleAndIndependentOfThreads) {
  const BattleTable table = random_battles(6, 3000, 8);
  RatingOptions options;
  options.bootstrap_rounds = 300;
  options.threads = 1;
  const Ratings one = bradley_terry_ratings(table, options);
  options.threads = 3;
  const Ratings three = bradley_terry_ratings(table, options);
  options.threads = 0;
  const Ratings hardware = bradley_terry_ratings(table, options);
  options.seed = 43;
  const Ratings other_seed = bradley_terry_ratings(table, options);
  ASSERT_EQ(one.models.size(), 6u);
  bool differs = false;
  for (size_t m = 0; m < one.models.size(); ++m) {
    EXPECT_EQ(one.models[m].model, three.models[m].model);
    EXPECT_EQ(one.models[m].ci_low, three.models[m].ci_low);
    EXPECT_EQ(one.models[m].ci_high, three.models[m].ci_high);
    EXPECT_EQ(one.models[m].ci_low, hardware.models[m].ci_low);
    EXPECT_EQ(one.models[m].ci_high, hardware.models[m].ci_high);
    differs = differs || one.models[m].ci_low != other_seed.models[m].ci_low;
  }
  EXPECT_TRUE(differs);
  EXPECT_EQ(one.bootstrap_rounds, 300);
}

TEST(BradleyTerry, BootstrapIntervalsMatchANumpyBootstrap) {
  const BattleTable table = random_battles(8, 5000, 13);
  RatingOptions options;
  options.bootstrap_rounds = 1000;
  const Ratings ours = bradley_terry_ratings(table, options);
  const std::string code = py_import_bench("bradley_terry_reference") + py_battles(table) +
                           "boot = bradley_terry_reference.bootstrap(a, b, winner, weight, 8, "
                           "300, 7, gtol=1e-9)\n"
                           "values = list(np.percentile(boot, 2.5, axis=0)) + "
                           "list(np.percentile(boot, 97.5, axis=0))\n" +
                           kPrintAll;
  const auto expected = python_numbers(code);
  ASSERT_EQ(expected.size(), 16u);
  double ratio_sum = 0.0;
  for (size_t m = 0; m < 8; ++m) {
    const ModelRating& r = rating_of(ours, "m" + std::to_string(m));
    EXPECT_LT(r.ci_low, r.rating);
    EXPECT_GT(r.ci_high, r.rating);
    const double ratio = (r.ci_high - r.ci_low) / (expected[8 + m] - expected[m]);
    EXPECT_NEAR(ratio, 1.0, 0.3) << "model " << m;
    ratio_sum += ratio;
    // The centres agree to a fraction of the width.
    EXPECT_NEAR(r.ci_low + r.ci_high, expected[m] + expected[8 + m],
                0.3 * (expected[8 + m] - expected[m]));
  }
  EXPECT_NEAR(ratio_sum / 8.0, 1.0, 0.12);
}

TEST(BradleyTerry, BootstrapKeepsTheAnchorFixed) {
  const BattleTable table = random_battles(4, 800, 2);
  RatingOptions options;
  options.bootstrap_rounds = 100;
  options.anchor = "m2";
  const Ratings ratings = bradley_terry_ratings(table, options);
  const ModelRating& anchor = rating_of(ratings, "m2");
  EXPECT_EQ(anchor.rating, 1000.0);
  EXPECT_EQ(anchor.ci_low, 1000.0);
  EXPECT_EQ(anchor.ci_high, 1000.0);
  EXPECT_EQ(ratings.anchor, std::optional<std::string>("m2"));
}

TEST(BradleyTerry, BootstrapOnRareComparisonsCountsRidgeRounds) {
  // m2 met the others twice: many resamples drop its win or loss.
  BattleTable table = random_battles(2, 200, 4);
  const int m2 = table.index_of("m2");
  table.add(Battle{m2, 0, BattleOutcome::kAWins});
  table.add(Battle{m2, 1, BattleOutcome::kBWins});
  RatingOptions options;
  options.bootstrap_rounds = 200;
  const Ratings ratings = bradley_terry_ratings(table, options);
  EXPECT_TRUE(ratings.identified);
  ASSERT_EQ(ratings.notes.size(), 1u);
  EXPECT_NE(ratings.notes[0].find("bootstrap resamples could not rank"), std::string::npos);
  for (const auto& m : ratings.models) {
    EXPECT_TRUE(std::isfinite(m.ci_low) && std::isfinite(m.ci_high)) << m.model;
  }
}

// ---------------------------------------------------------------------------------------
// Degenerate data.

TEST(BradleyTerry, AModelWithOnlyWinsIsFlagged) {
  BattleTable table = table_of(3);
  add_times(table, 0, 1, BattleOutcome::kAWins, 5);
  add_times(table, 1, 0, BattleOutcome::kAWins, 4);
  add_times(table, 2, 0, BattleOutcome::kAWins, 3);  // m2 never loses
  add_times(table, 2, 1, BattleOutcome::kAWins, 2);
  const Ratings ratings = bradley_terry_ratings(table, no_bootstrap());
  EXPECT_FALSE(ratings.identified);
  bool named = false;
  for (const auto& note : ratings.notes) named = named || note == "m2 won all its battles";
  EXPECT_TRUE(named);
  EXPECT_FALSE(rating_of(ratings, "m2").identified);
  EXPECT_TRUE(rating_of(ratings, "m0").identified);
  EXPECT_TRUE(rating_of(ratings, "m1").identified);
  EXPECT_EQ(ratings.models[0].model, "m2");  // ranked first, far ahead, finite
  EXPECT_TRUE(std::isfinite(ratings.models[0].rating));
  EXPECT_GT(ratings.models[0].rating - ratings.models[1].rating, 1000.0);
  // m0 and m1 keep their own gap (their internal battles): 5 : 4.
  EXPECT_NEAR(rating_of(ratings, "m0").rating - rating_of(ratings, "m1").rating,
              400.0 * std::log10(5.0 / 4.0), 0.01);
}

TEST(BradleyTerry, DegenerateWithLengthControlStaysFinite) {
  BattleTable table = table_of(3);
  table.add(Battle{0, 1, BattleOutcome::kAWins, 1.0, 300, 100});
  table.add(Battle{1, 0, BattleOutcome::kAWins, 1.0, 200, 250});
  table.add(Battle{2, 0, BattleOutcome::kAWins, 1.0, 120, 400});  // m2 never loses
  table.add(Battle{2, 1, BattleOutcome::kAWins, 1.0, 90, 80});
  table.add(Battle{1, 2, BattleOutcome::kBWins, 1.0, 500, 60});
  RatingOptions options;
  options.length_control = true;
  options.bootstrap_rounds = 50;
  const Ratings ratings = bradley_terry_ratings(table, options);
  EXPECT_FALSE(ratings.identified);
  ASSERT_TRUE(ratings.length.has_value());
  EXPECT_TRUE(std::isfinite(ratings.length->coefficient));
  for (const auto& m : ratings.models) {
    EXPECT_TRUE(std::isfinite(m.rating) && std::isfinite(m.ci_low) && std::isfinite(m.ci_high));
  }
}

TEST(BradleyTerry, SeparateGroupsAreNamed) {
  BattleTable table = table_of(4);
  add_times(table, 0, 1, BattleOutcome::kAWins, 3);
  add_times(table, 1, 0, BattleOutcome::kAWins, 1);
  add_times(table, 2, 3, BattleOutcome::kTie, 2);
  RatingOptions options = no_bootstrap();
  options.anchor = "m3";
  const BradleyTerryFit fit = bradley_terry_fit(table, options);
  EXPECT_FALSE(fit.identified_all);
  EXPECT_EQ(fit.identified, (std::vector<bool>{false, false, true, true}));
  ASSERT_FALSE(fit.notes.empty());
  EXPECT_NE(fit.notes.back().find("2 groups"), std::string::npos) << fit.notes.back();
  EXPECT_NE(fit.notes.back().find("{m0, m1}"), std::string::npos) << fit.notes.back();
  EXPECT_NEAR(fit.ratings[3], 1000.0, 1e-9);
  EXPECT_NEAR(fit.ratings[2], 1000.0, 1e-6);  // tied
  EXPECT_NEAR(fit.ratings[0] - fit.ratings[1], 400.0 * std::log10(3.0), 1e-3);
}

TEST(BradleyTerry, OneBattle) {
  BattleTable table;
  table.add("a", "b", BattleOutcome::kAWins);
  const Ratings ratings = bradley_terry_ratings(table);
  EXPECT_FALSE(ratings.identified);
  ASSERT_EQ(ratings.models.size(), 2u);
  EXPECT_EQ(ratings.models[0].model, "a");
  EXPECT_TRUE(std::isfinite(ratings.models[0].rating));
  EXPECT_NEAR(ratings.models[0].rating + ratings.models[1].rating, 2000.0, 1e-6);
  EXPECT_GE(ratings.notes.size(), 3u);  // a won all, b lost all, the groups
}

TEST(BradleyTerry, EmptyTables) {
  const Ratings none = bradley_terry_ratings(BattleTable{});
  EXPECT_TRUE(none.models.empty());
  EXPECT_FALSE(none.identified);
  ASSERT_EQ(none.notes.size(), 1u);

  BattleTable no_battles = table_of(2);
  no_battles.add(Battle{0, 1, BattleOutcome::kAWins, 0.0});
  const Ratings unrated = bradley_terry_ratings(no_battles);
  ASSERT_EQ(unrated.models.size(), 2u);
  for (const auto& m : unrated.models) {
    EXPECT_EQ(m.rating, 1000.0);
    EXPECT_FALSE(m.identified);
  }
  EXPECT_EQ(unrated.bootstrap_rounds, 0);
}

TEST(BradleyTerry, InvalidOptionsThrow) {
  const BattleTable table = random_battles(3, 50, 1);
  const auto with = [&](auto change) {
    RatingOptions options = no_bootstrap();
    change(options);
    return options;
  };
  EXPECT_THROW(bradley_terry_mle(table, with([](auto& o) { o.anchor = "nobody"; })),
               std::invalid_argument);
  EXPECT_THROW(bradley_terry_mle(table, with([](auto& o) { o.scale = 0; })), std::invalid_argument);
  EXPECT_THROW(bradley_terry_mle(table, with([](auto& o) { o.base = 1; })), std::invalid_argument);
  EXPECT_THROW(bradley_terry_mle(table, with([](auto& o) { o.confidence = 1; })),
               std::invalid_argument);
  EXPECT_THROW(bradley_terry_mle(table, with([](auto& o) { o.bootstrap_rounds = -1; })),
               std::invalid_argument);
}

// ---------------------------------------------------------------------------------------
// The resampler.

// Empirical means and variances of many draws against Multinomial(total, counts / total).
void check_multinomial_moments(const std::vector<uint64_t>& counts, int rounds) {
  const bradley_terry_detail::Multinomial multinomial(counts);
  std::mt19937_64 generator(99);
  const double total = static_cast<double>(multinomial.total());
  std::vector<double> sum(counts.size()), squares(counts.size());
  std::vector<uint64_t> picked;
  for (int r = 0; r < rounds; ++r) {
    multinomial.draw(generator, picked);
    uint64_t drawn = 0;
    for (size_t g = 0; g < counts.size(); ++g) {
      drawn += picked[g];
      sum[g] += static_cast<double>(picked[g]);
      squares[g] += static_cast<double>(picked[g]) * static_cast<double>(picked[g]);
    }
    ASSERT_EQ(drawn, multinomial.total());
  }
  for (size_t g = 0; g < counts.size(); ++g) {
    const double p = static_cast<double>(counts[g]) / total;
    const double variance = total * p * (1 - p);
    const double mean = sum[g] / rounds;
    const double sample_variance = squares[g] / rounds - mean * mean;
    EXPECT_NEAR(mean, total * p, 5.0 * std::sqrt(variance / rounds) + 1e-12) << "group " << g;
    if (variance > 0) {
      EXPECT_NEAR(sample_variance / variance, 1.0, 5.0 * std::sqrt(2.0 / rounds)) << "group " << g;
    }
  }
}

TEST(BradleyTerryResampler, MomentsAreMultinomial) {
  check_multinomial_moments({3, 1, 2}, 20000);                      // tiny total: alias picks only
  check_multinomial_moments({300, 50, 7, 1, 900, 0, 2600}, 20000);  // Poisson path, split parts
}

TEST(BradleyTerryResampler, MarginalMatchesTheBinomialPmf) {
  // A group of 40 among 1000: its count is Binomial(1000, 0.04); chi-square over 0..80.
  const bradley_terry_detail::Multinomial multinomial({40, 960});
  std::mt19937_64 generator(5);
  const int rounds = 40000;
  std::vector<double> histogram(81, 0.0);
  std::vector<uint64_t> picked;
  for (int r = 0; r < rounds; ++r) {
    multinomial.draw(generator, picked);
    histogram[std::min<uint64_t>(picked[0], 80)] += 1;
  }
  double chi_square = 0.0;
  int cells = 0;
  for (int k = 20; k <= 60; ++k) {
    const double log_pmf = std::lgamma(1001.0) - std::lgamma(k + 1.0) - std::lgamma(1001.0 - k) +
                           k * std::log(0.04) + (1000 - k) * std::log(0.96);
    const double expected = rounds * std::exp(log_pmf);
    chi_square += (histogram[k] - expected) * (histogram[k] - expected) / expected;
    ++cells;
  }
  // 41 cells: mean ~41, sd ~9; 100 is far in the tail.
  EXPECT_LT(chi_square, 100.0) << cells;
}

// ---------------------------------------------------------------------------------------
// The battle table.

TEST(BattleTable, NamesValidationAndOutcomes) {
  BattleTable table;
  EXPECT_EQ(table.index_of("x"), 0);
  EXPECT_EQ(table.index_of("y"), 1);
  EXPECT_EQ(table.index_of("x"), 0);
  EXPECT_EQ(table.find("y"), 1);
  EXPECT_EQ(table.find("z"), -1);
  EXPECT_THROW(table.add(Battle{0, 0, BattleOutcome::kTie}), std::invalid_argument);
  EXPECT_THROW(table.add(Battle{0, 2, BattleOutcome::kTie}), std::invalid_argument);
  EXPECT_THROW(table.add(Battle{0, 1, BattleOutcome::kTie, -1.0}), std::invalid_argument);
  EXPECT_THROW(table.add(Battle{0, 1, BattleOutcome::kTie, NAN}), std::invalid_argument);
  EXPECT_THROW(table.add(Battle{0, 1, BattleOutcome::kTie, 1.0, -5.0}), std::invalid_argument);
  EXPECT_TRUE(table.battles().empty());
  for (const char* winner : {"model_a", "model_b", "tie", "tie (bothbad)"}) {
    EXPECT_EQ(battle_outcome_name(parse_battle_outcome(winner)), winner);
  }
  EXPECT_THROW(parse_battle_outcome("draw"), std::invalid_argument);
}

}  // namespace
}  // namespace evp::stats
