// YAML 1.2 core-schema typing of scalars (quoted scalars stay strings) and key suggestions.
#include <gtest/gtest.h>

#include <cmath>

#include "suite/closest_key.h"
#include "suite/yaml_scalar.h"

namespace evp::suite {
namespace {

Json plain(const std::string& s) {
  return resolve_yaml_scalar(s, "?").value();
}

TEST(YamlScalar, PlainScalarsAreTypedByTheCoreSchema) {
  EXPECT_EQ(plain("42"), Json(42));
  EXPECT_TRUE(plain("42").is_number_integer());
  EXPECT_EQ(plain("-7"), Json(-7));
  EXPECT_EQ(plain("+5"), Json(5));
  EXPECT_EQ(plain("0x1F"), Json(31));
  EXPECT_EQ(plain("0o17"), Json(15));
  EXPECT_EQ(plain("-9223372036854775808"), Json(std::numeric_limits<long long>::min()));
  EXPECT_EQ(plain("18446744073709551615"), Json(18446744073709551615ULL));
  EXPECT_TRUE(plain("99999999999999999999").is_number_float());
  EXPECT_DOUBLE_EQ(plain("99999999999999999999").get<double>(), 1e20);
  EXPECT_EQ(plain("3.5"), Json(3.5));
  EXPECT_TRUE(plain("1e3").is_number_float());
  EXPECT_DOUBLE_EQ(plain("1e3").get<double>(), 1000.0);
  EXPECT_DOUBLE_EQ(plain(".5").get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(plain("2.").get<double>(), 2.0);
  EXPECT_EQ(plain(".inf").get<double>(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(plain("-.Inf").get<double>(), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(plain(".nan").get<double>()));
  EXPECT_EQ(plain("true"), Json(true));
  EXPECT_EQ(plain("True"), Json(true));
  EXPECT_EQ(plain("FALSE"), Json(false));
  EXPECT_EQ(plain("null"), Json(nullptr));
  EXPECT_EQ(plain("~"), Json(nullptr));
  EXPECT_EQ(plain(""), Json(nullptr));
  // YAML 1.1 spellings and near-numbers are strings in 1.2.
  EXPECT_EQ(plain("yes"), Json("yes"));
  EXPECT_EQ(plain("off"), Json("off"));
  EXPECT_EQ(plain("1_000"), Json("1_000"));
  EXPECT_EQ(plain("12abc"), Json("12abc"));
  EXPECT_EQ(plain("1e"), Json("1e"));
  EXPECT_EQ(plain("-"), Json("-"));
  EXPECT_EQ(plain("0x"), Json("0x"));
  EXPECT_EQ(plain("fast"), Json("fast"));
}

TEST(YamlScalar, QuotedAndStrTaggedScalarsStayStrings) {
  EXPECT_EQ(resolve_yaml_scalar("42", "!"), Json("42"));
  EXPECT_EQ(resolve_yaml_scalar("true", "!"), Json("true"));
  EXPECT_EQ(resolve_yaml_scalar("", "!"), Json(""));
  EXPECT_EQ(resolve_yaml_scalar("5", "tag:yaml.org,2002:str"), Json("5"));
}

TEST(YamlScalar, ExplicitCoreTagsMustMatchAndOtherTagsAreUnknown) {
  EXPECT_EQ(resolve_yaml_scalar("5", "tag:yaml.org,2002:int"), Json(5));
  EXPECT_TRUE(resolve_yaml_scalar("5", "tag:yaml.org,2002:float")->is_number_float());
  EXPECT_EQ(resolve_yaml_scalar("abc", "tag:yaml.org,2002:int"), std::nullopt);
  EXPECT_EQ(resolve_yaml_scalar("x", "!secret"), std::nullopt);
}

TEST(ClosestKey, SuggestsTheNearestKnownKey) {
  const std::vector<std::string_view> known = {"name", "models", "evaluators", "runs", "threshold"};
  EXPECT_EQ(closest_key("modles", known), "models");
  EXPECT_EQ(closest_key("Models", known), "models");
  EXPECT_EQ(closest_key("evaluator", known), "evaluators");
  EXPECT_EQ(closest_key("treshold", known), "threshold");
  EXPECT_EQ(closest_key("run", known), "runs");
  EXPECT_EQ(closest_key("xyz", known), std::nullopt);
  EXPECT_EQ(closest_key("mdl", known), std::nullopt);  // 3 edits from "models": too far
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("ab", "ba"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

}  // namespace
}  // namespace evp::suite
