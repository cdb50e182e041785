// Leaderboard: newest experiment per (suite, model), then the arena's Bradley-Terry board.
#include "server/leaderboard_view.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/errors.h"
#include "runner/leaderboard.h"

namespace evp::server {
namespace {

Json model_row(const Json& m, const ExperimentInfo& e) {
  const Json& score = m.at("score");
  return Json{{"model", m.at("model")},
              {"experiment_id", e.id},
              {"created_at", e.created_at},
              {"mean", score.at("mean")},
              {"ci_low", score.at("ci_low")},
              {"ci_high", score.at("ci_high")},
              {"passed", m.at("passed")},
              {"rollouts", m.at("rollouts")},
              {"errors", m.at("errors")},
              {"cost_usd", m.at("cost_usd")},
              {"prompt_tokens", m.at("usage").at("prompt_tokens")},
              {"completion_tokens", m.at("usage").at("completion_tokens")},
              {"latency_p50_ms", m.at("latency_ms").at("p50")},
              {"latency_p95_ms", m.at("latency_ms").at("p95")}};
}

}  // namespace

Json suite_leaderboard(store::Store& store, const std::vector<ExperimentInfo>& experiments,
                       ReportCache& reports, const std::optional<std::string>& suite) {
  struct SuiteRows {
    Json threshold = nullptr;
    bool threshold_seen = false;
    std::set<std::string> models;
    Json rows = Json::array();
  };
  std::map<std::string, SuiteRows> suites;
  for (const ExperimentInfo& e : experiments) {  // newest first
    if (e.done == 0 || (suite && e.suite != *suite)) continue;
    const Json report = reports.report(store, e);
    SuiteRows& s = suites[e.suite];
    if (!s.threshold_seen) {
      s.threshold = report.value("threshold", Json(nullptr));
      s.threshold_seen = true;
    }
    for (const Json& m : report.at("models")) {
      if (s.models.insert(m.at("model").get<std::string>()).second) {
        s.rows.push_back(model_row(m, e));
      }
    }
  }
  Json out = Json::array();
  for (auto& [name, s] : suites) {
    std::stable_sort(s.rows.begin(), s.rows.end(), [](const Json& x, const Json& y) {
      return x["mean"].get<double>() > y["mean"].get<double>();
    });
    out.push_back({{"suite", name}, {"threshold", s.threshold}, {"models", std::move(s.rows)}});
  }
  return Json{{"suites", std::move(out)}};
}

std::pair<long long, long long> battle_count(store::Store& store) {
  store::Statement s(store.connection(), "SELECT count(*), coalesce(max(id), 0) FROM battles");
  s.step("cannot count the battles");
  return {s.integer(0), s.integer(1)};
}

Json arena_leaderboard(store::Store& store, ComputedCache& cache) {
  const auto [count, top] = battle_count(store);
  if (count == 0) return nullptr;
  return cache.get("arena", std::to_string(count) + ":" + std::to_string(top), [&] {
    runner::LeaderboardOptions options;
    try {
      return runner::leaderboard_json(runner::build_leaderboard(&store, options));
    } catch (const InputError&) {
      return Json(nullptr);  // e.g. battles that name no model twice
    }
  });
}

}  // namespace evp::server
