// "exp-YYYYMMDD-HHMMSS-xxxx" from a UTC time and 16 random bits.
#include "store/experiment_id.h"

#include <ctime>
#include <random>

#include <fmt/format.h>

namespace evp::store {

std::string format_experiment_id(std::chrono::system_clock::time_point time, uint16_t random) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("exp-{:04}{:02}{:02}-{:02}{:02}{:02}-{:04x}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, random);
}

std::string new_experiment_id() {
  std::random_device device;
  return format_experiment_id(std::chrono::system_clock::now(),
                              static_cast<uint16_t>(device() & 0xffff));
}

}  // namespace evp::store
