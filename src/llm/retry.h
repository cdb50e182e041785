// Retry timing: exponential backoff with full jitter, and the server's Retry-After.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "llm/chat_types.h"

namespace evp::llm {

// The longest sleep before retry number `retry_index` (0 for the first retry):
// min(max_delay_s, base_delay_s * 2^retry_index).
double backoff_cap_s(const RetryPolicy& policy, int retry_index);

// Full jitter: the sleep is uniform in [0, cap]; `unit` is a uniform draw in [0, 1).
inline double full_jitter_s(const RetryPolicy& policy, int retry_index, double unit) {
  return unit * backoff_cap_s(policy, retry_index);
}

// How long the server asked us to wait, from lowercase response headers:
// "retry-after-ms" (milliseconds, as OpenAI and Azure send), else "retry-after" as
// delay-seconds or an HTTP-date (relative to `now`, never negative). nullopt when absent
// or unreadable.
std::optional<double> retry_after_s(const std::map<std::string, std::string>& headers,
                                    std::chrono::system_clock::time_point now);

}  // namespace evp::llm
