// The leaderboard page (GET /api/leaderboard): every suite x model from the newest experiment
// of the suite that has the model (reports from the ReportCache), and the arena ratings over
// all stored battles (`evp leaderboard --json`'s object, cached per battle count).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "server/computed_cache.h"
#include "server/experiment_index.h"
#include "server/report_cache.h"
#include "store/store.h"

namespace evp::server {

// {"suites": [...]} as docs/api.md says; only `suite` when given.
Json suite_leaderboard(store::Store& store, const std::vector<ExperimentInfo>& experiments,
                       ReportCache& reports, const std::optional<std::string>& suite);

// The arena ratings, or null without battles. Bootstrap rounds as `evp leaderboard`'s default.
Json arena_leaderboard(store::Store& store, ComputedCache& cache);

// How many battles the store holds, and the highest battle id (a version of the battles).
std::pair<long long, long long> battle_count(store::Store& store);

}  // namespace evp::server
