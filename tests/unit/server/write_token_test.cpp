// The write token: generation, bearer parsing, the check and the voter id
// (server/write_token.h), and the Origin and Host checks (server/request_origin.h).
#include "server/write_token.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "base/hash.h"
#include "server/request_origin.h"

namespace evp::server {
namespace {

TEST(WriteToken, GeneratedTokensAre64HexDigitsAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const std::string token = generate_write_token();
    EXPECT_TRUE(std::regex_match(token, std::regex("[0-9a-f]{64}"))) << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST(WriteToken, VoterIsTheFirst16HexDigitsOfTheTokensSha256) {
  EXPECT_EQ(voter_id("secret"), sha256_hex("secret").substr(0, 16));
  EXPECT_EQ(voter_id("secret").size(), 16u);
  EXPECT_EQ(WriteToken("secret").voter(), voter_id("secret"));
  EXPECT_NE(voter_id("secret"), voter_id("secret2"));
}

TEST(WriteToken, ReadsBearerCredentials) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer   abc  "), "abc");
  EXPECT_EQ(bearer_token("BEARER\tabc"), "abc");
  EXPECT_EQ(bearer_token("  Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("Basic abc"), "");
  EXPECT_EQ(bearer_token("Bearerabc"), "");
  EXPECT_EQ(bearer_token("Bearer"), "");
  EXPECT_EQ(bearer_token("Bearer   "), "");
  EXPECT_EQ(bearer_token(""), "");
}

TEST(WriteToken, AuthorizesOnlyTheExactToken) {
  const WriteToken token("s3cret-token");
  EXPECT_TRUE(token.authorizes("Bearer s3cret-token"));
  EXPECT_TRUE(token.authorizes("bearer s3cret-token"));
  EXPECT_FALSE(token.authorizes("Bearer s3cret-toke"));
  EXPECT_FALSE(token.authorizes("Bearer s3cret-token2"));
  EXPECT_FALSE(token.authorizes("Bearer S3CRET-TOKEN"));
  EXPECT_FALSE(token.authorizes("s3cret-token"));
  EXPECT_FALSE(token.authorizes("Basic s3cret-token"));
  EXPECT_FALSE(token.authorizes(""));
  EXPECT_THROW(WriteToken(""), std::invalid_argument);
}

TEST(RequestOrigin, SameOriginIsHttpPlusTheHostHeader) {
  EXPECT_TRUE(is_same_origin("http://127.0.0.1:8000", "127.0.0.1:8000"));
  EXPECT_TRUE(is_same_origin("http://LocalHost:8000", "localhost:8000"));
  EXPECT_TRUE(is_same_origin("http://[::1]:8000", "[::1]:8000"));
  EXPECT_FALSE(is_same_origin("http://127.0.0.1:8001", "127.0.0.1:8000"));
  EXPECT_FALSE(is_same_origin("https://127.0.0.1:8000", "127.0.0.1:8000"));
  EXPECT_FALSE(is_same_origin("http://evil.example", "127.0.0.1:8000"));
  EXPECT_FALSE(is_same_origin("http://127.0.0.1:8000.evil.example", "127.0.0.1:8000"));
  EXPECT_FALSE(is_same_origin("null", "127.0.0.1:8000"));
  EXPECT_FALSE(is_same_origin("http://", ""));
}

TEST(RequestOrigin, LoopbackHostHeaders) {
  EXPECT_TRUE(is_loopback_host_header("127.0.0.1:8000"));
  EXPECT_TRUE(is_loopback_host_header("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host_header("127.1.2.3:80"));
  EXPECT_TRUE(is_loopback_host_header("localhost:8000"));
  EXPECT_TRUE(is_loopback_host_header("LOCALHOST."));
  EXPECT_TRUE(is_loopback_host_header("app.localhost:8000"));
  EXPECT_TRUE(is_loopback_host_header("[::1]:8000"));
  EXPECT_FALSE(is_loopback_host_header("evil.example:8000"));
  EXPECT_FALSE(is_loopback_host_header("localhost.evil.example"));
  EXPECT_FALSE(is_loopback_host_header("10.0.0.1:8000"));
  EXPECT_FALSE(is_loopback_host_header("[::1"));
  EXPECT_FALSE(is_loopback_host_header("[::1]x"));
  EXPECT_FALSE(is_loopback_host_header(""));
}

}  // namespace
}  // namespace evp::server
