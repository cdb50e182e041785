// Write token generation and constant-time checking (see write_token.h).
#include "server/write_token.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

#include "base/hash.h"

namespace evp::server {

std::string generate_write_token() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("cannot generate a write token: OpenSSL RAND_bytes failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

std::string voter_id(std::string_view token) {
  return sha256_hex(token).substr(0, 16);
}

std::string_view bearer_token(std::string_view authorization) {
  auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!authorization.empty() && is_space(authorization.front())) authorization.remove_prefix(1);
  while (!authorization.empty() && is_space(authorization.back())) authorization.remove_suffix(1);
  static constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size() || !is_space(authorization[kScheme.size()])) return {};
  for (size_t i = 0; i < kScheme.size(); ++i) {
    const char c = authorization[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kScheme[i]) return {};
  }
  authorization.remove_prefix(kScheme.size());
  while (!authorization.empty() && is_space(authorization.front())) authorization.remove_prefix(1);
  return authorization;
}

WriteToken::WriteToken(std::string_view token)
    : digest_(sha256_hex(token)), voter_(voter_id(token)) {
  if (token.empty()) throw std::invalid_argument("the write token must not be empty");
}

bool WriteToken::authorizes(std::string_view authorization) const {
  const std::string_view presented = bearer_token(authorization);
  if (presented.empty()) return false;
  const std::string digest = sha256_hex(presented);
  return CRYPTO_memcmp(digest.data(), digest_.data(), digest_.size()) == 0;
}

}  // namespace evp::server
