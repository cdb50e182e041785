// Pairwise battles between models (an arena's votes or a judge's verdicts): the table that
// Bradley-Terry ratings and online Elo read. Models are named once and referred to by index.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace evp::stats {

// FastChat's four verdicts. Both kinds of tie count as half a win for each model.
enum class BattleOutcome { kAWins, kBWins, kTie, kTieBothBad };

// FastChat's spelling: "model_a", "model_b", "tie", "tie (bothbad)"; throws
// std::invalid_argument for anything else.
BattleOutcome parse_battle_outcome(std::string_view winner);
std::string_view battle_outcome_name(BattleOutcome outcome);

// One battle between models a and b (indices into BattleTable::models()). `weight` counts it
// that many times (Arena-Hard counts a strong verdict 3 times); a weight of 0 leaves it out.
// The answer lengths are read only by length-controlled ratings (any unit, e.g. tokens).
struct Battle {
  int a = 0;
  int b = 0;
  BattleOutcome outcome = BattleOutcome::kTie;
  double weight = 1;
  double length_a = 0;
  double length_b = 0;
};

// A model's weighted totals over a table: battles = wins + losses + ties.
struct BattleTally {
  double battles = 0;
  double wins = 0;
  double losses = 0;
  double ties = 0;
};

// The models (in first-seen order) and the battles between them, in the order they were
// added (online Elo reads them in that order).
class BattleTable {
 public:
  // The model's index, adding the model when it is new.
  int index_of(const std::string& model);
  // The model's index, or -1 when it is not in the table.
  int find(const std::string& model) const;

  // Adds a battle; throws std::invalid_argument when an index is out of range, a == b, the
  // weight is negative or not finite, or a length is negative or not finite.
  void add(const Battle& battle);
  void add(const std::string& model_a, const std::string& model_b, BattleOutcome outcome,
           double weight = 1, double length_a = 0, double length_b = 0);

  const std::vector<std::string>& models() const { return models_; }
  const std::vector<Battle>& battles() const { return battles_; }

  // Weighted battles, wins, losses and ties of each model, by model index.
  std::vector<BattleTally> tally() const;

 private:
  std::vector<std::string> models_;
  std::unordered_map<std::string, int> index_;
  std::vector<Battle> battles_;
};

}  // namespace evp::stats
