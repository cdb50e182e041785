// Reading paired scores from the store and deciding a comparison (see comparison.h).
#include "runner/comparison.h"
#include "base/join.h"

#include <algorithm>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "base/errors.h"
#include "model/status.h"
#include "stats/multiple_testing.h"

namespace evp::runner {
namespace {

struct RowScores {
  std::map<std::string, std::pair<double, int>> sum_and_runs;  // by row id
  long long zeros = 0;
};

// One model's row scores: the sum and count of its runs per row, a failed or unscored rollout
// counting 0. Reads only that model's rollouts, and only the columns a score needs.
RowScores model_scores(store::Store& store, const std::string& experiment_id,
                       const std::string& model) {
  RowScores scores;
  store.for_each_score(experiment_id, model, [&](const store::RolloutScore& r) {
    const bool counts =
        r.status_code == static_cast<int>(model::StatusCode::kFinished) && r.score_valid;
    if (!counts) ++scores.zeros;
    auto& [sum, runs] = scores.sum_and_runs[r.row_id];
    sum += counts ? r.score : 0.0;
    ++runs;
  });
  return scores;
}

// The experiment's models, or the error for an experiment the store does not have.
std::vector<std::string> existing_experiment_models(store::Store& store, const std::string& id) {
  if (!store.experiment(id)) {
    throw InputError("no experiment " + id + " in store " + store.path().string());
  }
  return store.rollout_models(id);
}

// The side's model, resolved against the experiment's models.
std::string resolve_model(const std::vector<std::string>& models, const ComparedSide& side) {
  if (side.model.empty()) {
    if (models.size() == 1) return models.front();
    if (models.empty()) throw InputError("experiment " + side.experiment_id + " has no rollouts");
    throw InputError("experiment " + side.experiment_id + " has models " + join(models) +
                     ": name one");
  }
  if (std::ranges::find(models, side.model) != models.end()) return side.model;
  throw InputError("experiment " + side.experiment_id + " has no model '" + side.model +
                   "' (have: " + join(models) + ")");
}

std::string verdict_of(const stats::PairedComparison& s, double p, double alpha) {
  const bool excludes_zero = s.ci_low > 0 || s.ci_high < 0;
  if (s.n == 0 || p >= alpha || !excludes_zero) return "no_difference";
  return s.mean_diff > 0 ? "b_better" : "a_better";
}

}  // namespace

std::string Comparison::label_a() const {
  return a.experiment_id == b.experiment_id ? a.model : a.experiment_id + ":" + a.model;
}

std::string Comparison::label_b() const {
  return a.experiment_id == b.experiment_id ? b.model : b.experiment_id + ":" + b.model;
}

namespace {

// The comparison of two resolved sides from their row scores.
Comparison compare_scores(const ComparedSide& a, const RowScores& sa, const ComparedSide& b,
                          const RowScores& sb, const ComparisonOptions& options) {
  Comparison c;
  c.a = a;
  c.b = b;
  std::vector<double> xa, xb;
  for (const auto& [row, score] : sa.sum_and_runs) {
    auto it = sb.sum_and_runs.find(row);
    if (it == sb.sum_and_runs.end()) {
      ++c.only_a;
      continue;
    }
    xa.push_back(score.first / score.second);
    xb.push_back(it->second.first / it->second.second);
  }
  c.only_b = sb.sum_and_runs.size() - xa.size();
  if (xa.empty()) {
    throw InputError("the two sides share no dataset row (" + c.label_a() + " has " +
                     std::to_string(sa.sum_and_runs.size()) + ", " + c.label_b() + " has " +
                     std::to_string(sb.sum_and_runs.size()) + ")");
  }
  c.zero_a = sa.zeros;
  c.zero_b = sb.zeros;
  c.alpha = options.alpha;
  c.stats =
      stats::compare_paired(xa, xb, options.bootstrap_rounds, options.seed, 1.0 - options.alpha);
  c.verdict = verdict_of(c.stats, c.stats.p_value, c.alpha);
  return c;
}

}  // namespace

Comparison compare_sides(store::Store& store, const ComparedSide& a, const ComparedSide& b,
                         const ComparisonOptions& options) {
  const std::vector<std::string> models_a = existing_experiment_models(store, a.experiment_id);
  const ComparedSide side_a{a.experiment_id, resolve_model(models_a, a)};
  const ComparedSide side_b{b.experiment_id,
                            resolve_model(b.experiment_id == a.experiment_id
                                              ? models_a
                                              : existing_experiment_models(store, b.experiment_id),
                                          b)};
  if (side_a.experiment_id == side_b.experiment_id && side_a.model == side_b.model) {
    throw InputError("both sides are model " + side_a.model + " of experiment " +
                     side_a.experiment_id);
  }
  return compare_scores(side_a, model_scores(store, side_a.experiment_id, side_a.model), side_b,
                        model_scores(store, side_b.experiment_id, side_b.model), options);
}

std::vector<Comparison> compare_all(store::Store& store, const std::string& experiment_id,
                                    const std::optional<std::string>& baseline,
                                    const ComparisonOptions& options) {
  const std::vector<std::string> models = existing_experiment_models(store, experiment_id);
  if (models.size() < 2) {
    throw InputError("experiment " + experiment_id + " has " + std::to_string(models.size()) +
                     " model(s); a comparison needs two");
  }
  std::map<std::string, RowScores> scores;  // each model read once
  for (const std::string& m : models) scores[m] = model_scores(store, experiment_id, m);
  auto compare = [&](const std::string& m_a, const std::string& m_b) {
    return compare_scores({experiment_id, m_a}, scores.at(m_a), {experiment_id, m_b},
                          scores.at(m_b), options);
  };
  std::vector<Comparison> out;
  if (baseline) {
    const std::string base = resolve_model(models, {experiment_id, *baseline});
    for (const std::string& m : models) {
      if (m != base) out.push_back(compare(base, m));
    }
  } else {
    for (size_t i = 0; i < models.size(); ++i) {
      for (size_t j = i + 1; j < models.size(); ++j) out.push_back(compare(models[i], models[j]));
    }
  }
  if (out.size() > 1) {
    std::vector<double> p;
    for (const Comparison& c : out) p.push_back(c.stats.p_value);
    const std::vector<double> adjusted = stats::holm_adjust(p);
    for (size_t i = 0; i < out.size(); ++i) {
      out[i].p_value_holm = adjusted[i];
      out[i].verdict = verdict_of(out[i].stats, adjusted[i], out[i].alpha);
    }
  }
  return out;
}

Json comparison_json(const Comparison& c) {
  const stats::PairedComparison& s = c.stats;
  return Json{{"a", c.label_a()},
              {"b", c.label_b()},
              {"n", s.n},
              {"mean_a", s.mean_a},
              {"mean_b", s.mean_b},
              {"mean_diff", s.mean_diff},
              {"ci_low", s.ci_low},
              {"ci_high", s.ci_high},
              {"p_value", s.p_value},
              {"test", s.test},
              {"verdict", c.verdict},
              {"alpha", c.alpha},
              {"p_value_holm", c.p_value_holm ? Json(*c.p_value_holm) : Json(nullptr)},
              {"a_better_rows", s.a_better},
              {"b_better_rows", s.b_better},
              {"tied_rows", s.ties},
              {"only_a_rows", c.only_a},
              {"only_b_rows", c.only_b}};
}

namespace {

// A p-value with `digits` significant digits; one that underflowed to 0 as the bound it is
// below, "< 2.2e-308".
std::string p_number(double p, int digits) {
  if (p > 0) return fmt::format("{:.{}g}", p, digits);
  return fmt::format("< {:.2g}", std::numeric_limits<double>::min());
}

// "p = 0.0123", or "p < 2.2e-308".
std::string p_text(double p) {
  return (p > 0 ? "p = " : "p ") + p_number(p, 4);
}

}  // namespace

void print_comparison(std::ostream& out, const Comparison& c) {
  const stats::PairedComparison& s = c.stats;
  const double confidence = 100.0 * (1.0 - c.alpha);
  out << fmt::format("A  {}  mean {:.4f}\n", c.label_a(), s.mean_a);
  out << fmt::format("B  {}  mean {:.4f}\n", c.label_b(), s.mean_b);
  out << fmt::format("{} paired rows", s.n);
  if (c.only_a + c.only_b > 0) {
    out << fmt::format(" ({} {} only in A, {} only in B, left out)", c.only_a,
                       c.only_a == 1 ? "row" : "rows", c.only_b);
  }
  if (c.zero_a + c.zero_b > 0) {
    out << fmt::format("; rollouts failed or unscored, counted 0: A {}, B {}", c.zero_a, c.zero_b);
  }
  out << "\n";
  out << fmt::format("B - A = {:+.4f}, {:g}% CI [{:+.4f}, {:+.4f}] (paired bootstrap)\n",
                     s.mean_diff, confidence, s.ci_low, s.ci_high);
  const std::string test = s.test == "mcnemar_exact" ? "exact McNemar test" : "sign test";
  out << fmt::format("{}: {}", test, p_text(s.p_value));
  if (c.p_value_holm) out << fmt::format(" (Holm-adjusted {})", p_text(*c.p_value_holm));
  out << fmt::format("; B better on {} {}, A on {}, equal on {}\n", s.b_better,
                     s.b_better == 1 ? "row" : "rows", s.a_better, s.ties);
  if (c.verdict == "b_better") {
    out << fmt::format("Verdict: B ({}) is better than A ({}).\n", c.label_b(), c.label_a());
  } else if (c.verdict == "a_better") {
    out << fmt::format("Verdict: A ({}) is better than B ({}).\n", c.label_a(), c.label_b());
  } else {
    out << fmt::format(
        "Verdict: no difference the data can show at alpha {:g} (a larger suite or more runs "
        "may tell).\n",
        c.alpha);
  }
}

void print_baseline_table(std::ostream& out, const std::vector<Comparison>& against_baseline) {
  if (against_baseline.empty()) return;
  const Comparison& first = against_baseline.front();
  const bool adjusted = against_baseline.size() > 1;
  out << fmt::format(
      "Against the baseline {}: paired on the rows both have, {:g}% intervals of B - A, {}\n",
      first.label_a(), 100.0 * (1.0 - first.alpha),
      adjusted ? "Holm-adjusted p-values" : "p-value");
  out << fmt::format(" {:<24} {:>6} {:>8}  {:<20} {:>10}  {}\n", "model", "rows", "B - A", "CI",
                     "p", "verdict");
  for (const Comparison& c : against_baseline) {
    const double p = c.p_value_holm.value_or(c.stats.p_value);
    const std::string verdict = c.verdict == "b_better"   ? "better than " + c.label_a()
                                : c.verdict == "a_better" ? "worse than " + c.label_a()
                                                          : "no difference shown";
    out << fmt::format(" {:<24} {:>6} {:>+8.4f}  {:<20} {:>10}  {}\n", c.label_b(), c.stats.n,
                       c.stats.mean_diff,
                       fmt::format("[{:+.4f}, {:+.4f}]", c.stats.ci_low, c.stats.ci_high),
                       p_number(p, 3), verdict);
  }
}

}  // namespace evp::runner
