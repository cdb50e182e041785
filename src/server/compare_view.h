// The compare page (GET /api/experiments/{id}/compare): two models of one experiment on the
// same dataset rows, a row's score being the mean of its runs with a failed or unscored
// rollout counting 0 (as `evp compare`). Pages walk both models' rows in dataset order in
// step (the position index, grouped per row), keep the rows both have that pass the filter,
// and stop after a scan budget like the rollouts table.
#pragma once

#include <optional>
#include <string>

#include "base/json.h"
#include "store/sqlite.h"

namespace evp::server {

enum class CompareFilter { all, disagree, a_better, b_better };

struct CompareQuery {
  std::string experiment_id, a, b;
  CompareFilter filter = CompareFilter::all;
  int limit = 50;
  std::optional<std::string> cursor;
  long long scan_budget = 10000;
};

// {"rows": [...], "next", "scanned", "search_complete"} as docs/api.md says (without "stats").
Json compare_page(store::Connection& c, const CompareQuery& query);

CompareFilter compare_filter(const std::string& text);

}  // namespace evp::server
