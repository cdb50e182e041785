// UTC timestamps as Python's isoformat(timespec="microseconds") writes them (values checked
// with Python's datetime); the per-second cache never serves another second's prefix.
#include "base/clock.h"

#include <gtest/gtest.h>

namespace evp {
namespace {

std::string at(long long micros) {
  return format_utc_iso8601(
      std::chrono::system_clock::time_point(std::chrono::microseconds(micros)));
}

TEST(Clock, FormatsUtcWithMicrosecondsLikePython) {
  EXPECT_EQ(at(0), "1970-01-01T00:00:00.000000+00:00");
  EXPECT_EQ(at(951782400000007), "2000-02-29T00:00:00.000007+00:00");
  EXPECT_EQ(at(1700000000123456), "2023-11-14T22:13:20.123456+00:00");
}

TEST(Clock, ConsecutiveCallsAcrossSecondsEachGetTheirOwnSecond) {
  EXPECT_EQ(at(1700000000999999), "2023-11-14T22:13:20.999999+00:00");
  EXPECT_EQ(at(1700000001000001), "2023-11-14T22:13:21.000001+00:00");
  EXPECT_EQ(at(1700000000500000), "2023-11-14T22:13:20.500000+00:00");  // back again
  EXPECT_EQ(at(1700000000500001), "2023-11-14T22:13:20.500001+00:00");
  const std::string now = utc_now_iso8601();
  ASSERT_EQ(now.size(), 32u);
  EXPECT_EQ(now.substr(26), "+00:00");
}

}  // namespace
}  // namespace evp
