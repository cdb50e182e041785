// TEST DOUBLE. What the fake OpenAI-compatible server answers: scripted replies, the
// default answer derived from the request, and builders for chat.completion JSON and
// chat.completion.chunk SSE events in OpenAI's shapes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/json.h"

namespace evp::test {

// One request as the fake server received it.
struct FakeRequest {
  std::string method;
  std::string target;                          // path and query, e.g. "/v1/chat/completions"
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  Json json;              // the parsed body; null when it is not JSON
  double received_s = 0;  // seconds since the server started
};

// One scripted answer: a body with a status, an SSE stream, a dropped connection, or
// (use_default) the default answer for the request, each after an optional delay.
struct FakeReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers
  double delay_s = 0;            // wait before answering (or before dropping)
  bool drop_connection = false;  // close the socket without answering
  // Answer with "Connection: close", then close the socket.
  bool connection_close = false;
  // Answer normally (the connection announced as kept alive), then close the socket: a
  // server whose keep-alive timeout passes right after answering.
  bool close_after_reply = false;
  // Non-empty: answer 200 text/event-stream, one "data: EVENT\n\n" per entry (chunked,
  // connection kept alive), `sse_gap_s` apart.
  std::vector<std::string> sse_events;
  double sse_gap_s = 0;
  int drop_after_events = -1;  // >= 0: close the socket after that many events
  bool use_default = false;    // answer with default_reply (after delay_s)

  static FakeReply json(const Json& body, int status = 200);
  static FakeReply completion(const std::string& content);  // json(make_completion(content))
  // {"error": {"message", "type", "param": null, "code": null}}, as OpenAI sends.
  static FakeReply error(int status, const std::string& message,
                         const std::string& type = "invalid_request_error");
  static FakeReply rate_limited(const std::string& retry_after = "0",
                                const std::string& message = "Rate limit reached");
  static FakeReply drop();
  static FakeReply malformed(const std::string& body = R"({"choices": [)");
  // `chunks` serialized as events, then "[DONE]".
  static FakeReply sse(const std::vector<Json>& chunks, double gap_s = 0);
  // The default answer, but only after `delay_s`.
  static FakeReply delayed_default(double delay_s);
};

struct CompletionSpec {
  std::string content;
  std::optional<std::string> reasoning_content;
  Json tool_calls = nullptr;  // an OpenAI tool_calls array, or null
  std::string finish_reason = "stop";
  std::string model = "fake-model";
  long long prompt_tokens = 10;
  long long completion_tokens = 5;
};

// A chat.completion with one choice and usage.
Json make_completion(const CompletionSpec& spec);
Json make_completion(const std::string& content);
// A chat.completion.chunk for choice 0; finish_reason null unless given.
Json make_chunk(const Json& delta, const Json& finish_reason = nullptr,
                const std::string& model = "fake-model");
// The final usage chunk OpenAI sends with stream_options.include_usage: "choices": [].
Json make_usage_chunk(long long prompt_tokens, long long completion_tokens,
                      const std::string& model = "fake-model");
// The chunks a server streams for `spec`: a role chunk, reasoning and content in pieces of
// at most `piece_chars` bytes, tool call deltas (name first, then arguments in pieces),
// the finish chunk, and the usage chunk.
std::vector<Json> make_stream_chunks(const CompletionSpec& spec, size_t piece_chars = 8);

struct FakeServerOptions {
  unsigned short port = 0;            // 0 = an ephemeral port
  double latency_s = 0;               // delay of every default answer
  int fail_every = 0;                 // every Nth chat request (default answers only) gets a 500
  int rate_limit_every = 0;           // every Nth gets a 429 with "Retry-After: 0"
  std::optional<std::string> answer;  // fixed content for default answers
  bool record_requests = true;        // keep every FakeRequest (turn off for load tests)
  std::string model = "fake-model";   // used when the request names no model
};

// The default answer to a POST .../chat/completions, deterministic so end-to-end tests can
// predict it:
// - content: options.answer if set; else, if the last message is a tool result, "tool
//   result: " + its text; else the text of the last user message, verbatim.
// - tool calls: if the last user message reads "CALL <name> <json arguments>" (arguments
//   optional, default {}), the request offers a tool <name>, and no tool result follows
//   that message, the answer is a call of that tool (id "call_1", finish_reason
//   "tool_calls", content null).
// - usage: prompt_tokens = ceil(bytes of all message texts / 4), completion_tokens =
//   ceil(bytes of the answer's content or arguments / 4) (each at least 1).
// - model: the request's "model", else options.model.
// - with "stream": true the same answer is streamed (make_stream_chunks); the usage chunk
//   is sent only when stream_options.include_usage is true.
FakeReply default_reply(const FakeRequest& request, const FakeServerOptions& options);

}  // namespace evp::test
