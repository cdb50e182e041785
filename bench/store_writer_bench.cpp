// StoreWriter throughput: 1 KB rollouts added from one thread and committed by the writer
// thread, reported as items per second of wall time.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

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

}  // namespace
