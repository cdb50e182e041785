// The cache's form of an answer: the direct writer produces exactly the JSON the tree path
// produced before (so old and new entries read alike), and every field reads back.
#include <gtest/gtest.h>

#include "model/row_json.h"
#include "runner/cached_model.h"

namespace evp::runner {
namespace {

// The definition the direct writer must match: a JSON tree, dumped.
std::string tree_form(const llm::ChatResult& r) {
  Json j{{"message", r.message}, {"latency_s", r.latency_s}};
  if (r.finish_reason) j["finish_reason"] = *r.finish_reason;
  if (r.usage) j["usage"] = model::to_json(*r.usage);
  if (r.ttft_s) j["ttft_s"] = *r.ttft_s;
  return dump_json(j);
}

TEST(CachedAnswer, IsTheTreeFormByteForByteAndReadsBack) {
  llm::ChatResult full;
  full.ok = true;
  full.attempts = 2;
  full.message = Json::parse(
      R"({"role":"assistant","content":"42 \"quoted\" \u00e9","reasoning_content":"r",)"
      R"("tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]})");
  full.finish_reason = "tool_calls";
  full.latency_s = 0.1234567;
  full.ttft_s = 0.015625;
  model::Usage usage;
  usage.prompt_tokens = 12;
  usage.completion_tokens = 5;
  usage.total_tokens = 17;
  usage.extra = Json{{"cached_tokens", 3}};
  full.usage = usage;
  llm::ChatResult bare;
  bare.ok = true;
  bare.message = Json{{"role", "assistant"}, {"content", ""}};
  for (const llm::ChatResult& r : {full, bare}) {
    const std::string text = cached_answer_json(r);
    EXPECT_EQ(text, tree_form(r));
    const llm::ChatResult back = cached_answer_from_json(Json::parse(text));
    EXPECT_TRUE(back.ok);
    EXPECT_EQ(back.attempts, 0) << "answers from the cache say so";
    EXPECT_EQ(back.message, r.message);
    EXPECT_EQ(back.finish_reason, r.finish_reason);
    EXPECT_EQ(back.latency_s, r.latency_s);
    EXPECT_EQ(back.ttft_s, r.ttft_s);
    EXPECT_EQ(back.usage.has_value(), r.usage.has_value());
    if (r.usage) {
      EXPECT_EQ(model::to_json(*back.usage), model::to_json(*r.usage));
    }
  }
}

}  // namespace
}  // namespace evp::runner
