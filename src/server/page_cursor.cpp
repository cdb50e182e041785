// base64url (RFC 4648 section 5, no padding) around compact JSON.
#include "server/page_cursor.h"

#include <array>

#include "base/fast_json.h"
#include "server/api_types.h"

namespace evp::server {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

[[noreturn]] void bad_cursor() {
  throw ApiError(400, "cursor: not a cursor of this list");
}

}  // namespace

std::string encode_cursor(const Json& position) {
  const std::string bytes = position.dump();
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 63];
  return out;
}

Json decode_cursor(const std::string& cursor, const std::string& kind) {
  static const std::array<int, 256> value_of = [] {
    std::array<int, 256> table{};
    table.fill(-1);
    for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = i;
    return table;
  }();
  std::string bytes;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : cursor) {
    const int v = value_of[static_cast<unsigned char>(c)];
    if (v < 0) bad_cursor();
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  Json position = parse_json_text_or_discarded(bytes);
  if (!position.is_array() || position.empty() || position[0] != kind) bad_cursor();
  return position;
}

}  // namespace evp::server
