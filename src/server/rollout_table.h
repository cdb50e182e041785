// The rollouts table of one experiment (GET /api/experiments/{id}/rollouts): filters, sorts
// and keyset pages, each page bounded in work. A page walks an index in its sort order (the
// position index, or the score index of each model merged, or the rowids newest first) and
// tests the remaining filters on each rollout it meets; it stops when the page is full or
// after `scan_budget` rollouts, and then its cursor continues the walk where it stopped. So no
// request reads a million rows, whatever the filter.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "store/sqlite.h"

namespace evp::server {

enum class StatusFilter { any, finished, error, invalid };
enum class RolloutSort { position, score_ascending, score_descending, newest };

struct RolloutQuery {
  std::string experiment_id;
  std::optional<std::string> model;
  StatusFilter status = StatusFilter::any;
  std::optional<double> score_min, score_max;
  std::string text;  // substring of the stored row, ASCII case-insensitive ("" = none)
  RolloutSort sort = RolloutSort::position;
  int limit = 50;
  std::optional<std::string> cursor;
  long long scan_budget = 10000;
};

struct RolloutPage {
  Json rollouts = Json::array();  // docs/api.md's table rows
  std::optional<std::string> next;
  long long scanned = 0;
  bool complete = true;  // false when the budget, not the page, ended the walk
};

// `models` are the experiment's models (the score sorts merge one walk per model). Throws
// ApiError 400 for a cursor that is not one of this sort.
RolloutPage rollout_page(store::Connection& c, const RolloutQuery& query,
                         const std::vector<std::string>& models);

// "finished", "error" or "invalid" as a StatusFilter; ApiError 400 otherwise.
StatusFilter status_filter(const std::string& text);
RolloutSort rollout_sort(const std::string& text);

// A table row from the columns rollout_columns() selects, starting at `first`.
Json rollout_summary(const store::Statement& s, int first);
// The columns rollout_summary reads, in its order, for a SELECT list.
const char* rollout_columns();

}  // namespace evp::server
