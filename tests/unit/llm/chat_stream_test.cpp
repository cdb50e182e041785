// ChatStreamAccumulator against the chunk shapes of OpenAI, vLLM, llama.cpp and Ollama.
#include "llm/chat_stream.h"

#include <gtest/gtest.h>

namespace evp::llm {
namespace {

void add_all(ChatStreamAccumulator& acc, const char* jsonl) {
  std::string_view rest(jsonl);
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    if (!line.empty()) acc.add(Json::parse(line));
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
}

// OpenAI: two parallel tool calls whose argument pieces interleave, then a finish chunk and
// the include_usage chunk with empty choices.
TEST(ChatStream, AssemblesParallelToolCallsByIndex) {
  ChatStreamAccumulator acc;
  add_all(acc, R"(
{"id":"c1","object":"chat.completion.chunk","created":5,"model":"gpt","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}],"usage":null}
{"id":"c1","object":"chat.completion.chunk","created":5,"model":"gpt","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":""}}]},"finish_reason":null}],"usage":null}
{"id":"c1","object":"chat.completion.chunk","created":5,"model":"gpt","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}],"usage":null}
{"id":"c1","object":"chat.completion.chunk","created":5,"model":"gpt","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"tz\":\"UTC\"}"}}]},"finish_reason":null}],"usage":null}
{"id":"c1","object":"chat.completion.chunk","created":5,"model":"gpt","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}],"usage":null}
{"id":"c1","object":"chat.completion.chunk","created":5,"model":"gpt","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"usage":null}
{"id":"c1","object":"chat.completion.chunk","created":5,"model":"gpt","choices":[],"usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99,"prompt_tokens_details":{"cached_tokens":0}}}
)");
  const Json expected_message = Json::parse(R"({
    "role": "assistant", "content": null,
    "tool_calls": [
      {"id": "call_a", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}},
      {"id": "call_b", "type": "function", "function": {"name": "get_time", "arguments": "{\"tz\":\"UTC\"}"}}]})");
  EXPECT_EQ(acc.message(), expected_message);
  EXPECT_EQ(acc.finish_reason(), "tool_calls");
  ASSERT_TRUE(acc.usage().has_value());
  EXPECT_EQ(acc.usage()->prompt_tokens, 82);
  EXPECT_EQ(acc.usage()->completion_tokens, 17);
  EXPECT_EQ(acc.usage()->total_tokens, 99);
  EXPECT_EQ(acc.usage()->extra, Json::parse(R"({"prompt_tokens_details":{"cached_tokens":0}})"));
  EXPECT_EQ(acc.completion(), Json::parse(R"({
    "id": "c1", "object": "chat.completion", "created": 5, "model": "gpt",
    "choices": [{"index": 0, "finish_reason": "tool_calls", "message": )" +
                                          expected_message.dump() + R"(}],
    "usage": {"prompt_tokens":82,"completion_tokens":17,"total_tokens":99,"prompt_tokens_details":{"cached_tokens":0}}})"));
  EXPECT_TRUE(acc.first_token_at().has_value());
  EXPECT_TRUE(acc.error().empty());
  EXPECT_EQ(acc.chunks(), 7u);
}

// vLLM / DeepSeek: reasoning_content deltas before content; vLLM ends with a usage chunk
// whose choices are null.
TEST(ChatStream, JoinsReasoningContentAndContent) {
  ChatStreamAccumulator acc;
  add_all(acc, R"(
{"id":"v","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}
{"id":"v","choices":[{"index":0,"delta":{"reasoning_content":"9.11 < "},"finish_reason":null}]}
{"id":"v","choices":[{"index":0,"delta":{"reasoning_content":"9.8"},"finish_reason":null}]}
{"id":"v","choices":[{"index":0,"delta":{"content":"9.8 is "},"finish_reason":null}]}
{"id":"v","choices":[{"index":0,"delta":{"content":"greater"},"finish_reason":"stop"}]}
{"id":"v","choices":null,"usage":{"prompt_tokens":12,"completion_tokens":8,"total_tokens":20}}
)");
  EXPECT_EQ(
      acc.message(),
      Json::parse(
          R"({"role":"assistant","content":"9.8 is greater","reasoning_content":"9.11 < 9.8"})"));
  EXPECT_EQ(acc.finish_reason(), "stop");
  EXPECT_EQ(acc.usage()->total_tokens, 20);
}

// Ollama and newer vLLM name the field "reasoning"; a server sending both names in one
// delta must not double the text.
TEST(ChatStream, ReadsReasoningUnderEitherName) {
  ChatStreamAccumulator ollama;
  add_all(ollama, R"(
{"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"We"}}]}
{"choices":[{"index":0,"delta":{"content":"","reasoning":" need"}}]}
{"choices":[{"index":0,"delta":{"content":"Yes"},"finish_reason":"stop"}]}
)");
  EXPECT_EQ(ollama.message(),
            Json::parse(R"({"role":"assistant","content":"Yes","reasoning_content":"We need"})"));

  ChatStreamAccumulator both;
  add_all(both, R"(
{"choices":[{"index":0,"delta":{"reasoning_content":"a","reasoning":"a"}}]}
{"choices":[{"index":0,"delta":{"reasoning_content":"b","reasoning":"b","content":"c"},"finish_reason":"stop"}]}
)");
  EXPECT_EQ(both.message(),
            Json::parse(R"({"role":"assistant","content":"c","reasoning_content":"ab"})"));
}

// llama.cpp puts usage (and timings) on the chunk that carries finish_reason.
TEST(ChatStream, TakesUsageFromTheFinishChunk) {
  ChatStreamAccumulator acc;
  add_all(acc, R"(
{"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Hi"}}],"created":1,"id":"l","model":"m.gguf","object":"chat.completion.chunk","timings":{"prompt_n":4}}
{"choices":[{"finish_reason":"length","index":0,"delta":{}}],"created":1,"id":"l","model":"m.gguf","object":"chat.completion.chunk","usage":{"completion_tokens":1,"prompt_tokens":4,"total_tokens":5},"timings":{"prompt_n":4}}
)");
  EXPECT_EQ(acc.finish_reason(), "length");
  EXPECT_EQ(acc.usage()->prompt_tokens, 4);
  EXPECT_EQ(acc.message(), Json::parse(R"({"role":"assistant","content":"Hi"})"));
}

TEST(ChatStream, KeepsOtherDeltaFieldsAndIgnoresOtherChoices) {
  ChatStreamAccumulator acc;
  add_all(acc, R"(
{"choices":[{"index":1,"delta":{"content":"other choice"}},{"index":0,"delta":{"refusal":"I can"}}]}
{"choices":[{"index":0,"delta":{"refusal":"not.","audio":{"id":"a1"}},"finish_reason":"stop"}]}
)");
  EXPECT_EQ(
      acc.message(),
      Json::parse(
          R"({"role":"assistant","content":null,"refusal":"I cannot.","audio":{"id":"a1"}})"));
  EXPECT_FALSE(acc.first_token_at().has_value());
}

TEST(ChatStream, RecordsAnErrorChunk) {
  ChatStreamAccumulator acc;
  add_all(acc, R"(
{"choices":[{"index":0,"delta":{"content":"par"}}]}
{"error":{"message":"upstream overloaded","type":"server_error"}}
)");
  EXPECT_EQ(acc.error(), "upstream overloaded");
}

}  // namespace
}  // namespace evp::llm
