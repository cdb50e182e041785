// Reading paired scores from the store and deciding a comparison (see comparison.h).
#include "runner/comparison.h"
#include "base/join.h"

#include <map>
#include <set>

#include <fmt/format.h>

#include "base/errors.h"
#include "model/status.h"
#include "stats/multiple_testing.h"

namespace evp::runner {
namespace {

// The side's model, resolved against the experiment's models.
std::string resolve_model(store::Store& store, const ComparedSide& side) {
  if (!store.experiment(side.experiment_id)) {
    throw InputError("no experiment " + side.experiment_id + " in store " + store.path().string());
  }
  const std::vector<std::string> models = experiment_models(store, side.experiment_id);
  if (side.model.empty()) {
    if (models.size() == 1) return models.front();
    if (models.empty()) throw InputError("experiment " + side.experiment_id + " has no rollouts");
    throw InputError("experiment " + side.experiment_id + " has models " + join(models) +
                     ": name one");
  }
  for (const std::string& m : models) {
    if (m == side.model) return m;
  }
  throw InputError("experiment " + side.experiment_id + " has no model '" + side.model +
                   "' (have: " + join(models) + ")");
}

struct RowScores {
  std::map<std::string, std::pair<double, int>> sum_and_runs;  // by row id
  long long zeros = 0;
};

RowScores row_scores(store::Store& store, const ComparedSide& side) {
  RowScores out;
  store.for_each_rollout(
      side.experiment_id,
      [&](const store::RolloutRecord& r) {
        if (r.key.model != side.model) return;
        const bool counts =
            r.status_code == static_cast<int>(model::StatusCode::kFinished) && r.score_valid;
        if (!counts) ++out.zeros;
        auto& [sum, runs] = out.sum_and_runs[r.key.row_id];
        sum += counts ? r.score : 0.0;
        ++runs;
      },
      store::RolloutFields::summary);
  return out;
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

std::vector<std::string> experiment_models(store::Store& store, const std::string& experiment_id) {
  std::set<std::string> models;
  store.for_each_rollout(
      experiment_id, [&](const store::RolloutRecord& r) { models.insert(r.key.model); },
      store::RolloutFields::summary);
  return {models.begin(), models.end()};
}

Comparison compare_sides(store::Store& store, const ComparedSide& a, const ComparedSide& b,
                         const ComparisonOptions& options) {
  Comparison c;
  c.a = ComparedSide{a.experiment_id, resolve_model(store, a)};
  c.b = ComparedSide{b.experiment_id, resolve_model(store, b)};
  if (c.a.experiment_id == c.b.experiment_id && c.a.model == c.b.model) {
    throw InputError("both sides are model " + c.a.model + " of experiment " + c.a.experiment_id);
  }
  const RowScores sa = row_scores(store, c.a);
  const RowScores sb = row_scores(store, c.b);
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

std::vector<Comparison> compare_all(store::Store& store, const std::string& experiment_id,
                                    const std::optional<std::string>& baseline,
                                    const ComparisonOptions& options) {
  const std::vector<std::string> models = experiment_models(store, experiment_id);
  if (models.size() < 2) {
    throw InputError("experiment " + experiment_id + " has " + std::to_string(models.size()) +
                     " model(s); a comparison needs two");
  }
  std::vector<Comparison> out;
  if (baseline) {
    const std::string base = resolve_model(store, {experiment_id, *baseline});
    for (const std::string& m : models) {
      if (m != base)
        out.push_back(compare_sides(store, {experiment_id, base}, {experiment_id, m}, options));
    }
  } else {
    for (size_t i = 0; i < models.size(); ++i) {
      for (size_t j = i + 1; j < models.size(); ++j) {
        out.push_back(
            compare_sides(store, {experiment_id, models[i]}, {experiment_id, models[j]}, options));
      }
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

void print_comparison(std::ostream& out, const Comparison& c) {
  const stats::PairedComparison& s = c.stats;
  const double confidence = 100.0 * (1.0 - c.alpha);
  out << fmt::format("A  {}  mean {:.4f}\n", c.label_a(), s.mean_a);
  out << fmt::format("B  {}  mean {:.4f}\n", c.label_b(), s.mean_b);
  out << fmt::format("{} paired rows", s.n);
  if (c.only_a + c.only_b > 0) {
    out << fmt::format(" ({} rows only in A, {} only in B, left out)", c.only_a, c.only_b);
  }
  if (c.zero_a + c.zero_b > 0) {
    out << fmt::format("; rollouts failed or unscored, counted 0: A {}, B {}", c.zero_a, c.zero_b);
  }
  out << "\n";
  out << fmt::format("B - A = {:+.4f}, {:g}% CI [{:+.4f}, {:+.4f}] (paired bootstrap)\n",
                     s.mean_diff, confidence, s.ci_low, s.ci_high);
  const std::string test = s.test == "mcnemar_exact" ? "exact McNemar test" : "sign test";
  out << fmt::format("{}: p = {:.4g}", test, s.p_value);
  if (c.p_value_holm) out << fmt::format(" (Holm-adjusted {:.4g})", *c.p_value_holm);
  out << fmt::format("; B better on {} rows, A on {}, equal on {}\n", s.b_better, s.a_better,
                     s.ties);
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

}  // namespace evp::runner
