// Online Elo over a battle table in battle order: FastChat's compute_online_elo (the rating
// arenas showed before they switched to Bradley-Terry). Order-dependent by design.
#pragma once

#include <vector>

#include "stats/battles.h"

namespace evp::stats {

// Every model starts at `init`; for each battle in table order, with
//   expected_a = 1 / (1 + base^((R_b - R_a) / scale)),  expected_b = 1 - expected_a
//   score_a = 1 (A wins), 0 (B wins), 0.5 (either tie)
//   R_a += k w (score_a - expected_a),  R_b += k w ((1 - score_a) - expected_b)
// where w is the battle's weight (1 gives FastChat's update exactly). Returns the ratings by
// model index; models without battles keep `init`.
std::vector<double> online_elo(const BattleTable& table, double k = 4, double scale = 400,
                               double base = 10, double init = 1000);

}  // namespace evp::stats
