// Status mapping, error-message extraction and key redaction.
#include "llm/chat_errors.h"

#include "base/json.h"

namespace evp::llm {

using model::StatusCode;

StatusCode status_code_for_http(long http_status) {
  switch (http_status) {
    case 400:
    case 413:
    case 422:
      return StatusCode::kInvalidArgument;
    case 401:
      return StatusCode::kUnauthenticated;
    case 403:
      return StatusCode::kPermissionDenied;
    case 404:
      return StatusCode::kNotFound;
    case 408:
      return StatusCode::kDeadlineExceeded;
    case 409:
      return StatusCode::kAborted;
    case 429:
      return StatusCode::kResourceExhausted;
    default:
      return http_status >= 500 && http_status <= 599 ? StatusCode::kUnavailable
                                                      : StatusCode::kInternal;
  }
}

bool is_retryable_http_status(long http_status) {
  return http_status == 408 || http_status == 409 || http_status == 429 ||
         (http_status >= 500 && http_status <= 599);
}

namespace {

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string text_of(const Json& j) {
  return j.is_string() ? j.get<std::string>() : dump_json(j);
}

}  // namespace

std::string server_error_message(std::string_view body) {
  const Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object()) {
    if (auto e = j.find("error"); e != j.end()) {
      if (e->is_object()) {
        if (auto m = e->find("message"); m != e->end() && !m->is_null()) return text_of(*m);
      } else if (e->is_string()) {
        return e->get<std::string>();
      }
    }
    for (const char* key : {"message", "detail"}) {
      if (auto m = j.find(key); m != j.end() && !m->is_null()) return text_of(*m);
    }
  }
  const std::string_view trimmed = trim(body);
  constexpr size_t kMaxBytes = 200;
  if (trimmed.size() <= kMaxBytes) return std::string(trimmed);
  return std::string(trimmed.substr(0, kMaxBytes)) + "...";
}

std::string http_error_text(long http_status, std::string_view body) {
  std::string text = "HTTP " + std::to_string(http_status);
  const std::string message = server_error_message(body);
  if (!message.empty()) text += ": " + message;
  return text;
}

std::string redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  constexpr std::string_view kMask = "[REDACTED]";
  for (size_t pos = text.find(secret); pos != std::string::npos;
       pos = text.find(secret, pos + kMask.size())) {
    text.replace(pos, secret.size(), kMask);
  }
  return text;
}

}  // namespace evp::llm
