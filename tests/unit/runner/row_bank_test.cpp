// RowBank: every row comes back exactly as it went in, with and without fields beyond the
// usual dataset ones (compared through the tree serializer), and ids are kept in order.
#include <gtest/gtest.h>

#include "model/row_json.h"
#include "runner/row_bank.h"

namespace evp::runner {
namespace {

model::EvaluationRow rich_row() {
  model::EvaluationRow row = model::row_from_json(Json::parse(R"({
    "messages": [
      {"role": "system", "content": "Be brief."},
      {"role": "user", "content": [{"type": "text", "text": "What is \u00e9 + 1?"}], "x-kept": 1},
      {"role": "assistant", "content": "", "tool_calls": [{"id": "c1", "type": "function",
        "function": {"name": "add", "arguments": "{\"a\":1}"}}]},
      {"role": "tool", "tool_call_id": "c1", "content": "2"}
    ],
    "tools": [{"type": "function", "function": {"name": "add", "parameters": {"type": "object"}}}],
    "ground_truth": {"answer": 2, "tolerance": 0.5},
    "input_metadata": {"row_id": "r-rich", "dataset_info": {"split": "test"}, "custom": [1, 2]},
    "unknown_top_level": {"kept": true}
  })"));
  return row;
}

TEST(RowBank, GivesBackEveryRowExactlyAndKeepsIdsInOrder) {
  RowBank bank;
  EXPECT_TRUE(bank.empty());
  const model::EvaluationRow rich = rich_row();
  model::EvaluationRow plain;
  plain.messages.push_back(model::make_message("user", "line\nbreak \"quoted\""));
  plain.input_metadata.row_id = "r-plain";
  plain.ground_truth = Json("42");
  bank.add(rich);
  bank.add(plain);
  model::EvaluationRow evaluated = plain;  // rare in a dataset: fields beyond the usual ones
  evaluated.input_metadata.row_id = "r-evaluated";
  evaluated.evaluation_result = model::EvaluateResult{};
  evaluated.evaluation_result->score = 0.5;
  evaluated.created_at = "2026-01-01T00:00:00Z";
  evaluated.rollout_status = model::Status::rollout_finished();
  bank.add(evaluated);
  ASSERT_EQ(bank.size(), 3u);
  EXPECT_EQ(bank.row_id(0), "r-rich");
  EXPECT_EQ(bank.row_id(1), "r-plain");
  EXPECT_EQ(model::to_json(bank.row(0)), model::to_json(rich));
  EXPECT_EQ(model::to_json(bank.row(1)), model::to_json(plain));
  EXPECT_EQ(model::to_json(bank.row(2)), model::to_json(evaluated));
  EXPECT_EQ(bank.row(2).evaluation_result->score, 0.5);
  // Each call parses anew: changing one copy does not change the bank.
  model::EvaluationRow copy = bank.row(1);
  copy.messages.clear();
  EXPECT_EQ(bank.row(1).messages.size(), 1u);
}

}  // namespace
}  // namespace evp::runner
