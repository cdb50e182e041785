// YAML 1.2 core schema resolution (see yaml_scalar.h).
#include "suite/yaml_scalar.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

namespace evp::suite {
namespace {

constexpr const char* kCoreTag = "tag:yaml.org,2002:";

bool all_of(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_octal(char c) {
  return c >= '0' && c <= '7';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::optional<Json> integer(std::string_view digits, int base, bool negative) {
  unsigned long long value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (!negative) {
    if (value <= static_cast<unsigned long long>(std::numeric_limits<long long>::max())) {
      return Json(static_cast<long long>(value));
    }
    return Json(value);
  }
  if (value <= static_cast<unsigned long long>(std::numeric_limits<long long>::max()) + 1ULL) {
    return Json(static_cast<long long>(0ULL - value));
  }
  return std::nullopt;
}

// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool is_core_float(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

Json resolve_plain(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  std::string_view v = s;
  const bool negative = v.front() == '-';
  std::string_view unsigned_part = v;
  if (v.front() == '-' || v.front() == '+') unsigned_part.remove_prefix(1);
  if (all_of(unsigned_part, is_digit)) {
    if (auto n = integer(unsigned_part, 10, negative)) return *n;
    return std::strtod(s.c_str(), nullptr);  // too large for 64 bits
  }
  if (v.size() > 2 && v.substr(0, 2) == "0o" && all_of(v.substr(2), is_octal)) {
    if (auto n = integer(v.substr(2), 8, false)) return *n;
  }
  if (v.size() > 2 && v.substr(0, 2) == "0x" && all_of(v.substr(2), is_hex)) {
    if (auto n = integer(v.substr(2), 16, false)) return *n;
  }
  if (is_core_float(v)) return std::strtod(s.c_str(), nullptr);
  if (unsigned_part == ".inf" || unsigned_part == ".Inf" || unsigned_part == ".INF") {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  return s;
}

}  // namespace

std::optional<Json> resolve_yaml_scalar(const std::string& text, const std::string& tag) {
  if (tag == "!" || tag == std::string(kCoreTag) + "str") return Json(text);
  if (tag == "?" || tag.empty()) return resolve_plain(text);
  if (tag.rfind(kCoreTag, 0) == 0) {
    const std::string kind = tag.substr(std::string(kCoreTag).size());
    const Json value = resolve_plain(text);
    if ((kind == "int" && value.is_number_integer()) || (kind == "float" && value.is_number()) ||
        (kind == "bool" && value.is_boolean()) || (kind == "null" && value.is_null())) {
      return kind == "float" ? Json(value.get<double>()) : value;
    }
  }
  return std::nullopt;
}

}  // namespace evp::suite
