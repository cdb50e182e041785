// How a failed chat call is described: the status code for an HTTP status, which statuses
// are worth retrying, the server's own error message, and redaction of the API key from
// every error text evp produces.
#pragma once

#include <string>
#include <string_view>

#include "model/status.h"

namespace evp::llm {

// 400/413/422 -> INVALID_ARGUMENT, 401 -> UNAUTHENTICATED, 403 -> PERMISSION_DENIED,
// 404 -> NOT_FOUND, 408 -> DEADLINE_EXCEEDED, 409 -> ABORTED, 429 -> RESOURCE_EXHAUSTED,
// 5xx -> UNAVAILABLE, anything else -> INTERNAL.
model::StatusCode status_code_for_http(long http_status);

// 408, 409, 429 and every 5xx; any other status is final.
bool is_retryable_http_status(long http_status);

// The message inside an error body: error.message, error (a string), message, or detail
// (FastAPI); otherwise the body itself, whitespace-trimmed and cut to 200 bytes.
std::string server_error_message(std::string_view body);

// "HTTP 400: <server message>", or "HTTP 503" for an empty body.
std::string http_error_text(long http_status, std::string_view body);

// Every occurrence of `secret` replaced by "[REDACTED]" (nothing when secret is empty).
std::string redact(std::string text, std::string_view secret);

}  // namespace evp::llm
