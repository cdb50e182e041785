// Bradley-Terry fitting (stats/bradley_terry_newton.h): Cholesky factorization and solves,
// the objective, its gradient and negated Hessian (pairwise chances by strengths when there
// is no covariate), safe step lengths, Newton's method, the chord iteration, and fit_rows().
#include "stats/bradley_terry_newton.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "stats/bradley_terry.h"

namespace evp::stats::bradley_terry_detail {
namespace {

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

double largest_z(const std::vector<Row>& rows) {
  double largest = 0.0;
  for (const Row& row : rows) largest = std::max(largest, std::fabs(row.z));
  return largest;
}

}  // namespace

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

std::vector<double> exact_hessian_factor(const Design& design, const std::vector<Row>& rows,
                                         const std::vector<double>& theta, int reference) {
  return hessian_factor(make_problem(design.models, design.covariate, 0.0, reference), rows, theta);
}

}  // namespace evp::stats::bradley_terry_detail
