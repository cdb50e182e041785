// The arena leaderboard: Bradley-Terry ratings (stats/bradley_terry.h) over battles from the
// store (pairwise judges' games, human votes), optionally of one suite, and from battle files
// kept elsewhere in FastChat's shape: JSON lines with "model_a", "model_b" and "winner"
// ("model_a", "model_b", "tie", "tie (bothbad)"); an optional "weight" (> 0) counts a battle
// that many times, and FastChat's "conv_metadata" {"sum_assistant_a_tokens",
// "sum_assistant_b_tokens"} gives the answers' lengths for length control. Other keys are
// ignored.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/json.h"
#include "stats/bradley_terry.h"
#include "store/store.h"

namespace evp::runner {

struct LeaderboardOptions {
  std::optional<std::string> suite;  // store battles of this suite only
  bool from_store = true;
  std::vector<std::filesystem::path> battle_files;
  // Win rates are shown against it; default: the pairwise judges' baseline (model_b of the
  // stored battles judged by "llm:..."), when they all share one.
  std::optional<std::string> baseline;
  stats::RatingOptions rating;
};

struct Leaderboard {
  stats::Ratings ratings;
  std::optional<std::string> baseline;
  // By ratings.models' order: the weighted share of battles against the baseline won (ties
  // half); none for the baseline itself and models that never met it.
  std::vector<std::optional<double>> win_rate_vs_baseline;
  // By ratings.models' order: FastChat's online Elo (K = 4) over the battles in the order
  // read, for comparison with the order-free Bradley-Terry ratings.
  std::vector<double> online_elo;
  double battles = 0;        // weighted battles read
  double anchor_rating = 0;  // the anchor's rating, or the mean rating without an anchor
};

// Reads a FastChat battle file into `table`. Throws evp::InputError(file, line, column,
// "winner: expected model_a, model_b, tie or tie (bothbad), got 'x'") and the like for a bad
// line; an empty file is no error.
void read_battle_file(const std::filesystem::path& file, stats::BattleTable& table);

// Throws evp::InputError when there are no battles at all, or the baseline or anchor is not a
// model of the battles.
Leaderboard build_leaderboard(store::Store* store, const LeaderboardOptions& options);

// {"models": [{"model", "rating", "ci_low", "ci_high", "battles", "wins", "losses", "ties",
// "win_rate_vs_baseline", "identified", "online_elo"}], "anchor" (the anchor model, or null when
// the mean rating is anchored), "anchor_rating", "bootstrap_rounds", "baseline",
// "length_coefficient" (when length-controlled), "notes"}.
Json leaderboard_json(const Leaderboard& board);

void print_leaderboard(std::ostream& out, const Leaderboard& board);

}  // namespace evp::runner
