// Micro-benchmark of the per-rollout JSON work: parsing an Eval Protocol row, writing it
// back (through a JSON tree, and directly with the row writer), and deriving its content id.
#include <benchmark/benchmark.h>

#include "model/row_id.h"
#include "model/row_json.h"
#include "model/row_writer.h"

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

// A row as the runner stores it after one rollout and its evaluation: system, user and
// assistant messages, an evaluation result with two metrics, execution metadata with usage,
// cost and evp's own extra bag.
const char* kRealisticRow = R"({"messages":[
{"role":"system","content":"You are a careful math tutor. Think step by step, then give the final answer on its own line as **<number>**."},
{"role":"user","content":"A train leaves the station at 14:05 and arrives at 17:50. It travels at an average speed of 84 km/h.\nHow many kilometres does it travel?"},
{"role":"assistant","content":"The journey lasts from 14:05 to 17:50, which is 3 hours and 45 minutes = 3.75 hours.\nDistance = speed \u00d7 time = 84 km/h \u00d7 3.75 h = 315 km.\n\n**315**"}],
"input_metadata":{"row_id":"train-0042","completion_params":{"model":"gpt-4o-mini","temperature":0.7,"max_tokens":512},"dataset_info":{"source":"data/questions.jsonl","line":42}},
"rollout_status":{"code":100,"message":"Rollout finished","details":[]},"ground_truth":"315",
"evaluation_result":{"score":0.75,"is_score_valid":true,"reason":"2 metrics",
"metrics":{"exact_number":{"score":1.0,"is_score_valid":true,"reason":"expected 315, found 315","data":{"expected":315,"found":315}},
"format":{"score":0.5,"is_score_valid":true,"reason":"final answer bolded but not on its own line","data":{}}}},
"execution_metadata":{"invocation_id":"inv-7f3a","experiment_id":"exp-20261128-175109","rollout_id":"r-9b1c2d3e4f","run_id":"run-0",
"usage":{"prompt_tokens":87,"completion_tokens":64,"total_tokens":151,"prompt_tokens_details":{"cached_tokens":0}},
"cost_metrics":{"input_cost":1.305e-05,"output_cost":3.84e-05,"total_cost_dollar":5.145e-05},
"rollout_duration_seconds":1.2345678,"eval_duration_seconds":0.000123,"finish_reason":"stop","tool_call_count":0,
"extra":{"evp":{"model":"mini","run":0,"attempts":1,"latency_seconds":1.2298,"ttft_seconds":0.3121}}},
"created_at":"2026-11-28T17:51:09.123456+00:00","pid":4242})";

const evp::model::EvaluationRow& realistic_row() {
  static const auto row = evp::model::row_from_json(evp::Json::parse(kRealisticRow));
  return row;
}

void BM_WriteRealisticRowTree(benchmark::State& state) {
  const auto& row = realistic_row();
  for (auto _ : state) benchmark::DoNotOptimize(evp::dump_json(evp::model::to_json(row)));
}
BENCHMARK(BM_WriteRealisticRowTree);

void BM_WriteRealisticRowDirect(benchmark::State& state) {
  const auto& row = realistic_row();
  if (evp::model::row_json_text(row) != evp::dump_json(evp::model::to_json(row))) {
    state.SkipWithError("the direct writer differs from the tree path");
  }
  for (auto _ : state) benchmark::DoNotOptimize(evp::model::row_json_text(row));
}
BENCHMARK(BM_WriteRealisticRowDirect);

// Appending into a buffer reused across rows, as a writer batching rows would.
void BM_WriteRealisticRowDirectReused(benchmark::State& state) {
  const auto& row = realistic_row();
  std::string buffer;
  for (auto _ : state) {
    buffer.clear();
    evp::model::append_row_json(buffer, row);
    benchmark::DoNotOptimize(buffer.data());
  }
}
BENCHMARK(BM_WriteRealisticRowDirectReused);

void BM_WriteMessagesTree(benchmark::State& state) {
  const auto& messages = realistic_row().messages;
  for (auto _ : state) benchmark::DoNotOptimize(evp::dump_json(evp::model::to_json(messages)));
}
BENCHMARK(BM_WriteMessagesTree);

void BM_WriteMessagesDirect(benchmark::State& state) {
  const auto& messages = realistic_row().messages;
  for (auto _ : state) {
    std::string out;
    evp::model::append_messages_json(out, messages);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_WriteMessagesDirect);

void BM_ContentRowId(benchmark::State& state) {
  const auto row = evp::model::row_from_json(evp::Json::parse(kRow));
  for (auto _ : state) benchmark::DoNotOptimize(evp::model::content_row_id(row));
}
BENCHMARK(BM_ContentRowId);

}  // namespace
