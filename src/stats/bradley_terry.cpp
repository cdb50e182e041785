// Bradley-Terry ratings (stats/bradley_terry.h): the entry points, options, anchoring, the
// point fit and the seeded multithreaded bootstrap. The pieces: the design (rows and cells)
// in bradley_terry_design, the connectivity checks and degenerate-data notes in
// bradley_terry_identification, Newton's method in bradley_terry_newton, and the resampler
// in multinomial_sampler.
#include "stats/bradley_terry.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <random>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "stats/bradley_terry_design.h"
#include "stats/bradley_terry_identification.h"
#include "stats/bradley_terry_newton.h"
#include "stats/descriptive.h"
#include "stats/multinomial_sampler.h"

namespace evp::stats {
namespace {

using bradley_terry_detail::all_connected;
using bradley_terry_detail::Cell;
using bradley_terry_detail::cell_counts;
using bradley_terry_detail::Design;
using bradley_terry_detail::exact_hessian_factor;
using bradley_terry_detail::explain_degenerate;
using bradley_terry_detail::fill_rows;
using bradley_terry_detail::fit_rows;
using bradley_terry_detail::make_design;
using bradley_terry_detail::Multinomial;
using bradley_terry_detail::Row;
using bradley_terry_detail::RowFit;
using bradley_terry_detail::same_edges;

// ---------------------------------------------------------------------------------------
// Ratings from parameters, options, notes.

void check_options(const BattleTable& table, const RatingOptions& options) {
  if (!(options.scale > 0.0) || !std::isfinite(options.scale)) {
    throw std::invalid_argument("rating scale must be positive");
  }
  if (!(options.base > 1.0) || !std::isfinite(options.base)) {
    throw std::invalid_argument("rating base must be greater than 1");
  }
  if (!(options.confidence > 0.0 && options.confidence < 1.0)) {
    throw std::invalid_argument("confidence must be in (0, 1)");
  }
  if (options.bootstrap_rounds < 0) throw std::invalid_argument("bootstrap rounds must be >= 0");
  if (options.threads < 0) throw std::invalid_argument("threads must be >= 0");
  if (options.anchor && table.find(*options.anchor) < 0) {
    throw std::invalid_argument("anchor model '" + *options.anchor + "' is not in the table");
  }
}

int anchor_index(const BattleTable& table, const RatingOptions& options) {
  return options.anchor ? table.find(*options.anchor) : -1;
}

// Ratings on the options' scale, shifted so the anchor (or the mean) is anchor_rating.
std::vector<double> to_ratings(const std::vector<double>& theta, int models,
                               const RatingOptions& options, int anchor) {
  const double per_unit = options.scale / std::log(options.base);
  std::vector<double> ratings(static_cast<size_t>(models));
  if (anchor >= 0) {
    // Differences to the anchor first, so the anchor lands on anchor_rating exactly.
    for (int m = 0; m < models; ++m) {
      ratings[m] = options.anchor_rating + per_unit * (theta[m] - theta[anchor]);
    }
    return ratings;
  }
  for (int m = 0; m < models; ++m) ratings[m] = per_unit * theta[m];
  const double shift = options.anchor_rating - mean(ratings);
  for (double& r : ratings) r += shift;
  return ratings;
}

// The model every Newton solve holds fixed: the one with the most battles (best conditioned).
int reference_model(const Design& design) {
  std::vector<double> weight(static_cast<size_t>(design.models), 0.0);
  for (const Cell& cell : design.cells) {
    const double mass = static_cast<double>(cell.count) * cell.weight;
    weight[design.rows[cell.row].first] += mass;
    weight[design.rows[cell.row].second] += mass;
  }
  return static_cast<int>(std::max_element(weight.begin(), weight.end()) - weight.begin());
}

BradleyTerryFit unrated(const BattleTable& table, const RatingOptions& options) {
  BradleyTerryFit fit;
  const size_t models = table.models().size();
  fit.ratings.assign(models, options.anchor_rating);
  fit.identified.assign(models, false);
  fit.identified_all = false;
  fit.notes.push_back("no battles with positive weight: nothing to rate");
  return fit;
}

// The full-data fit and what the bootstrap needs from it.
struct PointFit {
  Design design;
  std::vector<Row> rows;
  bool connected = false;
  RowFit row_fit;
  int reference = 0;
  std::vector<double> factor;  // of the exact problem at the fit; empty after a ridge fit
  BradleyTerryFit result;
};

PointFit point_fit(const BattleTable& table, const RatingOptions& options) {
  check_options(table, options);
  PointFit point;
  point.design = make_design(table, options.length_control);
  Design& design = point.design;
  if (design.battles == 0) {
    point.result = unrated(table, options);
    return point;
  }
  BradleyTerryFit& fit = point.result;
  if (options.length_control && !design.covariate) {
    fit.notes.push_back(
        "length control: every battle has the same length covariate, so there "
        "is no length effect to fit; ratings are not length-controlled");
  }
  std::vector<Row>& rows = point.rows;
  fill_rows(design, cell_counts(design), rows);
  point.connected = all_connected(design.models, rows);
  point.reference = reference_model(design);
  const std::vector<double> zero(static_cast<size_t>(design.models + (design.covariate ? 1 : 0)),
                                 0.0);
  point.row_fit = fit_rows(design, rows, point.connected, zero, point.reference, {});
  if (!point.row_fit.ridge) {
    point.factor = exact_hessian_factor(design, rows, point.row_fit.theta, point.reference);
  }
  const int anchor = anchor_index(table, options);
  fit.ratings = to_ratings(point.row_fit.theta, design.models, options, anchor);
  fit.identified.assign(table.models().size(), true);
  fit.newton_iterations = point.row_fit.iterations;
  if (point.row_fit.ridge) {
    fit.identified_all = false;
    if (point.connected) {
      fit.notes.push_back(
          "Newton's method did not converge on the exact likelihood (the length "
          "covariate may separate the outcomes); ratings come from the ridge fit");
    } else {
      explain_degenerate(table, rows, anchor, fit);
    }
  }
  if (!point.row_fit.converged) fit.notes.push_back("the ridge fit did not converge either");
  if (design.covariate) {
    const double beta = point.row_fit.theta[design.models];
    fit.length = LengthEffect{beta, beta, beta, design.z_mean, design.z_stddev};
  }
  return point;
}

// ---------------------------------------------------------------------------------------
// The bootstrap.

// The r-th output of splitmix64 started at seed: round r's generator seed.
uint64_t round_seed(uint64_t seed, uint64_t round) {
  uint64_t z = seed + (round + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

struct BootstrapRounds {
  std::vector<std::vector<double>> ratings;  // per model, per round
  std::vector<double> betas;
  int ridge_rounds = 0;
  int failed_rounds = 0;
};

BootstrapRounds bootstrap(const PointFit& point, const RatingOptions& options, int anchor) {
  const Design& design = point.design;
  const int rounds = options.bootstrap_rounds;
  const auto models = static_cast<size_t>(design.models);
  std::vector<double> values(static_cast<size_t>(rounds) * models);
  std::vector<double> betas(static_cast<size_t>(rounds));
  std::vector<char> ridge(static_cast<size_t>(rounds), 0);
  std::vector<char> failed(static_cast<size_t>(rounds), 0);
  const Multinomial resample(cell_counts(design));
  std::atomic<int> next{0};
  auto work = [&] {
    std::vector<uint64_t> counts;
    std::vector<Row> rows;
    for (int r = next++; r < rounds; r = next++) {
      std::mt19937_64 generator(round_seed(options.seed, static_cast<uint64_t>(r)));
      resample.draw(generator, counts);
      fill_rows(design, counts, rows);
      const bool connected =
          same_edges(rows, point.rows) ? point.connected : all_connected(design.models, rows);
      const RowFit fit =
          fit_rows(design, rows, connected, point.row_fit.theta, point.reference, point.factor);
      const auto ratings = to_ratings(fit.theta, design.models, options, anchor);
      std::copy(ratings.begin(), ratings.end(), values.begin() + static_cast<long>(r * models));
      if (design.covariate) betas[r] = fit.theta[models];
      ridge[r] = fit.ridge;
      failed[r] = !fit.converged;
    }
  };
  unsigned threads = options.threads > 0 ? static_cast<unsigned>(options.threads)
                                         : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min(threads, static_cast<unsigned>(rounds));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();

  BootstrapRounds out;
  out.ratings.assign(models, std::vector<double>(static_cast<size_t>(rounds)));
  for (size_t r = 0; r < static_cast<size_t>(rounds); ++r) {
    for (size_t m = 0; m < models; ++m) out.ratings[m][r] = values[r * models + m];
  }
  out.betas = std::move(betas);
  out.ridge_rounds = static_cast<int>(std::count(ridge.begin(), ridge.end(), 1));
  out.failed_rounds = static_cast<int>(std::count(failed.begin(), failed.end(), 1));
  return out;
}

std::pair<double, double> interval(const std::vector<double>& values, double confidence) {
  return {percentile(values, 50.0 * (1.0 - confidence)),
          percentile(values, 50.0 * (1.0 + confidence))};
}

}  // namespace

BradleyTerryFit bradley_terry_fit(const BattleTable& table, const RatingOptions& options) {
  return point_fit(table, options).result;
}

std::vector<double> bradley_terry_mle(const BattleTable& table, const RatingOptions& options) {
  return bradley_terry_fit(table, options).ratings;
}

Ratings bradley_terry_ratings(const BattleTable& table, const RatingOptions& options) {
  Ratings out;
  out.anchor = options.anchor;
  if (table.models().empty()) {
    check_options(table, options);
    out.identified = false;
    out.notes.push_back("no models: nothing to rate");
    return out;
  }
  const PointFit point = point_fit(table, options);
  const BradleyTerryFit& fit = point.result;
  out.identified = fit.identified_all;
  out.notes = fit.notes;
  out.length = fit.length;
  const auto tally = table.tally();
  for (size_t m = 0; m < table.models().size(); ++m) {
    const BattleTally& t = tally[m];
    out.models.push_back(ModelRating{table.models()[m], fit.ratings[m], fit.ratings[m],
                                     fit.ratings[m], t.battles, t.wins, t.losses, t.ties,
                                     fit.identified[m]});
  }
  if (point.design.battles > 0 && options.bootstrap_rounds > 0) {
    out.bootstrap_rounds = options.bootstrap_rounds;
    const BootstrapRounds rounds = bootstrap(point, options, anchor_index(table, options));
    for (size_t m = 0; m < out.models.size(); ++m) {
      std::tie(out.models[m].ci_low, out.models[m].ci_high) =
          interval(rounds.ratings[m], options.confidence);
    }
    if (out.length)
      std::tie(out.length->ci_low, out.length->ci_high) =
          interval(rounds.betas, options.confidence);
    if (rounds.ridge_rounds > 0) {
      out.notes.push_back(fmt::format(
          "{} of {} bootstrap resamples could not rank every model against every other and "
          "were fitted with the ridge penalty",
          rounds.ridge_rounds, options.bootstrap_rounds));
    }
    if (rounds.failed_rounds > 0) {
      out.notes.push_back(fmt::format("{} bootstrap fits did not converge", rounds.failed_rounds));
    }
  }
  std::sort(out.models.begin(), out.models.end(), [](const ModelRating& x, const ModelRating& y) {
    return x.rating != y.rating ? x.rating > y.rating : x.model < y.model;
  });
  return out;
}

}  // namespace evp::stats
