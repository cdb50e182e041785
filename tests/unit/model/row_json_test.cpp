// Eval Protocol row round trips: known fields, unknown fields at every level, null omission,
// path-named errors, and content-derived row ids.
#include <gtest/gtest.h>

#include "base/errors.h"
#include "model/row_id.h"
#include "model/row_json.h"

namespace evp::model {
namespace {

// A row as Eval Protocol's Python SDK writes it (model_dump(exclude_none=True)), with extra
// keys at the row, input_metadata, execution_metadata and message levels.
const char* kEpRow = R"({
  "messages": [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": [{"type": "text", "text": "What is 6*7?"},
                                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAA"}}]},
    {"role": "assistant", "content": "", "reasoning_content": "multiply",
     "tool_calls": [{"id": "call_1", "type": "function", "index": 0,
                     "function": {"name": "calc", "arguments": "{\"a\":6,\"b\":7}"}}]},
    {"role": "tool", "tool_call_id": "call_1", "name": "calc", "content": "42"},
    {"role": "assistant", "content": "**42**", "weight": 1}
  ],
  "tools": [{"type": "function", "function": {"name": "calc", "parameters": {"type": "object"}}}],
  "input_metadata": {"row_id": "q-1", "completion_params": {"model": "m", "temperature": 0.0},
                     "dataset_info": {"split": "test"}, "custom_tag": "keep-me"},
  "rollout_status": {"code": 100, "message": "Rollout finished", "details": []},
  "ground_truth": {"answer": 42},
  "evaluation_result": {"score": 0.75, "is_score_valid": true, "reason": "ok",
                        "metrics": {"contains": {"score": 1.0, "is_score_valid": true,
                                                 "reason": "found", "data": {}}},
                        "agg_score": 0.7, "standard_error": 0.01},
  "execution_metadata": {"invocation_id": "inv", "experiment_id": "exp", "rollout_id": "r",
                         "run_id": "run-0",
                         "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15,
                                   "prompt_tokens_details": {"cached_tokens": 2}},
                         "cost_metrics": {"input_cost": 0.1, "output_cost": 0.2, "total_cost_dollar": 0.3},
                         "rollout_duration_seconds": 1.5, "finish_reason": "stop",
                         "tool_call_count": 1, "future_field": [1, 2]},
  "created_at": "2026-11-28T17:51:09.123456+00:00",
  "eval_metadata": {"name": "suite", "version": "0.1.0", "num_runs": 3,
                    "aggregation_method": "mean",
                    "status": {"code": 100, "message": "Evaluation finished", "details": []},
                    "passed_threshold": {"success": 0.8, "standard_error": 0.05}, "passed": false},
  "pid": 1234,
  "top_level_unknown": {"nested": true}
})";

TEST(RowJson, RoundTripKeepsEveryFieldIncludingUnknownOnes) {
  const Json in = Json::parse(kEpRow);
  const EvaluationRow row = row_from_json(in);
  EXPECT_EQ(to_json(row), in);
}

TEST(RowJson, ReadsTypedFields) {
  const EvaluationRow row = row_from_json(Json::parse(kEpRow));
  ASSERT_EQ(row.messages.size(), 5u);
  EXPECT_EQ(row.messages[1].text(), "What is 6*7?");
  ASSERT_TRUE(row.messages[2].tool_calls.has_value());
  EXPECT_EQ((*row.messages[2].tool_calls)[0].function.arguments, R"({"a":6,"b":7})");
  EXPECT_EQ(row.messages[2].reasoning_content, "multiply");
  EXPECT_EQ(row.messages[2].content, "");
  EXPECT_EQ(row.last_assistant_message()->text(), "**42**");
  EXPECT_EQ(row.input_metadata.row_id, "q-1");
  EXPECT_EQ(row.input_metadata.extra["custom_tag"], "keep-me");
  EXPECT_TRUE(row.rollout_status.is_finished());
  EXPECT_EQ(row.execution_metadata.usage->total_tokens, 15);
  EXPECT_EQ(row.execution_metadata.unknown["future_field"], Json::parse("[1,2]"));
  EXPECT_DOUBLE_EQ(row.evaluation_result->metrics.at("contains").score, 1.0);
  EXPECT_EQ(row.eval_metadata->passed_threshold->standard_error, 0.05);
  EXPECT_EQ(row.pid, 1234);
}

TEST(RowJson, NullFieldsAreOmittedOnOutput) {
  EvaluationRow row;
  row.messages.push_back(make_message("user", "hi"));
  const Json out = to_json(row);
  EXPECT_FALSE(out.contains("ground_truth"));
  EXPECT_FALSE(out.contains("evaluation_result"));
  EXPECT_FALSE(out.contains("pid"));
  EXPECT_FALSE(out["messages"][0].contains("tool_calls"));
  EXPECT_EQ(out["rollout_status"], Json::parse(R"({"code":101,"message":"Rollout is running","details":[]})"));
}

TEST(RowJson, NullContentIsReadAsNullAndOmitted) {
  const Message m = message_from_json(Json::parse(R"({"role":"assistant","content":null})"));
  EXPECT_TRUE(m.content.is_null());
  EXPECT_EQ(to_json(m), Json::parse(R"({"role":"assistant"})"));
  // Absent content takes Eval Protocol's default, the empty string.
  EXPECT_EQ(message_from_json(Json::parse(R"({"role":"user"})")).content, "");
}

TEST(RowJson, ErrorsNameTheJsonPath) {
  try {
    row_from_json(Json::parse(R"({"messages":[{"role":"user","content":"a"},{"role":7}]})"));
    FAIL() << "expected FormatError";
  } catch (const FormatError& e) {
    EXPECT_STREQ(e.what(), "messages[1].role: expected a string, got number");
  }
  try {
    row_from_json(Json::parse(R"({"messages":[{"role":"assistant","tool_calls":[{"id":"x"}]}]})"));
    FAIL() << "expected FormatError";
  } catch (const FormatError& e) {
    EXPECT_STREQ(e.what(), "messages[0].tool_calls[0].function: expected an object, got nothing");
  }
}

TEST(RowJson, LegacyStringStatusIsAccepted) {
  const auto row = row_from_json(Json::parse(R"({"messages":[],"rollout_status":"finished"})"));
  EXPECT_TRUE(row.rollout_status.is_finished());
}

TEST(RowId, SameContentSameIdDifferentContentDifferentId) {
  EvaluationRow a;
  a.messages.push_back(make_message("user", "What is 6*7?"));
  a.ground_truth = Json(42);
  EvaluationRow b = a;
  b.execution_metadata.rollout_id = "differs";  // volatile fields do not count
  b.created_at = "2020-01-01T00:00:00+00:00";
  EXPECT_EQ(content_row_id(a), content_row_id(b));
  b.ground_truth = Json(43);
  EXPECT_NE(content_row_id(a), content_row_id(b));
  // Pinned: the id must not change between versions or machines.
  EXPECT_EQ(content_row_id(a).size(), 20u);
  EXPECT_EQ(content_row_id(a).rfind("row-", 0), 0u);
}

TEST(RowId, EnsureKeepsAnExistingId) {
  EvaluationRow a;
  a.input_metadata.row_id = "mine";
  EXPECT_EQ(ensure_row_id(a), "mine");
}

}  // namespace
}  // namespace evp::model
