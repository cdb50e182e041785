// Micro-benchmark of the per-rollout JSON work: parsing an Eval Protocol row, writing it
// back, and deriving its content id.
#include <benchmark/benchmark.h>

#include "model/row_id.h"
#include "model/row_json.h"

namespace {

const char* kRow = R"({"messages":[{"role":"system","content":"Answer with the number."},
{"role":"user","content":"Question 12345: what is 6*7?"},{"role":"assistant","content":"The answer is 42."}],
"input_metadata":{"row_id":"q-12345","completion_params":{"model":"bench","temperature":0}},
"rollout_status":{"code":100,"message":"Rollout finished","details":[]},"ground_truth":"42",
"evaluation_result":{"score":1.0,"is_score_valid":true,"metrics":{"contains":{"score":1.0,"is_score_valid":true,"reason":"found '42'","data":{}}}},
"execution_metadata":{"experiment_id":"exp","rollout_id":"abc","usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}},
"created_at":"2026-11-28T17:51:09.123456+00:00"})";

void BM_ParseRow(benchmark::State& state) {
  const std::string text = kRow;
  for (auto _ : state) benchmark::DoNotOptimize(evp::model::row_from_json(evp::Json::parse(text)));
}
BENCHMARK(BM_ParseRow);

void BM_WriteRow(benchmark::State& state) {
  const auto row = evp::model::row_from_json(evp::Json::parse(kRow));
  for (auto _ : state) benchmark::DoNotOptimize(evp::dump_json(evp::model::to_json(row)));
}
BENCHMARK(BM_WriteRow);

void BM_ContentRowId(benchmark::State& state) {
  const auto row = evp::model::row_from_json(evp::Json::parse(kRow));
  for (auto _ : state) benchmark::DoNotOptimize(evp::model::content_row_id(row));
}
BENCHMARK(BM_ContentRowId);

}  // namespace
