// Implementation of the text helpers.
#include "evaluate/text_utils.h"

#include <charconv>

namespace evp::evaluate {

std::string_view trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && is_ascii_space(s[b])) ++b;
  while (e > b && is_ascii_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool contains_ignore_case(std::string_view haystack, std::string_view lowered_needle) {
  if (lowered_needle.empty()) return true;
  if (haystack.size() < lowered_needle.size()) return false;
  const char first = lowered_needle[0];
  const std::size_t last_start = haystack.size() - lowered_needle.size();
  for (std::size_t i = 0; i <= last_start; ++i) {
    if (ascii_lower(haystack[i]) != first) continue;
    std::size_t k = 1;
    while (k < lowered_needle.size() && ascii_lower(haystack[i + k]) == lowered_needle[k]) ++k;
    if (k == lowered_needle.size()) return true;
  }
  return false;
}

namespace {
bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}
}  // namespace

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::size_t count_words(std::string_view s) {
  // A word starts at each non-space byte that follows a space (or the start): no carried
  // state but the previous byte, so the loop vectorizes.
  std::size_t n = 0;
  bool previous_space = true;
  for (char c : s) {
    const bool space = is_ascii_space(c);
    n += previous_space && !space;
    previous_space = space;
  }
  return n;
}

std::string shortened(std::string_view s, std::size_t max_code_points) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_continuation_byte(s[i])) continue;
    if (seen == max_code_points) return std::string(s.substr(0, i)) + "...";
    ++seen;
  }
  return std::string(s);
}

std::string single_quoted(std::string_view s, std::size_t max_code_points) {
  return "'" + shortened(s, max_code_points) + "'";
}

std::string format_number(double value) {
  if (value == 0) value = 0;  // no "-0"
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, end);
}

std::string_view unwrap_json_fence(std::string_view text) {
  const std::size_t open = text.find("```");
  if (open == std::string_view::npos) return trim(text);
  const std::size_t close = text.find("```", open + 3);
  if (close == std::string_view::npos) return trim(text);
  if (text.find("```", close + 3) != std::string_view::npos) return trim(text);
  std::size_t body = text.find('\n', open + 3);
  if (body == std::string_view::npos || body > close) return trim(text);
  const std::string_view info = trim(text.substr(open + 3, body - open - 3));
  if (!info.empty() && ascii_lower(info) != "json") return trim(text);
  return trim(text.substr(body + 1, close - body - 1));
}

}  // namespace evp::evaluate
