// Online Elo, one update per battle in table order (FastChat's compute_online_elo).
#include "stats/elo.h"

#include <cmath>

namespace evp::stats {

std::vector<double> online_elo(const BattleTable& table, double k, double scale, double base,
                               double init) {
  std::vector<double> rating(table.models().size(), init);
  for (const Battle& battle : table.battles()) {
    double& ra = rating[battle.a];
    double& rb = rating[battle.b];
    const double expected_a = 1.0 / (1.0 + std::pow(base, (rb - ra) / scale));
    const double expected_b = 1.0 / (1.0 + std::pow(base, (ra - rb) / scale));
    double score_a = 0.5;
    if (battle.outcome == BattleOutcome::kAWins) score_a = 1.0;
    if (battle.outcome == BattleOutcome::kBWins) score_a = 0.0;
    const double step = k * battle.weight;
    ra += step * (score_a - expected_a);
    rb += step * (1.0 - score_a - expected_b);
  }
  return rating;
}

}  // namespace evp::stats
