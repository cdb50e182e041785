// StoreWriter throughput: 1 KB rollouts added from one thread and committed by the writer
// thread, and rows handed over unserialized (the runner's way: the writer serializes them).
// Reported as items per second of wall time; compare the two in the same run.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "model/evaluation_row.h"
#include "model/message.h"
#include "store/store_writer.h"

namespace {

namespace fs = std::filesystem;
using evp::store::RolloutRecord;

fs::path fresh_store(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("evp-bench-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir / "evp.db";
}

RolloutRecord record(int i) {
  RolloutRecord r;
  r.experiment_id = "exp-bench";
  r.key = {"model-" + std::to_string(i % 4), "row-" + std::to_string(i / 4), 0};
  r.row_index = i / 4;
  r.score_valid = true;
  r.score = (i % 2) * 1.0;
  r.latency_ms = 12.5;
  r.metrics_json = R"({"contains":1.0})";
  return r;
}

void BM_StoreSerializedKilobyteRows(benchmark::State& state) {
  const std::string pad(1000, 'x');
  for (auto _ : state) {
    state.PauseTiming();
    const fs::path db = fresh_store("serialized");
    state.ResumeTiming();
    evp::store::StoreWriter writer(db);
    for (int i = 0; i < state.range(0); ++i) {
      RolloutRecord r = record(i);
      r.row_json = R"({"pad":")" + pad + "\"}";
      writer.add(std::move(r));
    }
    writer.flush();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_StoreSerializedKilobyteRows)->Arg(50000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_StoreRowsSerializedByTheWriter(benchmark::State& state) {
  auto row = std::make_shared<evp::model::EvaluationRow>();
  row->messages.push_back(evp::model::make_message("system", "Answer with the number."));
  row->messages.push_back(evp::model::make_message("user", "Question 12345: what is 6*7?"));
  row->messages.push_back(evp::model::make_message("assistant", "The answer is 42."));
  row->input_metadata.row_id = "row-0123456789abcdef";
  row->ground_truth = evp::Json("42");
  for (auto _ : state) {
    state.PauseTiming();
    const fs::path db = fresh_store("rows");
    state.ResumeTiming();
    evp::store::StoreWriter writer(db);
    for (int i = 0; i < state.range(0); ++i) {
      RolloutRecord r = record(i);
      r.row = row;
      writer.add(std::move(r));
    }
    writer.flush();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_StoreRowsSerializedByTheWriter)
    ->Arg(50000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
