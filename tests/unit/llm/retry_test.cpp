// Retry timing, Retry-After parsing, status mapping, error text and key redaction.
#include "llm/retry.h"

#include <gtest/gtest.h>

#include "llm/chat_errors.h"

namespace evp::llm {
namespace {

using model::StatusCode;

TEST(Retry, BackoffDoublesUpToTheMaximum) {
  RetryPolicy p;
  p.base_delay_s = 0.5;
  p.max_delay_s = 30;
  const double expected[] = {0.5, 1, 2, 4, 8, 16, 30, 30};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(backoff_cap_s(p, i), expected[i]) << i;
  EXPECT_EQ(backoff_cap_s(p, 1000), 30);
}

TEST(Retry, FullJitterScalesTheCap) {
  RetryPolicy p;
  p.base_delay_s = 0.25;
  EXPECT_EQ(full_jitter_s(p, 2, 0.0), 0.0);
  EXPECT_EQ(full_jitter_s(p, 2, 0.5), 0.5);   // cap 1.0
  EXPECT_EQ(full_jitter_s(p, 3, 0.75), 1.5);  // cap 2.0
}

TEST(Retry, ReadsRetryAfterSecondsMillisecondsAndDates) {
  const auto now = std::chrono::system_clock::from_time_t(1445412475);  // 07:27:55 GMT
  using H = std::map<std::string, std::string>;
  EXPECT_EQ(retry_after_s(H{{"retry-after", "2"}}, now), 2.0);
  EXPECT_EQ(retry_after_s(H{{"retry-after", "1.5"}}, now), 1.5);
  EXPECT_EQ(retry_after_s(H{{"retry-after", "2"}, {"retry-after-ms", "250"}}, now), 0.25);
  EXPECT_EQ(retry_after_s(H{{"retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"}}, now), 5.0);
  EXPECT_EQ(retry_after_s(H{{"retry-after", "Wed, 21 Oct 2015 07:27:00 GMT"}}, now), 0.0);
  EXPECT_EQ(retry_after_s(H{{"retry-after", "soon"}}, now), std::nullopt);
  EXPECT_EQ(retry_after_s(H{{"retry-after", "-3"}}, now), std::nullopt);
  EXPECT_EQ(retry_after_s(H{}, now), std::nullopt);
}

TEST(Retry, OnlyTransientStatusesAreRetryable) {
  for (long s : {408L, 409L, 429L, 500L, 502L, 503L, 504L, 599L})
    EXPECT_TRUE(is_retryable_http_status(s)) << s;
  for (long s : {200L, 301L, 400L, 401L, 403L, 404L, 413L, 422L})
    EXPECT_FALSE(is_retryable_http_status(s)) << s;
}

TEST(Retry, MapsHttpStatusesToCodes) {
  EXPECT_EQ(status_code_for_http(400), StatusCode::kInvalidArgument);
  EXPECT_EQ(status_code_for_http(422), StatusCode::kInvalidArgument);
  EXPECT_EQ(status_code_for_http(401), StatusCode::kUnauthenticated);
  EXPECT_EQ(status_code_for_http(403), StatusCode::kPermissionDenied);
  EXPECT_EQ(status_code_for_http(404), StatusCode::kNotFound);
  EXPECT_EQ(status_code_for_http(408), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(status_code_for_http(409), StatusCode::kAborted);
  EXPECT_EQ(status_code_for_http(429), StatusCode::kResourceExhausted);
  EXPECT_EQ(status_code_for_http(500), StatusCode::kUnavailable);
  EXPECT_EQ(status_code_for_http(503), StatusCode::kUnavailable);
  EXPECT_EQ(status_code_for_http(418), StatusCode::kInternal);
  EXPECT_EQ(status_code_for_http(302), StatusCode::kInternal);
}

TEST(Retry, FindsTheServerMessageInEachErrorShape) {
  EXPECT_EQ(server_error_message(
                R"({"error":{"message":"Invalid 'temperature'","type":"invalid_request_error"}})"),
            "Invalid 'temperature'");
  EXPECT_EQ(
      server_error_message(R"({"object":"error","message":"max_tokens too large","code":400})"),
      "max_tokens too large");  // vLLM
  EXPECT_EQ(server_error_message(R"({"error":"model 'x' not found"})"),
            "model 'x' not found");                                           // Ollama
  EXPECT_EQ(server_error_message(R"({"detail":"Not Found"})"), "Not Found");  // FastAPI
  EXPECT_EQ(server_error_message(R"({"detail":[{"loc":["body"]}]})"), R"([{"loc":["body"]}])");
  EXPECT_EQ(server_error_message("  <html>Bad Gateway</html>\n"), "<html>Bad Gateway</html>");
  EXPECT_EQ(server_error_message(std::string(250, 'x')), std::string(200, 'x') + "...");
  EXPECT_EQ(server_error_message(""), "");
}

TEST(Retry, ErrorTextNamesTheStatus) {
  EXPECT_EQ(http_error_text(400, R"({"error":{"message":"bad"}})"), "HTTP 400: bad");
  EXPECT_EQ(http_error_text(503, ""), "HTTP 503");
}

TEST(Retry, RedactsEveryOccurrenceOfTheKey) {
  EXPECT_EQ(redact("key sk-1 and sk-1!", "sk-1"), "key [REDACTED] and [REDACTED]!");
  EXPECT_EQ(redact("nothing", ""), "nothing");
  EXPECT_EQ(redact("aaaa", "aa"), "[REDACTED][REDACTED]");
}

}  // namespace
}  // namespace evp::llm
