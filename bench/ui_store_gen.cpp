// Writes a synthetic evp store for the `evp ui` benchmark (bench/ui): one experiment of
// ROLLOUTS rollouts over 5 models (ROLLOUTS / 5 dataset rows, one run each), with rows shaped
// like real Eval Protocol rows of about 1 KB, 4% failures, pass/fail scores whose rate
// differs by model, a few thousand human-vote battles, and the experiment's report stored as
// `evp run` stores it. Usage: ui_store_gen DB [ROLLOUTS]
#include <cstdio>
#include <random>
#include <string>

#include "base/json.h"
#include "runner/report.h"
#include "store/store.h"
#include "store/store_writer.h"

namespace {

using evp::Json;

constexpr const char* kModels[] = {"gpt-small", "llama-70b", "mixtral", "qwen-72b", "ours-v2"};
constexpr double kPassRate[] = {0.55, 0.7, 0.6, 0.72, 0.75};

std::string row_json(long long row, int model, bool failed, double score, double latency_ms) {
  const std::string question = "Question " + std::to_string(row) +
                               ": a train leaves the station at " + std::to_string(row % 24) +
                               ":00 and travels at " + std::to_string(40 + row % 80) +
                               " km/h. How far has it gone after three hours? Show your work.";
  const std::string answer = "It travels " + std::to_string(40 + row % 80) +
                             " km each hour, so after three hours it has gone " +
                             std::to_string(3 * (40 + row % 80)) + " km. The answer is " +
                             std::to_string(3 * (40 + row % 80)) + ".";
  Json j = {
      {"messages", Json::array({{{"role", "system"}, {"content", "You are a careful math tutor."}},
                                {{"role", "user"}, {"content", question}},
                                {{"role", "assistant"}, {"content", failed ? "" : answer}}})},
      {"ground_truth", std::to_string(3 * (40 + row % 80))},
      {"input_metadata", {{"row_id", "row-" + std::to_string(row)}}},
      {"rollout_status", failed ? Json{{"code", 13}, {"message", "upstream 503 after 3 attempts"}}
                                : Json{{"code", 100}, {"message", "finished"}}},
      {"execution_metadata",
       {{"rollout_id", "ro-" + std::to_string(row) + "-" + std::to_string(model)},
        {"duration_seconds", latency_ms / 1000},
        {"usage", {{"prompt_tokens", 60}, {"completion_tokens", 35}, {"total_tokens", 95}}},
        {"extra", {{"evp", {{"model", kModels[model]}, {"run", 0}, {"attempts", 1}}}}}}},
      {"created_at", "2026-11-29T06:00:00Z"}};
  if (!failed) {
    j["evaluation_result"] = {
        {"score", score},
        {"is_score_valid", true},
        {"reason", score > 0 ? "found the expected number" : "expected number missing"},
        {"metrics",
         {{"contains", {{"score", score}, {"is_score_valid", true}, {"reason", "substring"}}}}}};
  }
  return j.dump();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ui_store_gen DB [ROLLOUTS]\n");
    return 2;
  }
  const long long rollouts = argc > 2 ? std::stoll(argv[2]) : 1000000;
  const long long rows = rollouts / 5;
  const std::string experiment = "exp-20261129-060000-bench";
  {
    auto store = evp::store::Store::open(argv[1]);
    evp::store::ExperimentRecord rec;
    rec.id = experiment;
    rec.suite_name = "bench-math";
    rec.suite_hash = "bench";
    rec.config = {{"name", "bench-math"}, {"threshold", {{"success", 0.6}}}};
    rec.evp_version = EVP_VERSION;
    rec.status = "finished";
    rec.total = rows * 5;
    store->create_experiment(rec);
  }
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0, 1);
  {
    evp::store::StoreWriter writer(argv[1], 4096);
    for (long long row = 0; row < rows; ++row) {
      for (int m = 0; m < 5; ++m) {
        evp::store::RolloutRecord r;
        r.experiment_id = experiment;
        r.key = {kModels[m], "row-" + std::to_string(row), 0};
        r.row_index = row;
        const bool failed = unit(rng) < 0.04;
        r.status_code = failed ? 13 : 100;
        r.score_valid = !failed;
        r.score = failed ? 0 : (unit(rng) < kPassRate[m] ? 1 : 0);
        r.latency_ms = 200 + 3000 * unit(rng) * unit(rng) + 150 * m;
        r.cost_usd = 0.0001 * (m + 1);
        r.prompt_tokens = 60;
        r.completion_tokens = failed ? 0 : 35;
        r.metrics_json = failed ? "{}" : (r.score > 0 ? R"({"contains":1})" : R"({"contains":0})");
        r.answer = failed ? "" : std::to_string(3 * (40 + row % 80));
        r.row_json = row_json(row, m, failed, r.score, r.latency_ms);
        writer.add(std::move(r));
      }
    }
    writer.flush();
  }
  auto store = evp::store::Store::open(argv[1]);
  std::vector<evp::store::BattleRecord> battles;
  for (int i = 0; i < 5000; ++i) {
    const int a = static_cast<int>(unit(rng) * 5),
              b = (a + 1 + static_cast<int>(unit(rng) * 4)) % 5;
    evp::store::BattleRecord battle;
    battle.suite_name = "bench-math";
    battle.model_a = kModels[a];
    battle.model_b = kModels[b];
    const double p = unit(rng);
    battle.winner = p < 0.1 ? "tie" : (p < 0.55 + 0.05 * (b - a) ? "model_a" : "model_b");
    battle.judge = "human";
    battles.push_back(battle);
  }
  store->add_battles(battles);
  // What `evp run` does at its end: the report it printed is kept for `evp ui`.
  evp::runner::save_report(*store, evp::runner::build_report(*store, experiment));
  std::printf("wrote %lld rollouts and %zu battles to %s\n", rows * 5, battles.size(), argv[1]);
  return 0;
}
