// JSON text appended without a tree (see json_writer.h). Valid UTF-8 strings, integers and
// containers are written here; what only nlohmann can decide exactly (doubles in its Grisu2
// shortest form, where U+FFFD goes in invalid UTF-8, binary values) goes through nlohmann's
// own serializer, so the bytes cannot drift from dump_json.
#include "model/json_writer.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>

namespace evp::model {
namespace {

// nlohmann's serializer writes through this adapter; it is pointed at the caller's string
// before each use, so one serializer per thread serves every call.
class RetargetableOutput final : public nlohmann::detail::output_adapter_protocol<char> {
 public:
  void write_character(char c) override { target_->push_back(c); }
  void write_characters(const char* s, std::size_t length) override { target_->append(s, length); }
  void retarget(std::string* target) { target_ = target; }

 private:
  std::string* target_ = nullptr;
};

// The serializer dump_json uses: compact, no ASCII escaping, invalid UTF-8 replaced.
struct LeafSerializer {
  std::shared_ptr<RetargetableOutput> output = std::make_shared<RetargetableOutput>();
  nlohmann::detail::serializer<Json> serializer{output, ' ', Json::error_handler_t::replace};
};

void dump_with_nlohmann(std::string& out, const Json& value) {
  thread_local LeafSerializer leaf;
  leaf.output->retarget(&out);
  leaf.serializer.dump(value, /*pretty_print=*/false, /*ensure_ascii=*/false, /*indent_step=*/0);
}

// For each ASCII byte, the letter of its escape: 0 for none, 'u' for \u00xx.
constexpr std::array<char, 128> kEscapeLetter = [] {
  std::array<char, 128> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<size_t>(c)] = 'u';
  t['\b'] = 'b';
  t['\t'] = 't';
  t['\n'] = 'n';
  t['\f'] = 'f';
  t['\r'] = 'r';
  t['"'] = '"';
  t['\\'] = '\\';
  return t;
}();

void append_escape(std::string& out, unsigned char c, char letter) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('\\');
  if (letter != 'u') {
    out.push_back(letter);
    return;
  }
  const char text[] = {'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
  out.append(text, sizeof text);
}

// Length of the well-formed UTF-8 sequence starting at s[i] (a byte >= 0x80), or 0 when it is
// ill-formed (Unicode table 3-7: no overlong forms, surrogates or code points past U+10FFFF;
// exactly what nlohmann's decoder accepts).
size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (s.size() - i < length) return 0;
  for (size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < low || b > high) return 0;
    low = 0x80;
    high = 0xBF;
  }
  return length;
}

// Whether any of the 8 bytes in `chunk` needs a closer look: a control character, '"', '\\'
// or a non-ASCII byte (the bit tricks of "Bit Twiddling Hacks": exact as a yes/no answer).
bool needs_a_closer_look(std::uint64_t chunk) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  const auto has_zero_byte = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighBits; };
  const std::uint64_t below_space = (chunk - kOnes * 0x20) & ~chunk & kHighBits;
  const std::uint64_t quote = has_zero_byte(chunk ^ (kOnes * '"'));
  const std::uint64_t backslash = has_zero_byte(chunk ^ (kOnes * '\\'));
  return (below_space | quote | backslash | (chunk & kHighBits)) != 0;
}

// Appends the escaped contents of `s`; false (with `out` partly written) on invalid UTF-8.
bool append_escaped_utf8(std::string& out, std::string_view s) {
  size_t verbatim_from = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (s.size() - i >= 8) {
      std::uint64_t chunk = 0;
      std::memcpy(&chunk, s.data() + i, sizeof chunk);
      if (!needs_a_closer_look(chunk)) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t length = utf8_sequence_length(s, i);
      if (length == 0) return false;
      i += length;
      continue;
    }
    const char letter = kEscapeLetter[c];
    if (letter != 0) {
      out.append(s.data() + verbatim_from, i - verbatim_from);
      append_escape(out, c, letter);
      verbatim_from = i + 1;
    }
    ++i;
  }
  out.append(s.data() + verbatim_from, s.size() - verbatim_from);
  return true;
}

template <typename Integer>
void append_decimal(std::string& out, Integer x) {
  std::array<char, 24> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), x);
  out.append(buffer.data(), result.ptr);
}

void append_json_array(std::string& out, const Json::array_t& values) {
  append_json_array_of(out, values, append_json_value);
}

void append_json_object(std::string& out, const Json::object_t& members) {
  append_json_object_of(out, members, append_json_value);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  const size_t start = out.size();
  out.push_back('"');
  if (append_escaped_utf8(out, s)) {
    out.push_back('"');
    return;
  }
  // Invalid UTF-8 is rare; nlohmann decides exactly where the replacement characters go.
  out.resize(start);
  dump_with_nlohmann(out, Json(std::string(s)));
}

void append_json_number(std::string& out, double x) {
  dump_with_nlohmann(out, Json(x));
}

void append_json_integer(std::string& out, long long x) {
  append_decimal(out, x);
}

void append_json_bool(std::string& out, bool b) {
  out.append(b ? "true" : "false");
}

void append_json_value(std::string& out, const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      out.append("null", 4);
      return;
    case Json::value_t::boolean:
      append_json_bool(out, value.get<bool>());
      return;
    case Json::value_t::number_integer:
      append_json_integer(out, value.get<Json::number_integer_t>());
      return;
    case Json::value_t::number_unsigned:
      append_decimal(out, value.get<Json::number_unsigned_t>());
      return;
    case Json::value_t::string:
      append_json_string(out, value.get_ref<const Json::string_t&>());
      return;
    case Json::value_t::array:
      append_json_array(out, value.get_ref<const Json::array_t&>());
      return;
    case Json::value_t::object:
      append_json_object(out, value.get_ref<const Json::object_t&>());
      return;
    default:  // doubles, binary: nlohmann's own formatting
      dump_with_nlohmann(out, value);
      return;
  }
}

JsonObjectWriter::JsonObjectWriter(std::string& out) : out_(out) {
  out_.push_back('{');
}

JsonObjectWriter::JsonObjectWriter(std::string& out, const Json& unknown) : out_(out) {
  out_.push_back('{');
  if (unknown.is_object()) {
    const auto& members = unknown.get_ref<const Json::object_t&>();
    next_unknown_ = members.begin();
    end_unknown_ = members.end();
  }
}

void JsonObjectWriter::separate() {
  if (!first_) out_.push_back(',');
  first_ = false;
}

void JsonObjectWriter::write_next_unknown() {
  separate();
  append_json_string(out_, next_unknown_->first);
  out_.push_back(':');
  append_json_value(out_, next_unknown_->second);
  ++next_unknown_;
}

void JsonObjectWriter::write_unknown_before(std::string_view key) {
  while (next_unknown_ != end_unknown_ && std::string_view(next_unknown_->first) < key) {
    write_next_unknown();
  }
}

std::string& JsonObjectWriter::key(std::string_view key) {
  write_unknown_before(key);
  // A known member wins over an unknown one of the same name.
  if (next_unknown_ != end_unknown_ && next_unknown_->first == key) ++next_unknown_;
  separate();
  out_.push_back('"');
  out_.append(key);
  out_.append("\":", 2);
  return out_;
}

void JsonObjectWriter::string_member(std::string_view k, std::string_view value) {
  append_json_string(key(k), value);
}

void JsonObjectWriter::number_member(std::string_view k, double value) {
  append_json_number(key(k), value);
}

void JsonObjectWriter::integer_member(std::string_view k, long long value) {
  append_json_integer(key(k), value);
}

void JsonObjectWriter::bool_member(std::string_view k, bool value) {
  append_json_bool(key(k), value);
}

void JsonObjectWriter::json_member(std::string_view k, const Json& value) {
  append_json_value(key(k), value);
}

void JsonObjectWriter::close() {
  while (next_unknown_ != end_unknown_) write_next_unknown();
  out_.push_back('}');
}

}  // namespace evp::model
