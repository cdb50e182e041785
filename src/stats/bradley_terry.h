// Arena ratings: the Bradley-Terry maximum-likelihood fit of pairwise battles (FastChat /
// LMArena's compute_mle_elo), anchored, with seeded bootstrap confidence intervals and
// optional length (style) control.
//
// Model: P(A beats B) = 1 / (1 + base^((R_B - R_A) / scale)); in natural units
// theta = R ln(base) / scale, logit P(A beats B) = theta_A - theta_B (+ beta z, see below).
// Each battle counts `weight` times; a tie (either kind) is half a win for each side, which
// is what FastChat's duplicated rows amount to. The fit is the exact maximum of the weighted
// log-likelihood (no penalty), found by Newton's method.
//
// Identification: ratings are defined up to a constant. With `anchor` set, the anchor model
// gets `anchor_rating`; without, the mean rating over all models is `anchor_rating` (1000 by
// default: what FastChat's unpenalized lbfgs started from zero returns).
//
// Degenerate data: the maximum likelihood exists exactly when every model can be reached
// from every other through "beat or tied" relations (the directed graph is strongly
// connected). When it is not (a model with only wins or only losses, a model without
// battles, groups of models that never met or where one group never lost to the other), the
// ratings come from the fit with a ridge penalty kBradleyTerryRidge * sum theta^2 (natural
// units, beta included with length control) subtracted from the log-likelihood: finite, but
// the gaps between groups only reflect that penalty. Such results have `identified == false`, notes
// naming the groups, and the models outside the reference group (the anchor's, else the largest)
// marked unidentified.
//
// Length control (LMArena's style control with one feature): each battle gets the covariate
// x = (len_a - len_b) / (len_a + len_b) (0 when both lengths are 0), standardized over the
// battles (weighted mean and population standard deviation, as LMArena z-scores its style
// features), z = (x - mean) / sd; logit P(A beats B) = theta_A - theta_B + beta z. beta
// (log-odds per standard deviation) is fitted jointly, unpenalized, and the ratings are
// those at z = 0. (LMArena adds 1 to the length sum and fits with sklearn's default L2
// penalty C = 1; this is the plain maximum likelihood.)
//
// Bootstrap: `bootstrap_rounds` resamples of the battles with replacement. Battles are
// grouped into cells of equal (pair, verdict, weight, covariate); a resample of N battles
// is a multinomial draw of N over the cells (probabilities count / N), drawn exactly by
// bradley_terry_detail::Multinomial (stats/multinomial_sampler.h) in O(cells + sqrt(N)).
// Round r uses std::mt19937_64 seeded with the r-th output of splitmix64(seed), so results
// do not depend on the thread count, nor on the standard library's distributions. Each
// round is refitted from the full-data fit (simplified Newton with the full-data Hessian's
// Cholesky factor, falling back to Newton) and anchored like it; CI = numpy-linear
// percentiles of the rounds at (1 - c) / 2 and (1 + c) / 2. Rounds whose resample cannot
// rank all models use the ridge fit and are counted in notes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stats/battles.h"

namespace evp::stats {

// The ridge penalty (natural units, subtracted from the weighted log-likelihood) used only
// when the maximum likelihood does not exist.
inline constexpr double kBradleyTerryRidge = 1e-6;

struct RatingOptions {
  int bootstrap_rounds = 1000;  // 0: no bootstrap, the interval is the point
  uint64_t seed = 42;
  double scale = 400;
  double base = 10;
  double anchor_rating = 1000;        // the anchor's rating, or the mean without an anchor
  std::optional<std::string> anchor;  // a model name
  bool length_control = false;
  double confidence = 0.95;
  int threads = 0;  // bootstrap threads; 0 = std::thread::hardware_concurrency()
};

struct ModelRating {
  std::string model;
  double rating = 0;
  double ci_low = 0;
  double ci_high = 0;
  double battles = 0;  // weighted, as are wins, losses and ties
  double wins = 0;
  double losses = 0;
  double ties = 0;
  bool identified = true;  // false: the data cannot place it against the reference group
};

// The fitted length effect: beta with its bootstrap interval, and the standardization used.
struct LengthEffect {
  double coefficient = 0;  // log-odds per standard deviation of x; > 0: longer answers win
  double ci_low = 0;
  double ci_high = 0;
  double covariate_mean = 0;
  double covariate_stddev = 0;
};

struct Ratings {
  std::vector<ModelRating> models;  // best first (rating descending, then name)
  std::optional<LengthEffect> length;
  bool identified = true;  // false: degenerate data, ridge fit (see notes)
  std::vector<std::string> notes;
  int bootstrap_rounds = 0;
  std::optional<std::string> anchor;
};

// The point fit alone, by model index (table order).
struct BradleyTerryFit {
  std::vector<double> ratings;
  std::vector<bool> identified;        // per model
  std::optional<LengthEffect> length;  // ci_low == ci_high == coefficient here
  bool identified_all = true;
  std::vector<std::string> notes;
  int newton_iterations = 0;
};

// Throws std::invalid_argument for scale <= 0, base <= 1, a confidence outside (0, 1),
// negative rounds or threads, or an anchor that is not in the table. A table without battles
// (or only zero-weight ones) gives every model anchor_rating, unidentified, with a note.
BradleyTerryFit bradley_terry_fit(const BattleTable& table, const RatingOptions& options = {});

// bradley_terry_fit(...).ratings.
std::vector<double> bradley_terry_mle(const BattleTable& table, const RatingOptions& options = {});

// The point fit with bootstrap intervals and per-model tallies. An empty table (no models)
// gives no models and a note.
Ratings bradley_terry_ratings(const BattleTable& table, const RatingOptions& options = {});

}  // namespace evp::stats
