// Bradley-Terry fitting (internal to stats/bradley_terry*.cpp): the penalized weighted
// log-likelihood of the rows in natural units (models, then the length coefficient beta),
// maximized by Newton's method (Cholesky with one model held fixed, step halving), or by the
// simplified Newton (chord) iteration from a nearby fit's Hessian factor; the ridge fit
// (kBradleyTerryRidge) when the exact maximum does not exist or is not reached.
#pragma once

#include <vector>

#include "stats/bradley_terry_design.h"

namespace evp::stats::bradley_terry_detail {

// One fit of a set of rows: exact when identified, else the ridge fit.
struct RowFit {
  std::vector<double> theta;  // models, then beta
  bool ridge = false;
  bool converged = true;
  int iterations = 0;
};

// Fits from `start`, holding `reference` fixed; `connected`: all_connected() of the rows.
// `factor` (may be empty) is the negated Hessian factor of the exact problem near the
// answer: tried first with chord().
RowFit fit_rows(const Design& design, const std::vector<Row>& rows, bool connected,
                std::vector<double> start, int reference, const std::vector<double>& factor);

// The Cholesky factor of the exact problem's negated Hessian at theta, with `reference`
// fixed (what fit_rows() takes as `factor`); empty when it is not positive definite.
std::vector<double> exact_hessian_factor(const Design& design, const std::vector<Row>& rows,
                                         const std::vector<double>& theta, int reference);

}  // namespace evp::stats::bradley_terry_detail
