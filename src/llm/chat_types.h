// What a chat completion call is made of: the endpoint (where, which model, with which
// parameters and limits), the request (messages and tools) and the result (the assistant
// message, or an error with its status code).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "model/evaluation_row.h"
#include "model/status.h"

namespace evp::llm {

// Per endpoint; enforced inside ChatClient so every rollout kind obeys them.
struct RateLimits {
  int concurrency = 64;  // requests in flight at most; 0 = no limit (and no AIMD)
  double rpm = 0;        // requests per minute; 0 = unlimited
  double tpm = 0;        // tokens per minute (prompt estimate + max_tokens); 0 = unlimited
  // AIMD: a 429 halves the concurrency limit; it grows back by one per
  // `adaptive_increase_after` successes, up to `concurrency`.
  bool adaptive = true;
  int adaptive_increase_after = 10;
};

struct RetryPolicy {
  int max_attempts = 5;  // first try included
  double base_delay_s = 0.5;
  double max_delay_s = 30;
  double timeout_s = 120;  // per attempt, connect included; 0 = no limit
};

struct Endpoint {
  std::string base_url;  // e.g. "https://api.openai.com/v1"; "/chat/completions" is appended
  std::string model;
  std::string api_key;  // sent as "Authorization: Bearer KEY" (omitted when empty); never logged
  // Body parameters (temperature, max_tokens, ...). An "extra_body" object is merged into
  // the top level, as the OpenAI SDKs do.
  Json params = Json::object();
  std::map<std::string, std::string> headers;  // extra HTTP headers (e.g. an org id)
  RateLimits limits;
  RetryPolicy retry;
  bool stream = false;
};

struct ChatRequest {
  // The conversation; sent as model::chat_api_json (without Eval Protocol's own fields).
  std::vector<model::Message> messages;
  std::optional<Json> tools;  // OpenAI tools; omitted when absent or empty
  // Body parameters of this request alone (e.g. a judge's response_format or max_tokens),
  // merged over the endpoint's params; absent for rollouts.
  std::optional<Json> params;
};

struct ChatResult {
  bool ok = false;
  // choices[0].message exactly as the server sent it, or assembled from a stream
  // (role, content, reasoning_content, tool_calls, and any other delta fields).
  Json message;
  std::optional<std::string> finish_reason;
  std::optional<model::Usage> usage;
  // The response body as received; for a stream, the chat.completion object assembled from
  // the chunks (id, model, created, choices[0].message, finish_reason, usage) as JSON text.
  std::string raw_body;
  double latency_s = 0;          // the last attempt: request sent to last byte received
  double total_s = 0;            // the whole call: limits, retries and backoff included
  std::optional<double> ttft_s;  // streaming: last attempt's start to its first token
  int attempts = 0;
  // Failure (ok == false): the last HTTP status (0 if none), the mapped code, and a message
  // naming the status and the server's error.message, with the API key redacted.
  long http_status = 0;
  model::StatusCode code = model::StatusCode::kOk;
  std::string error;
};

}  // namespace evp::llm
