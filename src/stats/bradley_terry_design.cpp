// Bradley-Terry's design (stats/bradley_terry_design.h): the length covariate and its
// standardization, the pair-to-row index, grouping battles into rows and cells, and filling
// the rows' wins from cell counts.
#include "stats/bradley_terry_design.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace evp::stats::bradley_terry_detail {
namespace {

struct PairKey {
  uint64_t a = 0;
  uint64_t b = 0;
  bool operator==(const PairKey&) const = default;
};

struct PairKeyHash {
  size_t operator()(const PairKey& key) const {
    uint64_t h = key.a * 0x9E3779B97F4A7C15ULL;
    h ^= key.b + 0x632BE59BD9B4E019ULL + (h << 6) + (h >> 2);
    return static_cast<size_t>(h ^ (h >> 29));
  }
};

uint64_t bits_of(double value) {
  uint64_t bits = 0;
  static_assert(sizeof bits == sizeof value);
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

// x = (len_a - len_b) / (len_a + len_b), 0 when both are 0.
double length_covariate(const Battle& battle) {
  const double sum = battle.length_a + battle.length_b;
  return sum > 0.0 ? (battle.length_a - battle.length_b) / sum : 0.0;
}

// Weighted mean and population standard deviation of the covariate over the battles.
std::pair<double, double> covariate_moments(const std::vector<Battle>& battles) {
  double total = 0.0;
  double sum = 0.0;
  for (const Battle& battle : battles) {
    total += battle.weight;
    sum += battle.weight * length_covariate(battle);
  }
  if (total <= 0.0) return {0.0, 0.0};
  const double mean_x = sum / total;
  double squares = 0.0;
  for (const Battle& battle : battles) {
    const double d = length_covariate(battle) - mean_x;
    squares += battle.weight * d * d;
  }
  return {mean_x, std::sqrt(squares / total)};
}

Verdict verdict_of(BattleOutcome outcome, bool swapped) {
  switch (outcome) {
    case BattleOutcome::kAWins:
      return swapped ? Verdict::kSecondWins : Verdict::kFirstWins;
    case BattleOutcome::kBWins:
      return swapped ? Verdict::kFirstWins : Verdict::kSecondWins;
    case BattleOutcome::kTie:
    case BattleOutcome::kTieBothBad:
      break;
  }
  return Verdict::kTie;
}

// Rows by (pair, covariate): a dense pair table when there is no covariate and few enough
// models (a hash lookup per battle was most of the fit's time), else a hash map.
class RowIndex {
 public:
  RowIndex(int models, bool covariate) : models_(static_cast<uint64_t>(models)) {
    if (!covariate && models_ <= kDenseModels) dense_.assign(models_ * models_, -1);
  }

  // The row of (first, second, z), and whether it is new (then it is `next`).
  std::pair<int, bool> find_or_add(int first, int second, double z, int next) {
    const uint64_t pair = static_cast<uint64_t>(first) * models_ + static_cast<uint64_t>(second);
    if (!dense_.empty()) {
      int& row = dense_[pair];
      const bool added = row < 0;
      if (added) row = next;
      return {row, added};
    }
    const auto [found, added] = map_.try_emplace(PairKey{pair, bits_of(z)}, next);
    return {found->second, added};
  }

 private:
  static constexpr uint64_t kDenseModels = 1024;  // a 4 MB table
  uint64_t models_;
  std::vector<int> dense_;
  std::unordered_map<PairKey, int, PairKeyHash> map_;
};

}  // namespace

Design make_design(const BattleTable& table, bool length_control) {
  Design design;
  design.models = static_cast<int>(table.models().size());
  if (length_control) {
    std::tie(design.z_mean, design.z_stddev) = covariate_moments(table.battles());
    design.covariate = design.z_stddev > 0.0;
  }
  RowIndex index(design.models, design.covariate);
  std::vector<int> last_cell;  // per row: its newest cell; cells chain back through previous
  std::vector<int> previous;
  for (const Battle& battle : table.battles()) {
    if (battle.weight <= 0.0) continue;
    const bool swapped = battle.a > battle.b;
    const int first = swapped ? battle.b : battle.a;
    const int second = swapped ? battle.a : battle.b;
    double z = 0.0;
    if (design.covariate) {
      z = (length_covariate(battle) - design.z_mean) / design.z_stddev;
      if (swapped) z = -z;
    }
    const auto [row, new_row] =
        index.find_or_add(first, second, z, static_cast<int>(design.rows.size()));
    if (new_row) {
      design.rows.push_back(Row{first, second, z, 0.0, 0.0});
      last_cell.push_back(-1);
    }
    const Verdict verdict = verdict_of(battle.outcome, swapped);
    int cell = last_cell[row];
    while (cell >= 0 &&
           (design.cells[cell].verdict != verdict || design.cells[cell].weight != battle.weight)) {
      cell = previous[cell];
    }
    if (cell < 0) {
      cell = static_cast<int>(design.cells.size());
      design.cells.push_back(Cell{row, verdict, battle.weight, 0});
      previous.push_back(last_cell[row]);
      last_cell[row] = cell;
    }
    ++design.cells[cell].count;
    ++design.battles;
  }
  std::stable_sort(design.cells.begin(), design.cells.end(),
                   [](const Cell& x, const Cell& y) { return x.row < y.row; });
  return design;
}

void fill_rows(const Design& design, const std::vector<uint64_t>& counts, std::vector<Row>& rows) {
  rows = design.rows;
  for (size_t c = 0; c < design.cells.size(); ++c) {
    const Cell& cell = design.cells[c];
    const double mass = static_cast<double>(counts[c]) * cell.weight;
    Row& row = rows[cell.row];
    switch (cell.verdict) {
      case Verdict::kFirstWins:
        row.first_wins += mass;
        break;
      case Verdict::kSecondWins:
        row.second_wins += mass;
        break;
      case Verdict::kTie:
        row.first_wins += 0.5 * mass;
        row.second_wins += 0.5 * mass;
        break;
    }
  }
}

std::vector<uint64_t> cell_counts(const Design& design) {
  std::vector<uint64_t> counts(design.cells.size());
  for (size_t c = 0; c < counts.size(); ++c) counts[c] = design.cells[c].count;
  return counts;
}

}  // namespace evp::stats::bradley_terry_detail
