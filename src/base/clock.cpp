// UTC timestamp formatting with microseconds, matching Python's isoformat().
#include "base/clock.h"

#include <ctime>

#include <fmt/format.h>

namespace evp {

std::string format_utc_iso8601(std::chrono::system_clock::time_point t) {
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  // Floor division: instants before 1970 keep a non-negative fraction.
  const long long secs = micros / 1000000 - (micros % 1000000 < 0 ? 1 : 0);
  const long long frac = micros - secs * 1000000;
  // Every rollout is stamped: the date and time part is formatted once per second.
  thread_local long long cached_secs = -1;
  thread_local std::string cached_prefix;
  if (secs != cached_secs || cached_prefix.empty()) {
    const auto when = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&when, &tm);
    cached_prefix = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.", tm.tm_year + 1900,
                                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_secs = secs;
  }
  std::string out;
  out.reserve(cached_prefix.size() + 12);
  out = cached_prefix;
  char digits[6];
  long long f = frac;
  for (int i = 5; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + f % 10);
    f /= 10;
  }
  out.append(digits, 6);
  out += "+00:00";
  return out;
}

std::string utc_now_iso8601() {
  return format_utc_iso8601(std::chrono::system_clock::now());
}

}  // namespace evp
