// Paired comparison of two models on the same dataset rows, read from the store: each side is
// a model of an experiment (two experiments, or two models of one). A row's score is the mean
// of its runs, where a rollout that failed or could not be scored counts 0 (the model did not
// deliver); rows only one side has are left out and counted. The statistics are
// stats::compare_paired's (exact McNemar for pass/fail scores, else the sign test, and a
// paired-bootstrap interval of B - A); the verdict says plainly which is better, or that the
// data cannot tell.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/json.h"
#include "stats/paired.h"
#include "store/store.h"

namespace evp::runner {

struct ComparedSide {
  std::string experiment_id;
  std::string model;  // empty: the experiment's only model
};

struct ComparisonOptions {
  double alpha = 0.05;  // the interval is the (1 - alpha) paired-bootstrap interval
  int bootstrap_rounds = 10000;
  uint64_t seed = 42;
};

struct Comparison {
  ComparedSide a, b;  // models resolved
  stats::PairedComparison stats;
  double alpha = 0.05;
  // Holm-adjusted p-value when this comparison is one of several (compare_all).
  std::optional<double> p_value_holm;
  std::string verdict;               // "a_better", "b_better" or "no_difference"
  size_t only_a = 0, only_b = 0;     // rows one side has and the other lacks (left out)
  long long zero_a = 0, zero_b = 0;  // rollouts counted 0: failed, or no valid score

  // "model", or "experiment:model" when the sides come from two experiments.
  std::string label_a() const;
  std::string label_b() const;
};

// Throws evp::InputError for an unknown experiment or model ("experiment exp-1 has no model
// 'x' (have: a, b)"; "experiment exp-1 has models a, b: name one"), and when the two sides
// share no row.
Comparison compare_sides(store::Store& store, const ComparedSide& a, const ComparedSide& b,
                         const ComparisonOptions& options = {});

// Every pair of the experiment's models (or each model against `baseline`), with
// Holm-adjusted p-values deciding the verdicts. Fewer than two models is an InputError.
std::vector<Comparison> compare_all(store::Store& store, const std::string& experiment_id,
                                    const std::optional<std::string>& baseline,
                                    const ComparisonOptions& options = {});

// {"a", "b", "n", "mean_a", "mean_b", "mean_diff", "ci_low", "ci_high", "p_value", "test",
// "verdict"} plus "alpha", "p_value_holm" (null unless adjusted), "a_better_rows",
// "b_better_rows", "tied_rows", "only_a_rows", "only_b_rows". mean_diff is mean_b - mean_a.
Json comparison_json(const Comparison& c);

void print_comparison(std::ostream& out, const Comparison& c);

// Comparisons of several models against one baseline (compare_all with a baseline: A is the
// baseline in each) as one table: a row per model with the paired rows, B - A, its interval,
// the (Holm-adjusted when several) p-value and the verdict in words.
void print_baseline_table(std::ostream& out, const std::vector<Comparison>& against_baseline);

}  // namespace evp::runner
