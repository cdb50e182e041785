// The request body of POST /chat/completions, built from an endpoint and a request.
#pragma once

#include <cstddef>
#include <string>

#include "base/json.h"
#include "llm/chat_types.h"

namespace evp::llm {

// endpoint.params, then the keys of params.extra_body over them, then the request's own params
// (their extra_body flattened the same way), then "model" and "messages", then the request's
// "tools" when non-empty (over any "tools" in params). Streaming adds "stream": true and
// "stream_options": {"include_usage": true} (merged into any stream_options given); otherwise
// "stream" and "stream_options" are removed, since the reply is parsed as one JSON document.
Json build_chat_body(const Endpoint& endpoint, const ChatRequest& request);

// The body as text, byte for byte dump_json(build_chat_body(endpoint, request)), without a
// body tree per request: the endpoint's part is serialized once around placeholders and each
// request's messages (and tools) are written into the gaps. A request with its own params
// (rare: judges) is built as a tree.
class ChatBodyWriter {
 public:
  explicit ChatBodyWriter(const Endpoint& endpoint);
  std::string body(const ChatRequest& request) const;
  // estimate_request_tokens of a body this writer wrote, `body_bytes` long. It reads the
  // endpoint's max tokens only, not those in a request's own params.
  double estimate_tokens(size_t body_bytes) const;

 private:
  // The dumped body split at its "messages" value and, when the request has tools, at its
  // "tools" value.
  struct Template {
    std::string head;    // up to the messages value
    std::string middle;  // between the messages and tools values (the rest when no tools)
    std::string tail;    // after the tools value
  };
  Endpoint endpoint_;  // for requests with their own params
  Template with_tools_;
  Template without_tools_;
  Json shape_;  // the body without messages: what the token estimate reads
};

// "{base_url}/chat/completions", without doubling a trailing slash.
std::string chat_completions_url(const std::string& base_url);

// The token estimate charged to the TPM bucket before the call: serialized body bytes / 4
// (rounded up) plus the body's max_completion_tokens, or else max_tokens, when set.
double estimate_request_tokens(const Json& body, size_t body_bytes);

}  // namespace evp::llm
