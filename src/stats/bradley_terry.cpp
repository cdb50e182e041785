// Bradley-Terry ratings: battles grouped into cells and likelihood rows, Newton's method on
// the rows (Cholesky with one model fixed), identification checks, and the bootstrap.
#include "stats/bradley_terry.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "stats/descriptive.h"

namespace evp::stats {
namespace {

// ---------------------------------------------------------------------------------------
// The data as the fit sees it.

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

// Groups the battles into rows (one per pair, or per pair and covariate value) and cells,
// cells ordered by row. Length control is dropped (covariate false) when the covariate does
// not vary.
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

// The rows with their wins: each cell adds count x weight (half to each side for a tie).
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

// ---------------------------------------------------------------------------------------
// Identification: strongly connected components of "beat or tied" (first -> second when
// first_wins > 0). The maximum likelihood exists iff there is one component.

// A directed graph in compressed rows: node n's targets are targets[offsets[n], offsets[n+1]).
struct Graph {
  std::vector<int> offsets;
  std::vector<int> targets;
};

// winner -> loser edges (or loser -> winner when reversed), ties both ways.
Graph edges_of(int models, const std::vector<Row>& rows, bool reverse) {
  Graph graph;
  graph.offsets.assign(static_cast<size_t>(models) + 1, 0);
  const auto for_each_edge = [&](auto&& visit) {
    const auto edge = [&](int winner, int loser) {
      if (reverse) std::swap(winner, loser);
      visit(winner, loser);
    };
    for (const Row& row : rows) {
      if (row.first_wins > 0.0) edge(row.first, row.second);
      if (row.second_wins > 0.0) edge(row.second, row.first);
    }
  };
  for_each_edge([&](int from, int) { ++graph.offsets[from + 1]; });
  for (int n = 0; n < models; ++n) graph.offsets[n + 1] += graph.offsets[n];
  graph.targets.resize(static_cast<size_t>(graph.offsets[models]));
  std::vector<int> fill(graph.offsets.begin(), graph.offsets.end() - 1);
  for_each_edge([&](int from, int to) { graph.targets[fill[from]++] = to; });
  return graph;
}

// Component id per model (Kosaraju's algorithm, iterative), counted from 0.
std::vector<int> strong_components(int models, const std::vector<Row>& rows) {
  const Graph forward = edges_of(models, rows, false);
  const Graph backward = edges_of(models, rows, true);
  std::vector<int> order;
  std::vector<char> seen(static_cast<size_t>(models), 0);
  std::vector<std::pair<int, int>> stack;  // node, next edge
  for (int start = 0; start < models; ++start) {
    if (seen[start]) continue;
    seen[start] = 1;
    stack.emplace_back(start, forward.offsets[start]);
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < forward.offsets[node + 1]) {
        const int to = forward.targets[next++];
        if (!seen[to]) {
          seen[to] = 1;
          stack.emplace_back(to, forward.offsets[to]);
        }
      } else {
        order.push_back(node);
        stack.pop_back();
      }
    }
  }
  std::vector<int> component(static_cast<size_t>(models), -1);
  int count = 0;
  std::vector<int> pending;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if (component[*it] >= 0) continue;
    component[*it] = count;
    pending.push_back(*it);
    while (!pending.empty()) {
      const int node = pending.back();
      pending.pop_back();
      for (int e = backward.offsets[node]; e < backward.offsets[node + 1]; ++e) {
        const int from = backward.targets[e];
        if (component[from] < 0) {
          component[from] = count;
          pending.push_back(from);
        }
      }
    }
    ++count;
  }
  return component;
}

// Whether two fillings of the same rows have the same edges (so the same components).
bool same_edges(const std::vector<Row>& rows, const std::vector<Row>& other) {
  for (size_t r = 0; r < rows.size(); ++r) {
    if ((rows[r].first_wins > 0.0) != (other[r].first_wins > 0.0) ||
        (rows[r].second_wins > 0.0) != (other[r].second_wins > 0.0)) {
      return false;
    }
  }
  return true;
}

bool all_connected(int models, const std::vector<Row>& rows) {
  const auto component = strong_components(models, rows);
  return std::all_of(component.begin(), component.end(), [](int c) { return c == 0; });
}

// ---------------------------------------------------------------------------------------
// Newton's method on the rows.

// Factors a symmetric positive-definite n x n row-major matrix in place into U (a = U^T U,
// upper triangle). False when it is not numerically positive definite.
bool cholesky(std::vector<double>& a, size_t n) {
  double largest = 0.0;
  for (size_t k = 0; k < n; ++k) largest = std::max(largest, a[k * n + k]);
  for (size_t k = 0; k < n; ++k) {
    double* rk = &a[k * n];
    if (!(rk[k] > 1e-14 * largest)) return false;
    const double d = std::sqrt(rk[k]);
    rk[k] = d;
    const double inverse = 1.0 / d;
    for (size_t j = k + 1; j < n; ++j) rk[j] *= inverse;
    for (size_t i = k + 1; i < n; ++i) {
      const double f = rk[i];
      double* ri = &a[i * n];
      for (size_t j = i; j < n; ++j) ri[j] -= f * rk[j];
    }
  }
  return true;
}

// Solves U^T U x = b in place (b becomes x) with a factor from cholesky().
void solve_factored(const std::vector<double>& u, size_t n, std::vector<double>& b) {
  for (size_t k = 0; k < n; ++k) {  // U^T y = b
    const double* rk = &u[k * n];
    b[k] /= rk[k];
    for (size_t j = k + 1; j < n; ++j) b[j] -= rk[j] * b[k];
  }
  for (size_t i = n; i-- > 0;) {  // U x = y
    const double* ri = &u[i * n];
    double s = b[i];
    for (size_t j = i + 1; j < n; ++j) s -= ri[j] * b[j];
    b[i] = s / ri[i];
  }
}

// log(1 + e^x) without overflow.
double softplus(double x) {
  return x > 0.0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

double linear_predictor(const Row& row, const std::vector<double>& theta, int models,
                        bool covariate) {
  double eta = theta[row.first] - theta[row.second];
  if (covariate) eta += theta[models] * row.z;
  return eta;
}

// What one fit works on: which parameters are free and the penalty.
struct Problem {
  int models = 0;
  bool covariate = false;
  double ridge = 0.0;           // > 0 only for degenerate data
  std::vector<int> free_index;  // per parameter (models, then beta): position or -1 (fixed)
  size_t free = 0;
};

Problem make_problem(int models, bool covariate, double ridge, int fixed) {
  Problem p;
  p.models = models;
  p.covariate = covariate;
  p.ridge = ridge;
  p.free_index.assign(static_cast<size_t>(models + (covariate ? 1 : 0)), -1);
  for (size_t k = 0; k < p.free_index.size(); ++k) {
    if (static_cast<int>(k) != fixed) p.free_index[k] = static_cast<int>(p.free++);
  }
  return p;
}

// The penalized log-likelihood.
double objective(const Problem& p, const std::vector<Row>& rows, const std::vector<double>& theta) {
  double value = 0.0;
  for (const Row& row : rows) {
    const double eta = linear_predictor(row, theta, p.models, p.covariate);
    value -= row.first_wins * softplus(-eta) + row.second_wins * softplus(eta);
  }
  for (double t : theta) value -= p.ridge * t * t;
  return value;
}

// P(first beats second) and P(second beats first) at linear predictor eta, both to full
// relative precision.
struct Chances {
  double first = 0;
  double second = 0;
};

Chances logistic(double eta) {
  const double e = std::exp(-std::fabs(eta));
  const double likely = 1.0 / (1.0 + e);
  const double unlikely = e / (1.0 + e);
  return eta >= 0.0 ? Chances{likely, unlikely} : Chances{unlikely, likely};
}

// Per model pi = exp(theta - max theta) when there is no covariate (then P(i beats j) =
// pi_i / (pi_i + pi_j): a division a row instead of an exponential); empty otherwise.
std::vector<double> strengths(const Problem& p, const std::vector<double>& theta) {
  if (p.covariate) return {};
  const double top = *std::max_element(theta.begin(), theta.begin() + p.models);
  std::vector<double> pi(static_cast<size_t>(p.models));
  for (int m = 0; m < p.models; ++m) pi[m] = std::exp(theta[m] - top);
  return pi;
}

Chances chances(const Problem& p, const Row& row, const std::vector<double>& theta,
                const std::vector<double>& pi) {
  if (!pi.empty()) {
    const double sum = pi[row.first] + pi[row.second];
    if (sum > 1e-250) return {pi[row.first] / sum, pi[row.second] / sum};
  }
  return logistic(linear_predictor(row, theta, p.models, p.covariate));
}

// The gradient g over the free parameters and, when h is given, the negated Hessian
// (positive definite) there.
void derivatives(const Problem& p, const std::vector<Row>& rows, const std::vector<double>& theta,
                 std::vector<double>& g, std::vector<double>* h) {
  const size_t n = p.free;
  g.assign(n, 0.0);
  if (h != nullptr) h->assign(n * n, 0.0);
  const int beta = p.covariate ? p.free_index[p.models] : -1;
  const auto add = [&](int x, int y, double value) {
    if (h != nullptr && x >= 0 && y >= 0) (*h)[x * n + y] += value;
  };
  const std::vector<double> pi = strengths(p, theta);
  for (const Row& row : rows) {
    const double total = row.first_wins + row.second_wins;
    if (total <= 0.0) continue;
    const Chances c = chances(p, row, theta, pi);
    const double residual = row.first_wins - total * c.first;
    const double curvature = total * c.first * c.second;
    const int i = p.free_index[row.first];
    const int j = p.free_index[row.second];
    if (i >= 0) g[i] += residual;
    if (j >= 0) g[j] -= residual;
    add(i, i, curvature);
    add(j, j, curvature);
    add(i, j, -curvature);
    add(j, i, -curvature);
    if (beta >= 0) {
      g[beta] += residual * row.z;
      add(beta, beta, curvature * row.z * row.z);
      add(i, beta, curvature * row.z);
      add(beta, i, curvature * row.z);
      add(j, beta, -curvature * row.z);
      add(beta, j, -curvature * row.z);
    }
  }
  if (p.ridge == 0.0) return;
  for (size_t k = 0; k < theta.size(); ++k) {
    const int f = p.free_index[k];
    if (f < 0) continue;
    g[f] -= 2.0 * p.ridge * theta[k];
    add(f, f, 2.0 * p.ridge);
  }
}

// The Cholesky factor of the negated Hessian at theta; empty when it is not positive definite.
std::vector<double> hessian_factor(const Problem& p, const std::vector<Row>& rows,
                                   const std::vector<double>& theta) {
  std::vector<double> g;
  std::vector<double> h;
  derivatives(p, rows, theta, g, &h);
  if (!cholesky(h, p.free)) h.clear();
  return h;
}

// A bound on how far `fraction` x step moves any row's linear predictor, given max |z|.
double predictor_change(const Problem& p, const std::vector<double>& step, double max_z) {
  double largest = 0.0;
  for (int k = 0; k < p.models; ++k) {
    const int f = p.free_index[k];
    if (f >= 0) largest = std::max(largest, std::fabs(step[f]));
  }
  double change = 2.0 * largest;
  if (p.covariate) change += std::fabs(step[p.free_index[p.models]]) * max_z;
  return change;
}

// theta += fraction x step over the free parameters; returns the largest move.
double take_step(const Problem& p, const std::vector<double>& step, double fraction,
                 std::vector<double>& theta) {
  double moved = 0.0;
  for (size_t k = 0; k < theta.size(); ++k) {
    const int f = p.free_index[k];
    if (f < 0) continue;
    theta[k] += fraction * step[f];
    moved = std::max(moved, std::fabs(fraction * step[f]));
  }
  return moved;
}

// A Newton step s = H^-1 g that moves every linear predictor by less than this is taken
// whole: each row's curvature p (1 - p) changes along it by less than a factor e^0.5, so
// f(theta + s) - f(theta) >= g.s (1 - e^0.5 / 2) > 0.
constexpr double kSafeChange = 0.5;
constexpr int kMaxNewtonIterations = 500;
// Newton has converged when a full step moves no parameter by more than this (natural
// units): the error left after it is of the order of its square.
constexpr double kNewtonTolerance = 1e-7;
// The simplified Newton iteration (fixed factor) converges linearly; it stops when a step
// moves no parameter by more than this, and since each step must at least halve the one
// before, the error left is below it too.
constexpr double kChordTolerance = 1e-9;
constexpr int kMaxChordIterations = 40;

// The largest fraction of `step` (1, 1/2, 1/4, ...) that does not lower the objective; 0 when
// none does (the step is below rounding noise).
double line_search(const Problem& p, const std::vector<Row>& rows, const std::vector<double>& theta,
                   const std::vector<double>& step) {
  const double start = objective(p, rows, theta);
  std::vector<double> trial;
  for (double fraction = 1.0; fraction > 1e-12; fraction *= 0.5) {
    trial = theta;
    take_step(p, step, fraction, trial);
    if (objective(p, rows, trial) >= start) return fraction;
  }
  return 0.0;
}

// Newton's method from theta (updated in place); long steps are halved until the objective
// does not decrease. Returns the iterations, or -1 when it did not converge.
int newton(const Problem& p, const std::vector<Row>& rows, std::vector<double>& theta,
           double max_z) {
  std::vector<double> step;
  std::vector<double> h;
  for (int iteration = 1; iteration <= kMaxNewtonIterations; ++iteration) {
    derivatives(p, rows, theta, step, &h);
    if (!cholesky(h, p.free)) return -1;
    solve_factored(h, p.free, step);
    double fraction = 1.0;
    if (predictor_change(p, step, max_z) >= kSafeChange) {
      fraction = line_search(p, rows, theta, step);
      if (fraction == 0.0) return -1;
    }
    const double moved = take_step(p, step, fraction, theta);
    if (fraction == 1.0 && moved < kNewtonTolerance) return iteration;
  }
  return -1;
}

// Simplified Newton from theta: every step solves with `factor` (the negated Hessian's
// Cholesky factor at a nearby point, e.g. the full-data fit for a bootstrap resample), which
// costs a gradient and two triangular solves instead of a new factorization. Returns the
// iterations, or -1 as soon as a step fails to halve the previous one or is not safe
// (theta is then left where it got to, a fine start for newton()).
int chord(const Problem& p, const std::vector<Row>& rows, std::vector<double>& theta, double max_z,
          const std::vector<double>& factor) {
  std::vector<double> step;
  double previous = std::numeric_limits<double>::infinity();
  for (int iteration = 1; iteration <= kMaxChordIterations; ++iteration) {
    derivatives(p, rows, theta, step, nullptr);
    solve_factored(factor, p.free, step);
    if (predictor_change(p, step, max_z) >= kSafeChange) return -1;
    const double moved = take_step(p, step, 1.0, theta);
    if (moved < kChordTolerance) return iteration;
    if (moved > 0.5 * previous) return -1;
    previous = moved;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------
// One fit of a set of rows: exact when identified, else the ridge fit.

struct RowFit {
  std::vector<double> theta;  // models, then beta
  bool ridge = false;
  bool converged = true;
  int iterations = 0;
};

double largest_z(const std::vector<Row>& rows) {
  double largest = 0.0;
  for (const Row& row : rows) largest = std::max(largest, std::fabs(row.z));
  return largest;
}

// Fits from `start`, holding `reference` fixed; `connected`: all_connected() of the rows.
// `factor` (may be empty) is the negated Hessian factor of the exact problem near the
// answer: tried first with chord().
RowFit fit_rows(const Design& design, const std::vector<Row>& rows, bool connected,
                std::vector<double> start, int reference, const std::vector<double>& factor) {
  RowFit fit;
  const double max_z = largest_z(rows);
  if (connected) {
    fit.theta = start;
    const Problem exact = make_problem(design.models, design.covariate, 0.0, reference);
    int iterations = factor.empty() ? -1 : chord(exact, rows, fit.theta, max_z, factor);
    if (iterations < 0) iterations = newton(exact, rows, fit.theta, max_z);
    fit.iterations = iterations;
    if (iterations >= 0) return fit;
  }
  fit.ridge = true;
  fit.theta = std::move(start);
  const Problem ridge = make_problem(design.models, design.covariate, kBradleyTerryRidge, -1);
  fit.iterations = newton(ridge, rows, fit.theta, max_z);
  fit.converged = fit.iterations >= 0;
  return fit;
}

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
  for (int m = 0; m < models; ++m) ratings[m] = per_unit * theta[m];
  const double shift = options.anchor_rating - (anchor >= 0 ? ratings[anchor] : mean(ratings));
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

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// Notes naming what makes the data degenerate, and each model's identified flag: models in
// the reference group (the anchor's, else the largest) are identified.
void explain_degenerate(const BattleTable& table, const std::vector<Row>& rows, int anchor,
                        BradleyTerryFit& fit) {
  const int models = static_cast<int>(table.models().size());
  const auto component = strong_components(models, rows);
  const int groups = *std::max_element(component.begin(), component.end()) + 1;
  std::vector<std::vector<std::string>> members(static_cast<size_t>(groups));
  for (int m = 0; m < models; ++m) members[component[m]].push_back(table.models()[m]);
  int reference = anchor >= 0 ? component[anchor] : 0;
  if (anchor < 0) {
    for (int c = 1; c < groups; ++c) {
      if (members[c].size() > members[reference].size()) reference = c;
    }
  }
  for (int m = 0; m < models; ++m) fit.identified[m] = component[m] == reference;
  const auto tally = table.tally();
  for (int m = 0; m < models; ++m) {
    const BattleTally& t = tally[m];
    const std::string& name = table.models()[m];
    if (t.battles <= 0.0) {
      fit.notes.push_back(name + " has no battles");
    } else if (t.wins == t.battles) {
      fit.notes.push_back(name + " won all its battles");
    } else if (t.losses == t.battles) {
      fit.notes.push_back(name + " lost all its battles");
    }
  }
  std::string listing;
  for (const auto& names : members) {
    listing += (listing.empty() ? "{" : ", {") + join_names(names) + "}";
  }
  fit.notes.push_back(fmt::format(
      "the maximum likelihood does not exist: the battles split the models into {} groups that "
      "cannot be ranked against each other ({}); ratings come from the fit with a ridge penalty "
      "{:g} * sum theta^2 (natural units), and gaps between groups only reflect that penalty",
      groups, listing, kBradleyTerryRidge));
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
    point.factor =
        hessian_factor(make_problem(design.models, design.covariate, 0.0, point.reference), rows,
                       point.row_fit.theta);
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
// Multinomial resampling.

// A double in (0, 1) from the top 53 bits of a word.
double open_uniform(std::mt19937_64& generator) {
  return (static_cast<double>(generator() >> 11) + 0.5) * 0x1.0p-53;
}

}  // namespace

namespace bradley_terry_detail {

// Groups are split into parts of at most this many items, so every Poisson mean is at most
// this and its table stays small.
constexpr uint64_t kMaxPart = 256;

Multinomial::Multinomial(const std::vector<uint64_t>& counts) : groups_(counts.size()) {
  for (uint64_t c : counts) total_ += c;
  if (total_ == 0) return;
  const double n = static_cast<double>(total_);
  rate_ = std::max(0.0, n - 3.0 * std::sqrt(n)) / n;
  if (rate_ > 0.0) make_parts(counts);
  make_alias(counts);
}

void Multinomial::make_parts(const std::vector<uint64_t>& counts) {
  std::vector<int> table_of(kMaxPart + 1, -1);
  for (size_t group = 0; group < counts.size(); ++group) {
    const uint64_t pieces = (counts[group] + kMaxPart - 1) / kMaxPart;
    for (uint64_t piece = 0; piece < pieces; ++piece) {
      // Sizes differ by at most one: floor or ceil of count / pieces.
      const uint64_t size = counts[group] / pieces + (piece < counts[group] % pieces ? 1 : 0);
      if (table_of[size] < 0) {
        table_of[size] = static_cast<int>(tables_.size());
        tables_.push_back(poisson_table(rate_ * static_cast<double>(size)));
      }
      parts_.push_back({static_cast<uint32_t>(group), static_cast<uint32_t>(table_of[size])});
    }
  }
  // Drawn table by table (a table stays in cache); the order is fixed, so draws reproduce.
  std::stable_sort(parts_.begin(), parts_.end(),
                   [](const Part& x, const Part& y) { return x.table < y.table; });
}

// The CDF of Poisson(mean) from 0 until the remaining mass is below 2^-60, with a guide table
// (Chen and Asau): guide[i] = the first k with cdf[k] >= i / guide.size().
Multinomial::PoissonTable Multinomial::poisson_table(double mean) {
  PoissonTable table;
  table.mean = mean;
  double pmf = std::exp(-mean);
  double cdf = 0.0;
  for (uint64_t k = 0;; ++k) {
    if (k > 0) pmf *= mean / static_cast<double>(k);
    cdf += pmf;
    table.cdf.push_back(cdf);
    if (static_cast<double>(k) > mean && pmf < 0x1.0p-60) break;
  }
  table.last_pmf = pmf;
  const size_t size = table.cdf.size();
  table.guide.resize(size);
  size_t k = 0;
  for (size_t i = 0; i < size; ++i) {
    const double level = static_cast<double>(i) / static_cast<double>(size);
    while (k + 1 < size && table.cdf[k] < level) ++k;
    table.guide[i] = static_cast<uint32_t>(k);
  }
  return table;
}

// The smallest k with u <= CDF(k); past the table's end the CDF is extended term by term.
uint64_t Multinomial::poisson(const PoissonTable& table, double u) {
  const size_t size = table.cdf.size();
  size_t k = table.guide[static_cast<size_t>(u * static_cast<double>(size))];
  while (k < size && table.cdf[k] < u) ++k;
  if (k < size) return k;
  double pmf = table.last_pmf;
  double cdf = table.cdf[size - 1];
  for (k = size - 1; cdf < u && pmf > 0.0;) {
    ++k;
    pmf *= table.mean / static_cast<double>(k);
    cdf += pmf;
  }
  return k;
}

// Vose's alias method over the groups, probability count / total.
void Multinomial::make_alias(const std::vector<uint64_t>& counts) {
  const size_t size = counts.size();
  alias_probability_.resize(size);
  alias_.resize(size);
  std::vector<double> scaled(size);
  std::vector<uint32_t> small;
  std::vector<uint32_t> large;
  for (size_t i = 0; i < size; ++i) {
    scaled[i] =
        static_cast<double>(counts[i]) * static_cast<double>(size) / static_cast<double>(total_);
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const uint32_t less = small.back();
    const uint32_t more = large.back();
    small.pop_back();
    alias_probability_[less] = scaled[less];
    alias_[less] = more;
    scaled[more] -= 1.0 - scaled[less];
    if (scaled[more] < 1.0) {
      large.pop_back();
      small.push_back(more);
    }
  }
  // What is left holds probability 1 (up to rounding): it keeps its own slot.
  for (const auto* rest : {&large, &small}) {
    for (uint32_t i : *rest) {
      alias_probability_[i] = 1.0;
      alias_[i] = i;
    }
  }
}

uint64_t Multinomial::alias_pick(std::mt19937_64& generator) const {
  const double u = open_uniform(generator) * static_cast<double>(groups_);
  const size_t i = std::min(static_cast<size_t>(u), groups_ - 1);
  return u - static_cast<double>(i) < alias_probability_[i] ? i : alias_[i];
}

void Multinomial::draw(std::mt19937_64& generator, std::vector<uint64_t>& picked) const {
  uint64_t drawn = 0;
  do {
    picked.assign(groups_, 0);
    drawn = 0;
    for (const Part& part : parts_) {
      const uint64_t k = poisson(tables_[part.table], open_uniform(generator));
      picked[part.group] += k;
      drawn += k;
    }
  } while (drawn > total_);
  for (; drawn < total_; ++drawn) ++picked[alias_pick(generator)];
}

}  // namespace bradley_terry_detail

namespace {

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
  const bradley_terry_detail::Multinomial resample(cell_counts(design));
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
