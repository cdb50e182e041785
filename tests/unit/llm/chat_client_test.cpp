// ChatClient wire format and response parsing, plain and streamed, against the fake
// OpenAI server (a test double).
#include "llm/chat_client.h"

#include <gtest/gtest.h>

#include "model/row_json.h"

#include "unit/llm/chat_test_support.h"

namespace evp::llm {
namespace {

using evp::test::FakeOpenAiServer;
using evp::test::FakeReply;
using test::chat_once;
using test::fake_endpoint;
using test::user_says;

TEST(ChatClient, SendsTheOpenAiWireFormat) {
  FakeOpenAiServer server;
  Endpoint e = fake_endpoint(server);
  e.params = Json::parse(R"({"temperature":0,"max_tokens":32,"extra_body":{"top_k":5}})");
  e.headers["OpenAI-Organization"] = "org-1";
  ChatRequest request = user_says("hello");
  request.tools = Json::parse(
      R"([{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}])");
  const ChatResult result = chat_once(e, request);
  ASSERT_TRUE(result.ok) << result.error;

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/v1/chat/completions");
  EXPECT_EQ(r.headers.at("authorization"), "Bearer sk-test-123");
  EXPECT_EQ(r.headers.at("content-type"), "application/json");
  EXPECT_EQ(r.headers.at("accept"), "application/json");
  EXPECT_EQ(r.headers.at("openai-organization"), "org-1");
  EXPECT_EQ(r.headers.at("user-agent"), "evp/" EVP_VERSION);
  EXPECT_EQ(
      r.body,
      R"({"max_tokens":32,"messages":[{"content":"hello","role":"user"}],"model":"test-model",)"
      R"("temperature":0,"tools":[{"function":{"name":"f","parameters":{"type":"object"}},"type":"function"}],)"
      R"("top_k":5})");
  EXPECT_EQ(result.message, Json::parse(R"({"role":"assistant","content":"hello"})"));
}

TEST(ChatClient, OmitsAuthorizationWithoutAKey) {
  FakeOpenAiServer server;
  Endpoint e = fake_endpoint(server);
  e.api_key.clear();
  ASSERT_TRUE(chat_once(e, user_says("hi")).ok);
  EXPECT_EQ(server.requests().at(0).headers.count("authorization"), 0u);
}

TEST(ChatClient, ReadsAPlainCompletionExactly) {
  FakeOpenAiServer server;
  const char* body = R"({
    "id": "chatcmpl-9", "object": "chat.completion", "created": 1712345678, "model": "gpt-x",
    "system_fingerprint": "fp_1",
    "choices": [{"index": 0, "logprobs": null, "finish_reason": "tool_calls",
      "message": {"role": "assistant", "content": null, "refusal": null, "annotations": [],
                  "reasoning_content": "think first",
                  "tool_calls": [{"id": "call_9", "type": "function",
                                  "function": {"name": "lookup", "arguments": "{\"q\":\"x\"}"}}]}}],
    "usage": {"prompt_tokens": 21, "completion_tokens": 9, "total_tokens": 30,
              "completion_tokens_details": {"reasoning_tokens": 4}}})";
  FakeReply reply;
  reply.body = body;
  server.push(reply);
  const ChatResult result = chat_once(fake_endpoint(server), user_says("hi"));
  ASSERT_TRUE(result.ok) << result.error;
  const Json sent = Json::parse(body);
  EXPECT_EQ(result.message, sent["choices"][0]["message"]);
  EXPECT_EQ(result.finish_reason, "tool_calls");
  ASSERT_TRUE(result.usage.has_value());
  EXPECT_EQ(result.usage->prompt_tokens, 21);
  EXPECT_EQ(result.usage->completion_tokens, 9);
  EXPECT_EQ(result.usage->total_tokens, 30);
  EXPECT_EQ(result.usage->extra,
            Json::parse(R"({"completion_tokens_details":{"reasoning_tokens":4}})"));
  EXPECT_EQ(result.raw_body, body);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(result.http_status, 0);
  EXPECT_EQ(result.code, model::StatusCode::kOk);
  EXPECT_FALSE(result.ttft_s.has_value());
  EXPECT_GT(result.latency_s, 0.0);
  EXPECT_GE(result.total_s, result.latency_s);
}

TEST(ChatClient, StreamsAndAssemblesReasoningContentAndToolCalls) {
  FakeOpenAiServer server;
  evp::test::CompletionSpec spec;
  spec.content = "Let me check both.";
  spec.reasoning_content = "Two lookups are needed.";
  spec.tool_calls = Json::parse(R"([
    {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},
    {"id":"call_2","type":"function","function":{"name":"clock","arguments":"{\"tz\":\"CET\"}"}}])");
  spec.finish_reason = "tool_calls";
  spec.prompt_tokens = 40;
  spec.completion_tokens = 25;
  server.push(FakeReply::sse(evp::test::make_stream_chunks(spec, 5), 0.005));
  Endpoint e = fake_endpoint(server);
  e.stream = true;
  const ChatResult result = chat_once(e, user_says("weather and time?"));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.message, Json::parse(R"({
    "role": "assistant", "content": "Let me check both.", "reasoning_content": "Two lookups are needed.",
    "tool_calls": [
      {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},
      {"id":"call_2","type":"function","function":{"name":"clock","arguments":"{\"tz\":\"CET\"}"}}]})"));
  EXPECT_EQ(result.finish_reason, "tool_calls");
  ASSERT_TRUE(result.usage.has_value());
  EXPECT_EQ(result.usage->total_tokens, 65);
  const Json assembled = Json::parse(result.raw_body);
  EXPECT_EQ(assembled["object"], "chat.completion");
  EXPECT_EQ(assembled["choices"][0]["message"], result.message);
  ASSERT_TRUE(result.ttft_s.has_value());
  EXPECT_GT(*result.ttft_s, 0.0);
  EXPECT_LT(*result.ttft_s, result.latency_s);

  const auto requests = server.requests();
  const auto& r = requests.at(0);
  EXPECT_EQ(r.json["stream"], true);
  EXPECT_EQ(r.json["stream_options"], Json::parse(R"({"include_usage":true})"));
  EXPECT_EQ(r.headers.at("accept"), "text/event-stream");
}

TEST(ChatClient, StreamsTheFakeServersDefaultAnswer) {
  FakeOpenAiServer server;
  Endpoint e = fake_endpoint(server);
  e.stream = true;
  const std::string prompt = "a prompt of 31 bytes, or so yes";
  const ChatResult result = chat_once(e, user_says(prompt));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.message, Json({{"role", "assistant"}, {"content", prompt}}));
  EXPECT_EQ(result.finish_reason, "stop");
  ASSERT_TRUE(result.usage.has_value());
  EXPECT_EQ(result.usage->prompt_tokens, 8);  // ceil(31 / 4)
  EXPECT_EQ(result.usage->completion_tokens, 8);
}

TEST(ChatClient, AcceptsAPlainAnswerToAStreamRequest) {
  FakeOpenAiServer server;
  server.push(FakeReply::completion("not streamed"));
  Endpoint e = fake_endpoint(server);
  e.stream = true;
  const ChatResult result = chat_once(e, user_says("hi"));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.message["content"], "not streamed");
  EXPECT_FALSE(result.ttft_s.has_value());
}

TEST(ChatClient, DefaultAnswerTurnsACallDirectiveIntoAToolCall) {
  FakeOpenAiServer server;
  ChatRequest request = user_says(R"(CALL add {"a":1,"b":2})");
  request.tools = Json::parse(
      R"([{"type":"function","function":{"name":"add","parameters":{"type":"object"}}}])");
  const ChatResult call = chat_once(fake_endpoint(server), request);
  ASSERT_TRUE(call.ok) << call.error;
  EXPECT_EQ(call.finish_reason, "tool_calls");
  EXPECT_EQ(call.message, Json::parse(R"({"role":"assistant","content":null,"tool_calls":[
    {"id":"call_1","type":"function","function":{"name":"add","arguments":"{\"a\":1,\"b\":2}"}}]})"));

  request.messages.push_back(model::message_from_json(call.message));
  model::Message tool_result = model::make_message("tool", "3");
  tool_result.tool_call_id = "call_1";
  request.messages.push_back(tool_result);
  const ChatResult answer = chat_once(fake_endpoint(server), request);
  EXPECT_EQ(answer.message["content"], "tool result: 3");
  EXPECT_EQ(answer.finish_reason, "stop");
}

}  // namespace
}  // namespace evp::llm
