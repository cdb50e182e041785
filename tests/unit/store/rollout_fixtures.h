// Test data for the store tests: rollout records with every field set from the key, so a
// read-back can be compared field for field. The dataset position is derived from the row id
// (the same row always has the same position, as in a real experiment).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <tuple>

#include "store/records.h"

namespace evp::store::test {

inline long long position_of(const std::string& row_id) {
  return static_cast<long long>(std::hash<std::string>{}(row_id) % 1000000007ULL);
}

// The order Store::for_each_rollout reads an experiment in (RolloutFields::all).
inline bool in_store_order(const RolloutRecord& a, const RolloutRecord& b) {
  return std::tie(a.key.model, a.row_index, a.key.run) <
         std::tie(b.key.model, b.row_index, b.key.run);
}

inline RolloutRecord make_rollout(const std::string& experiment, const std::string& model,
                                  const std::string& row_id, int run, size_t json_bytes = 0) {
  RolloutRecord r;
  r.experiment_id = experiment;
  r.key = {model, row_id, run};
  r.row_index = position_of(row_id);
  r.status_code = run % 3 == 2 ? 13 : 100;
  r.score_valid = r.status_code == 100;
  r.score = 0.125 * run + static_cast<double>(row_id.size()) / 64.0;
  r.cost_usd = 0.0001 * (run + 1);
  r.latency_ms = 12.5 + run;
  r.prompt_tokens = 100 + run;
  r.completion_tokens = 7 * (run + 1);
  r.row_json = R"({"input_metadata":{"row_id":")" + row_id + R"("},"model":")" + model +
               R"(","run":)" + std::to_string(run);
  if (json_bytes > r.row_json.size() + 16) {
    r.row_json += R"(,"pad":")" + std::string(json_bytes - r.row_json.size() - 10, 'x') + "\"";
  }
  r.row_json += "}";
  return r;
}

inline void expect_same_rollout(const RolloutRecord& got, const RolloutRecord& want) {
  EXPECT_EQ(got.experiment_id, want.experiment_id);
  EXPECT_EQ(got.key, want.key);
  EXPECT_EQ(got.row_index, want.row_index);
  EXPECT_EQ(got.status_code, want.status_code);
  EXPECT_EQ(got.score_valid, want.score_valid);
  EXPECT_EQ(got.score, want.score);
  EXPECT_EQ(got.cost_usd, want.cost_usd);
  EXPECT_EQ(got.latency_ms, want.latency_ms);
  EXPECT_EQ(got.prompt_tokens, want.prompt_tokens);
  EXPECT_EQ(got.completion_tokens, want.completion_tokens);
  EXPECT_EQ(got.row_json, want.row_json);
}

}  // namespace evp::store::test
