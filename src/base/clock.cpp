// UTC timestamp formatting with microseconds, matching Python's isoformat().
#include "base/clock.h"

#include <ctime>

#include <fmt/format.h>

namespace evp {

std::string format_utc_iso8601(std::chrono::system_clock::time_point t) {
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}+00:00", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     micros % 1000000);
}

std::string utc_now_iso8601() { return format_utc_iso8601(std::chrono::system_clock::now()); }

}  // namespace evp
