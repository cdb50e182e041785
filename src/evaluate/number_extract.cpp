// Implementation of number extraction.
#include "evaluate/number_extract.h"

#include <charconv>

#include "evaluate/text_utils.h"

namespace evp::evaluate {

namespace {

constexpr std::string_view kUnicodeMinus = "\xE2\x88\x92";  // U+2212

struct Token {
  double value = 0;
  std::size_t end = 0;  // one past the last byte read, including a trailing '%'
};

bool digit_at(std::string_view s, std::size_t i) {
  return i < s.size() && is_ascii_digit(s[i]);
}

// Byte length of a sign at i (0 when none).
std::size_t sign_length(std::string_view s, std::size_t i) {
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) return 1;
  if (s.substr(i).starts_with(kUnicodeMinus)) return kUnicodeMinus.size();
  return 0;
}

// Whether the byte before i allows a sign (or a number) to start at i.
bool sign_allowed_after(std::string_view s, std::size_t i) {
  if (i == 0) return true;
  const char p = s[i - 1];
  return !is_ascii_digit(p) && !is_ascii_alpha(p) && p != ')' && p != ']' && p != '.';
}

double to_double(std::string_view digits) {
  double v = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), v);
  return v;
}

// An unsigned decimal at i ("12", "1.5", ".5"): appends its digits to `out`, returns the end.
std::size_t read_unsigned(std::string_view s, std::size_t i, std::string& out, bool group) {
  std::size_t j = i;
  while (digit_at(s, j)) out += s[j++];
  const std::size_t int_len = j - i;
  if (group && int_len >= 1 && int_len <= 3) {
    while (j < s.size() && s[j] == ',' && digit_at(s, j + 1) && digit_at(s, j + 2) &&
           digit_at(s, j + 3) && !digit_at(s, j + 4)) {
      out.append(s.substr(j + 1, 3));
      j += 4;
    }
  }
  if (j < s.size() && s[j] == '.' && digit_at(s, j + 1)) {
    out += '.';
    ++j;
    while (digit_at(s, j)) out += s[j++];
  }
  return j;
}

// The number starting exactly at i, if one does.
std::optional<Token> read_number_at(std::string_view s, std::size_t i) {
  std::size_t j = i;
  bool negative = false;
  const std::size_t sign = sign_length(s, i);
  if (sign > 0) {
    if (!sign_allowed_after(s, i)) return std::nullopt;
    negative = s[i] != '+';
    j += sign;
  } else if (i > 0 && (is_ascii_digit(s[i - 1]) || s[i - 1] == '.')) {
    return std::nullopt;  // inside a number
  }
  const bool starts = digit_at(s, j) || (j < s.size() && s[j] == '.' && digit_at(s, j + 1));
  if (!starts) return std::nullopt;

  std::string digits;
  const std::size_t begin = j;
  j = read_unsigned(s, j, digits, /*group=*/true);
  const bool grouped = j - begin != digits.size();
  double value = to_double(digits);
  if (!grouped && j < s.size() && s[j] == '/') {
    std::string denominator;
    const std::size_t end = read_unsigned(s, j + 1, denominator, /*group=*/false);
    if (!denominator.empty() && to_double(denominator) != 0) {
      value /= to_double(denominator);
      j = end;
    }
  }
  if (j < s.size() && s[j] == '%') ++j;
  return Token{negative ? -value : value, j};
}

// Calls f(token) for every number in order.
template <typename F>
void for_each_number(std::string_view s, F&& f) {
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    const bool candidate =
        is_ascii_digit(c) || c == '.' || c == '-' || c == '+' || c == kUnicodeMinus[0];
    if (candidate) {
      if (std::optional<Token> t = read_number_at(s, i)) {
        if (!f(*t)) return;
        i = t->end;
        continue;
      }
    }
    ++i;
  }
}

// The balanced {...} group opening at s[open] == '{': its content and the index after '}'.
std::pair<std::string_view, std::size_t> brace_group(std::string_view s, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    if (s[i] == '{') ++depth;
    if (s[i] == '}' && --depth == 0) return {s.substr(open + 1, i - open - 1), i + 1};
  }
  return {s.substr(open + 1), s.size()};
}

}  // namespace

std::string simplify_latex(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '\\') {
      const std::string_view rest = s.substr(i + 1);
      std::size_t name_len = 0;
      if (rest.starts_with("frac{")) name_len = 4;
      if (rest.starts_with("dfrac{") || rest.starts_with("tfrac{")) name_len = 5;
      if (name_len > 0) {
        const auto [numerator, after_num] = brace_group(s, i + 1 + name_len);
        if (after_num < s.size() && s[after_num] == '{') {
          const auto [denominator, after_den] = brace_group(s, after_num);
          out += simplify_latex(numerator);
          out += '/';
          out += simplify_latex(denominator);
          i = after_den;
          continue;
        }
      }
      if (rest.starts_with(",") || rest.starts_with("!") || rest.starts_with(";")) {
        i += 2;
        continue;
      }
      if (rest.starts_with("$") || rest.starts_with("%")) {
        out += rest[0];
        i += 2;
        continue;
      }
    }
    if (s.substr(i).starts_with("{,}")) {
      out += ',';
      i += 3;
      continue;
    }
    out += s[i++];
  }
  return out;
}

std::optional<double> last_number(std::string_view text) {
  std::optional<double> last;
  for_each_number(text, [&](const Token& t) {
    last = t.value;
    return true;
  });
  return last;
}

std::optional<double> first_number(std::string_view text) {
  std::optional<double> first;
  for_each_number(text, [&](const Token& t) {
    first = t.value;
    return false;
  });
  return first;
}

std::optional<double> whole_number(std::string_view text) {
  text = trim(text);
  if (text.starts_with('$')) text = trim(text.substr(1));
  if (text.empty()) return std::nullopt;
  std::optional<Token> t = read_number_at(text, 0);
  if (!t || t->end != text.size()) return std::nullopt;
  return t->value;
}

std::optional<std::string_view> last_boxed_content(std::string_view text) {
  const std::size_t at = text.rfind("\\boxed{");
  if (at == std::string_view::npos) return std::nullopt;
  return brace_group(text, at + 6).first;
}

std::optional<std::string_view> gsm8k_tail(std::string_view text) {
  const std::size_t at = text.rfind("####");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view tail = text.substr(at + 4);
  const std::size_t eol = tail.find('\n');
  if (eol != std::string_view::npos) tail = tail.substr(0, eol);
  return tail;
}

std::optional<double> reference_number(std::string_view text) {
  if (std::optional<std::string_view> boxed = last_boxed_content(text)) {
    return last_number(simplify_latex(*boxed));
  }
  if (std::optional<std::string_view> tail = gsm8k_tail(text)) {
    return first_number(simplify_latex(*tail));
  }
  return whole_number(simplify_latex(text));
}

}  // namespace evp::evaluate
