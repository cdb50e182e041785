// Percent-decoding of request paths and query strings (server/url_decoding.h).
#include "server/url_decoding.h"

#include <gtest/gtest.h>

namespace evp::server {
namespace {

TEST(UrlDecoding, SplitsTargetAtTheFirstQuestionMark) {
  const SplitTarget plain = split_target("/api/experiments");
  EXPECT_EQ(plain.path, "/api/experiments");
  EXPECT_EQ(plain.query, "");
  const SplitTarget query = split_target("/api/x?a=1&b=?2");
  EXPECT_EQ(query.path, "/api/x");
  EXPECT_EQ(query.query, "a=1&b=?2");
  const SplitTarget absolute = split_target("http://127.0.0.1:8000/api/info?x=1");
  EXPECT_EQ(absolute.path, "/api/info");
  EXPECT_EQ(absolute.query, "x=1");
  EXPECT_EQ(split_target("http://127.0.0.1:8000").path, "/");
  EXPECT_EQ(split_target("http://127.0.0.1:8000?q").path, "/");
}

TEST(UrlDecoding, PercentDecodesBytesAndPlusOnlyInQueries) {
  EXPECT_EQ(percent_decode("a%20b%2Fc%2fd", false), "a b/c/d");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("%2B", true), "+");
  EXPECT_EQ(percent_decode("%E2%9C%93", false), "\xE2\x9C\x93");
  EXPECT_EQ(percent_decode("%00", false), std::string(1, '\0'));
  EXPECT_EQ(percent_decode("", false), "");
}

TEST(UrlDecoding, RejectsBadPercentEncoding) {
  EXPECT_EQ(percent_decode("%", false), std::nullopt);
  EXPECT_EQ(percent_decode("a%4", false), std::nullopt);
  EXPECT_EQ(percent_decode("%zz", false), std::nullopt);
  EXPECT_EQ(percent_decode("%4g", true), std::nullopt);
  EXPECT_EQ(percent_decode("ok%41", false), "okA");  // the last escape ends at the last byte
}

TEST(UrlDecoding, SplitsAndDecodesPathSegments) {
  using Segments = std::vector<std::string>;
  EXPECT_EQ(decode_path_segments(""), Segments{});
  EXPECT_EQ(decode_path_segments("info"), Segments{"info"});
  EXPECT_EQ(decode_path_segments("experiments/a%2Fb%20c/rollouts"),
            (Segments{"experiments", "a/b c", "rollouts"}));
  EXPECT_EQ(decode_path_segments("a+b/"), (Segments{"a+b", ""}));
  EXPECT_EQ(decode_path_segments("a//b"), (Segments{"a", "", "b"}));
  EXPECT_EQ(decode_path_segments("a/%zz"), std::nullopt);
}

TEST(UrlDecoding, DecodesQueryStrings) {
  using Query = std::map<std::string, std::string>;
  EXPECT_EQ(decode_query(""), Query{});
  EXPECT_EQ(
      decode_query("model=org%2Fm%2B1&q=hello+world&flag&x=1&x=2&&empty="),
      (Query{{"model", "org/m+1"}, {"q", "hello world"}, {"flag", ""}, {"x", "2"}, {"empty", ""}}));
  EXPECT_EQ(decode_query("a%20key=v=w"), (Query{{"a key", "v=w"}}));
  EXPECT_EQ(decode_query("a=%"), std::nullopt);
  EXPECT_EQ(decode_query("%x=1"), std::nullopt);
}

}  // namespace
}  // namespace evp::server
