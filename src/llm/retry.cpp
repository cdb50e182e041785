// Backoff bounds and Retry-After parsing (HTTP-dates through curl_getdate).
#include "llm/retry.h"

#include <curl/curl.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace evp::llm {

double backoff_cap_s(const RetryPolicy& policy, int retry_index) {
  const double grown = policy.base_delay_s * std::ldexp(1.0, std::clamp(retry_index, 0, 62));
  return std::max(0.0, std::min(policy.max_delay_s, grown));
}

namespace {

// A non-negative decimal number and nothing else.
std::optional<double> parse_seconds(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789.") != std::string::npos) {
    return std::nullopt;
  }
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace

std::optional<double> retry_after_s(const std::map<std::string, std::string>& headers,
                                    std::chrono::system_clock::time_point now) {
  if (auto ms = headers.find("retry-after-ms"); ms != headers.end()) {
    if (auto v = parse_seconds(ms->second)) return *v / 1000.0;
  }
  auto it = headers.find("retry-after");
  if (it == headers.end()) return std::nullopt;
  if (auto v = parse_seconds(it->second)) return *v;
  const time_t when = curl_getdate(it->second.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  const double delta =
      std::chrono::duration<double>(std::chrono::system_clock::from_time_t(when) - now).count();
  return std::max(0.0, delta);
}

}  // namespace evp::llm
