// Bradley-Terry identification (internal to stats/bradley_terry*.cpp): the maximum
// likelihood exists exactly when the "beat or tied" graph of the rows (first -> second when
// first_wins > 0) is strongly connected. The checks the fit and the bootstrap make, and the
// notes and per-model identified flags for data where it is not.
#pragma once

#include <vector>

#include "stats/battles.h"
#include "stats/bradley_terry.h"
#include "stats/bradley_terry_design.h"

namespace evp::stats::bradley_terry_detail {

// Whether the rows' graph is strongly connected (one component): the maximum likelihood exists.
bool all_connected(int models, const std::vector<Row>& rows);

// Whether two fillings of the same rows have the same edges (so the same components).
bool same_edges(const std::vector<Row>& rows, const std::vector<Row>& other);

// Notes naming what makes the data degenerate, and each model's identified flag: models in
// the reference group (the anchor's, else the largest) are identified.
void explain_degenerate(const BattleTable& table, const std::vector<Row>& rows, int anchor,
                        BradleyTerryFit& fit);

}  // namespace evp::stats::bradley_terry_detail
