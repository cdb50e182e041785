// The battle table: model names to indices, validated battles, per-model tallies.
#include "stats/battles.h"

#include <cmath>
#include <stdexcept>

namespace evp::stats {
namespace {

bool is_non_negative(double value) {
  return std::isfinite(value) && value >= 0.0;
}

}  // namespace

BattleOutcome parse_battle_outcome(std::string_view winner) {
  if (winner == "model_a") return BattleOutcome::kAWins;
  if (winner == "model_b") return BattleOutcome::kBWins;
  if (winner == "tie") return BattleOutcome::kTie;
  if (winner == "tie (bothbad)") return BattleOutcome::kTieBothBad;
  throw std::invalid_argument("unknown battle winner '" + std::string(winner) +
                              "' (expected model_a, model_b, tie or tie (bothbad))");
}

std::string_view battle_outcome_name(BattleOutcome outcome) {
  switch (outcome) {
    case BattleOutcome::kAWins:
      return "model_a";
    case BattleOutcome::kBWins:
      return "model_b";
    case BattleOutcome::kTie:
      return "tie";
    case BattleOutcome::kTieBothBad:
      return "tie (bothbad)";
  }
  return "tie";
}

int BattleTable::index_of(const std::string& model) {
  const auto [it, added] = index_.emplace(model, static_cast<int>(models_.size()));
  if (added) models_.push_back(model);
  return it->second;
}

int BattleTable::find(const std::string& model) const {
  const auto it = index_.find(model);
  return it == index_.end() ? -1 : it->second;
}

void BattleTable::add(const Battle& battle) {
  const int count = static_cast<int>(models_.size());
  if (battle.a < 0 || battle.a >= count || battle.b < 0 || battle.b >= count) {
    throw std::invalid_argument("battle refers to a model index outside the table");
  }
  if (battle.a == battle.b) {
    throw std::invalid_argument("a model cannot battle itself: " + models_[battle.a]);
  }
  if (!is_non_negative(battle.weight)) {
    throw std::invalid_argument("battle weight must be finite and non-negative");
  }
  if (!is_non_negative(battle.length_a) || !is_non_negative(battle.length_b)) {
    throw std::invalid_argument("answer lengths must be finite and non-negative");
  }
  battles_.push_back(battle);
}

void BattleTable::add(const std::string& model_a, const std::string& model_b, BattleOutcome outcome,
                      double weight, double length_a, double length_b) {
  const int a = index_of(model_a);
  const int b = index_of(model_b);
  add(Battle{a, b, outcome, weight, length_a, length_b});
}

std::vector<BattleTally> BattleTable::tally() const {
  std::vector<BattleTally> out(models_.size());
  for (const Battle& battle : battles_) {
    BattleTally& a = out[battle.a];
    BattleTally& b = out[battle.b];
    a.battles += battle.weight;
    b.battles += battle.weight;
    switch (battle.outcome) {
      case BattleOutcome::kAWins:
        a.wins += battle.weight;
        b.losses += battle.weight;
        break;
      case BattleOutcome::kBWins:
        b.wins += battle.weight;
        a.losses += battle.weight;
        break;
      case BattleOutcome::kTie:
      case BattleOutcome::kTieBothBad:
        a.ties += battle.weight;
        b.ties += battle.weight;
        break;
    }
  }
  return out;
}

}  // namespace evp::stats
