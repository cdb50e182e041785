// Wall-clock and monotonic time helpers: UTC ISO-8601 timestamps for rows, seconds since
// an arbitrary start for latencies.
#pragma once

#include <chrono>
#include <string>

namespace evp {

// "2026-11-28T17:51:09.123456+00:00", the shape Python's datetime.isoformat() gives for an
// aware UTC datetime, which is what Eval Protocol writes for created_at.
std::string utc_now_iso8601();
std::string format_utc_iso8601(std::chrono::system_clock::time_point t);

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace evp
