// Bradley-Terry's view of a battle table (internal to stats/bradley_terry*.cpp): battles
// grouped into likelihood rows (one per pair, or per pair and standardized length
// covariate) and cells of interchangeable battles, and the rows' wins filled from cell
// counts (the data's own, or a bootstrap resample's).
#pragma once

#include <cstdint>
#include <vector>

#include "stats/battles.h"

namespace evp::stats::bradley_terry_detail {

enum class Verdict : uint8_t { kFirstWins, kSecondWins, kTie };

// One term of the log-likelihood: `first` beat `second` with total weight first_wins (ties
// half), the other way second_wins, at covariate z (0 without length control):
//   first_wins log s(eta) + second_wins log s(-eta),  eta = theta_first - theta_second + beta z
struct Row {
  int first = 0;
  int second = 0;
  double z = 0;
  double first_wins = 0;
  double second_wins = 0;
};

// Battles that are interchangeable for the fit and the bootstrap: same row (pair and
// covariate), verdict and weight.
struct Cell {
  int row = 0;
  Verdict verdict = Verdict::kTie;
  double weight = 0;
  uint64_t count = 0;
};

struct Design {
  int models = 0;
  bool covariate = false;
  std::vector<Row> rows;  // wins all 0: filled from cell counts
  std::vector<Cell> cells;
  uint64_t battles = 0;  // with positive weight
  double z_mean = 0;
  double z_stddev = 0;
};

// Groups the battles into rows (one per pair, or per pair and covariate value) and cells,
// cells ordered by row. Length control is dropped (covariate false) when the covariate does
// not vary.
Design make_design(const BattleTable& table, bool length_control);

// The rows with their wins: each cell adds count x weight (half to each side for a tie).
void fill_rows(const Design& design, const std::vector<uint64_t>& counts, std::vector<Row>& rows);

// Each cell's battle count, in cell order.
std::vector<uint64_t> cell_counts(const Design& design);

}  // namespace evp::stats::bradley_terry_detail
