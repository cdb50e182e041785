// Online Elo: three battles worked by hand, and FastChat's compute_online_elo (transcribed in
// Python) on random battles.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "python_reference.h"
#include "stats/elo.h"

namespace evp::stats {
namespace {

using test::py_list;
using test::python_numbers;

TEST(OnlineElo, ThreeBattlesByHand) {
  BattleTable table;
  table.add("a", "b", BattleOutcome::kAWins);  // 1000 vs 1000: expected 0.5, a +2, b -2
  table.add("b", "c", BattleOutcome::kTie);    // 998 vs 1000
  table.add("c", "a", BattleOutcome::kBWins);  // c vs a, a wins
  table.index_of("d");                         // no battles
  const auto r = online_elo(table);
  // Battle 2: expected_b = 1 / (1 + 10^(2/400)) = 0.49712167...; b += 4 (0.5 - that).
  const double e2 = 1.0 / (1.0 + std::pow(10.0, 2.0 / 400.0));
  const double b = 998.0 + 4.0 * (0.5 - e2);
  const double c2 = 1000.0 + 4.0 * (0.5 - (1.0 - e2));
  // Battle 3: c (c2) against a (1002); a wins.
  const double e3 = 1.0 / (1.0 + std::pow(10.0, (1002.0 - c2) / 400.0));
  EXPECT_NEAR(r[0], 1002.0 + 4.0 * (1.0 - (1.0 - e3)), 1e-12);
  EXPECT_NEAR(r[1], b, 1e-12);
  EXPECT_NEAR(r[2], c2 - 4.0 * e3, 1e-12);
  EXPECT_EQ(r[3], 1000.0);
  // The same numbers, worked out separately: a 1003.98842, b 998.01151, c 998.00007.
  EXPECT_NEAR(r[0], 1003.98842, 1e-5);
  EXPECT_NEAR(r[1], 998.01151, 1e-5);
  EXPECT_NEAR(r[2], 998.00007, 1e-5);
  EXPECT_NEAR(r[0] + r[1] + r[2], 3000.0, 1e-9);  // every update is zero-sum
}

TEST(OnlineElo, WeightScalesK) {
  BattleTable weighted;
  weighted.add("a", "b", BattleOutcome::kAWins, 3.0);
  BattleTable k12;
  k12.add("a", "b", BattleOutcome::kAWins);
  EXPECT_EQ(online_elo(weighted), online_elo(k12, 12.0));
  EXPECT_EQ(online_elo(weighted)[0], 1006.0);
}

TEST(OnlineElo, MatchesFastChatsComputeOnlineElo) {
  std::mt19937_64 generator(17);
  std::uniform_int_distribution<int> model(0, 5);
  std::uniform_int_distribution<int> verdict(0, 3);
  BattleTable table;
  for (int m = 0; m < 6; ++m) table.index_of("m" + std::to_string(m));
  std::vector<double> a, b, winner;
  for (int i = 0; i < 500; ++i) {
    const int x = model(generator);
    const int y = (x + 1 + model(generator) % 5) % 6;
    const auto outcome = static_cast<BattleOutcome>(verdict(generator));
    table.add(Battle{x, y, outcome});
    a.push_back(x);
    b.push_back(y);
    winner.push_back(static_cast<double>(static_cast<int>(outcome)));
  }
  // FastChat's compute_online_elo (elo_analysis.py) over the same rows, K = 8 here.
  const std::string code =
      "from collections import defaultdict\n"
      "def compute_elo(battles, K=4, SCALE=400, BASE=10, INIT_RATING=1000):\n"
      "    rating = defaultdict(lambda: INIT_RATING)\n"
      "    for model_a, model_b, winner in battles:\n"
      "        ra = rating[model_a]\n"
      "        rb = rating[model_b]\n"
      "        ea = 1 / (1 + BASE ** ((rb - ra) / SCALE))\n"
      "        eb = 1 / (1 + BASE ** ((ra - rb) / SCALE))\n"
      "        if winner == 'model_a':\n"
      "            sa = 1\n"
      "        elif winner == 'model_b':\n"
      "            sa = 0\n"
      "        elif winner == 'tie' or winner == 'tie (bothbad)':\n"
      "            sa = 0.5\n"
      "        rating[model_a] += K * (sa - ea)\n"
      "        rating[model_b] += K * (1 - sa - eb)\n"
      "    return rating\n"
      "names = ['model_a', 'model_b', 'tie', 'tie (bothbad)']\n"
      "rows = [(int(x), int(y), names[int(w)]) for x, y, w in zip(" +
      py_list(a) + ", " + py_list(b) + ", " + py_list(winner) +
      ")]\n"
      "r = compute_elo(rows, K=8)\n"
      "for m in range(6):\n    print(repr(float(r[m])))\n";
  const auto expected = python_numbers(code);
  const auto ours = online_elo(table, 8.0);
  ASSERT_EQ(expected.size(), ours.size());
  for (size_t m = 0; m < ours.size(); ++m) EXPECT_NEAR(ours[m], expected[m], 1e-9) << m;
}

}  // namespace
}  // namespace evp::stats
