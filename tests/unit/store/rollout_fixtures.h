// Test data for the store tests: rollout records with every field set from the key, so a
// read-back can be compared field for field.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "store/records.h"

namespace evp::store::test {

inline RolloutRecord make_rollout(const std::string& experiment, const std::string& model,
                                  const std::string& row_id, int run, size_t json_bytes = 0) {
  RolloutRecord r;
  r.experiment_id = experiment;
  r.key = {model, row_id, run};
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
