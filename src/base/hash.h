// Content hashing: SHA-256 (OpenSSL) as lowercase hex, used for row ids, suite hashes and
// response-cache keys so that the same content gives the same id on every machine.
#pragma once

#include <string>
#include <string_view>

namespace evp {

std::string sha256_hex(std::string_view data);

}  // namespace evp
