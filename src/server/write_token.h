// The write token of `evp ui`: generated at start unless given, checked in constant time on
// every write (`Authorization: Bearer TOKEN`), and turned into a non-secret voter id.
#pragma once

#include <string>
#include <string_view>

namespace evp::server {

// 32 random bytes (OpenSSL RAND_bytes) as 64 lowercase hex digits.
std::string generate_write_token();

// The first 16 hex digits of the token's SHA-256: what per-voter rate limits key on.
std::string voter_id(std::string_view token);

// The bearer token of an Authorization header value ("Bearer abc" -> "abc"; the scheme is
// case-insensitive), or empty when the header is not a bearer credential.
std::string_view bearer_token(std::string_view authorization);

class WriteToken {
 public:
  // `token` must not be empty.
  explicit WriteToken(std::string_view token);

  // True when `authorization` (the header's value) carries the token. The comparison is
  // over SHA-256 digests with CRYPTO_memcmp, so its time depends on neither the token's
  // length nor how much of it matches.
  bool authorizes(std::string_view authorization) const;
  const std::string& voter() const { return voter_; }

 private:
  std::string digest_;  // SHA-256 of the token, hex
  std::string voter_;
};

}  // namespace evp::server
