// parse_json_text must give what Json::parse gives: the same values with the same number
// types, and on bad text the same exception (what() and byte). Checked over edge cases that
// the two parsers handle differently inside (numbers beyond 64 bits, -0, surrogates, control
// characters, repeated keys, trailing text) and over random documents.
#include "base/fast_json.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "base/fast_json_dom.h"

namespace evp {
namespace {

// Type and value, recursively: operator== alone calls 1 and 1.0 equal.
void expect_same(const Json& a, const Json& b, const std::string& where) {
  ASSERT_EQ(a.type(), b.type()) << where;
  if (a.is_object()) {
    ASSERT_EQ(a.size(), b.size()) << where;
    for (auto it = a.begin(), jt = b.begin(); it != a.end(); ++it, ++jt) {
      ASSERT_EQ(it.key(), jt.key()) << where;
      expect_same(*it, *jt, where + "." + it.key());
    }
  } else if (a.is_array()) {
    ASSERT_EQ(a.size(), b.size()) << where;
    for (size_t i = 0; i < a.size(); ++i)
      expect_same(a[i], b[i], where + "[" + std::to_string(i) + "]");
  } else if (a.is_number_float()) {
    const double x = a.get<double>(), y = b.get<double>();
    ASSERT_EQ(std::memcmp(&x, &y, sizeof x), 0) << where << ": " << x << " vs " << y;
  } else {
    ASSERT_EQ(a, b) << where;
  }
}

// The outcome of a parse as comparable text: the value with its type, or the exception.
void expect_like_nlohmann(const std::string& text) {
  SCOPED_TRACE("text: " + text);
  Json expected;
  std::string expected_error;
  size_t expected_byte = 0;
  try {
    expected = Json::parse(text);
  } catch (const Json::parse_error& e) {
    expected_error = e.what();
    expected_byte = e.byte;
  } catch (const Json::exception& e) {
    expected_error = e.what();
  }
  try {
    const Json got = parse_json_text(text);
    ASSERT_EQ(expected_error, "") << "Json::parse failed, parse_json_text did not";
    expect_same(got, expected, "$");
  } catch (const Json::parse_error& e) {
    EXPECT_EQ(e.what(), expected_error);
    EXPECT_EQ(e.byte, expected_byte);
  } catch (const Json::exception& e) {
    EXPECT_EQ(e.what(), expected_error);
  }
  const Json lenient = parse_json_text_or_discarded(text);
  EXPECT_EQ(lenient.is_discarded(), !expected_error.empty());
}

TEST(FastJson, EdgeCasesGiveJsonParsesValuesAndErrors) {
  const std::vector<std::string> cases = {
      // numbers
      "0", "-0.0", "[-0.5,-00]", "12", "-12", "1.0", "1E2", "1.5e3", "-1e-400", "0.1e-400",
      "12345678901234567890", "18446744073709551615", "18446744073709551616",
      "123456789012345678901234", "-9223372036854775808", "-9223372036854775809", "1e400",
      "1.7976931348623157e308", "4.9e-324", "0.30000000000000004", "01", "1.", ".5", "-", "+1",
      "1e", "NaN",
      // strings
      "\"a\\u0000b\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\\udc00x\"", "\"a\x01\"",
      "\"tab\there\"", "\"\xff\"", "\"\xc3\xa9t\xc3\xa9\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
      "\"\\x41\"", "\"\\u12\"", "\"open",
      // structure
      "[1,]", "[1 2]", "{\"a\":1,\"a\":2}", "{\"b\":[1,{\"c\":null}],\"a\":true,\"b\":false}",
      "1 2", " [] ", "\n{ \"k\" :\t\"v\" }\r\n", "tru", "nul", "{}x", "", " ", "{", "[", "{\"a\"}",
      "{\"a\":}", "{1:2}", "[[[[[[[[[[1]]]]]]]]]]", "{\"\":\"\"}", "[true,false,null]"};
  for (const auto& text : cases) expect_like_nlohmann(text);
}

// simdjson reads "-0" as the integer 0 without its sign: evp's tree has the unsigned 0 where
// Json::parse has the signed 0. Equal, and written back the same.
TEST(FastJson, MinusZeroIsTheDocumentedDifference) {
  const Json fast = parse_json_text("[-0]");
  const Json slow = Json::parse("[-0]");
  EXPECT_EQ(fast, slow);
  EXPECT_EQ(fast.dump(), slow.dump());
  EXPECT_TRUE(fast[0].is_number_unsigned());
  EXPECT_TRUE(slow[0].is_number_integer() && !slow[0].is_number_unsigned());
}

TEST(FastJson, NestingBeyondSimdjsonsDepthStillParses) {
  const std::string deep = std::string(1500, '[') + "7" + std::string(1500, ']');
  expect_like_nlohmann(deep);
  EXPECT_EQ(parse_json_text(deep).dump().size(), deep.size());
}

TEST(FastJson, DocumentsAboveTheKeptCapacityParse) {
  std::string big = "[";
  for (int i = 0; i < 200000; ++i) big += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
  big += "]";
  ASSERT_GT(big.size(), size_t{1} << 20);
  const Json j = parse_json_text(big);
  ASSERT_EQ(j.size(), 200000u);
  EXPECT_EQ(j[199999], "199999");
  EXPECT_EQ(parse_json_text("{\"small\":1}")["small"], 1);  // the thread's parser still works
}

// A random JSON document and, sometimes, a random corruption of it.
class RandomJson {
 public:
  explicit RandomJson(uint64_t seed) : rng_(seed) {}

  std::string value(int depth) {
    switch (pick(depth > 3 ? 6 : 8)) {
      case 0:
        return "null";
      case 1:
        return pick(2) ? "true" : "false";
      case 2:
        return std::to_string(static_cast<long long>(rng_()) >> pick(64));
      case 3:
        return number();
      case 4:
      case 5:
        return string();
      case 6: {
        std::string out = "[";
        for (int i = 0, n = pick(5); i < n; ++i) out += (i ? "," : "") + value(depth + 1);
        return out + "]";
      }
      default: {
        std::string out = "{";
        for (int i = 0, n = pick(5); i < n; ++i) {
          out += (i ? "," : "") + string() + ":" + value(depth + 1);
        }
        return out + "}";
      }
    }
  }

  std::string corrupt(std::string text) {
    static const std::string kBytes = "{}[],:\"\\0123456789.eE-+tfn \x01\x7f\xc3\xff";
    const size_t at = pick(static_cast<int>(text.size()) + 1);
    switch (pick(3)) {
      case 0:
        return text.insert(at, 1, kBytes[pick(static_cast<int>(kBytes.size()))]);
      case 1:
        return at < text.size() ? text.erase(at, 1) : text;
      default:
        if (at < text.size()) text[at] = kBytes[pick(static_cast<int>(kBytes.size()))];
        return text;
    }
  }

  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }

 private:
  std::string number() {
    static const std::vector<std::string> kShapes = {
        "0.5", "-2.25e-3", "6.02214076e23", "1e-7", "123456.789", "-0.0", "3E+2", "2.5E-1"};
    std::string n = kShapes[pick(static_cast<int>(kShapes.size()))];
    if (pick(2)) n.insert(n.find_first_of("0123456789"), std::to_string(pick(1000)));
    return n;
  }
  std::string string() {
    static const std::vector<std::string> kParts = {
        "a",        "key",          " ",   "\\n", "\\\"",    "\\\\",  "\\u00e9", "\\ud83d\\ude00",
        "\xc3\xa9", "\xe2\x82\xac", "\\t", "\\/", "\\u0000", "model", "content"};
    std::string s = "\"";
    for (int i = 0, n = pick(6); i < n; ++i) s += kParts[pick(static_cast<int>(kParts.size()))];
    return s + "\"";
  }

  std::mt19937_64 rng_;
};

TEST(FastJson, RandomDocumentsAndCorruptionsMatchJsonParse) {
  RandomJson gen(20261129);
  int rejected = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = gen.value(0);
    if (gen.pick(3) == 0) text = gen.corrupt(text);
    expect_like_nlohmann(text);
    if (parse_json_text_or_discarded(text).is_discarded()) ++rejected;
  }
  EXPECT_GT(rejected, 200);  // the corruptions did produce bad text
}

TEST(FastJson, DomElementsReadInPlace) {
  auto root = fast_json::parse_dom(R"({"choices":[{"message":{"content":"hi"}}],"n":-3})");
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(std::string_view((*root)["choices"].at(0)["message"]["content"]), "hi");
  expect_same(fast_json::to_json((*root)["n"]), Json(-3), "n");
  EXPECT_FALSE(fast_json::parse_dom("{\"a\":").has_value());
}

}  // namespace
}  // namespace evp
