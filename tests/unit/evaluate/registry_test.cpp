// make_evaluator / make_evaluators: common keys, unknown types and keys, duplicate names.
#include <gtest/gtest.h>

#include "evaluate_test_support.h"

namespace evp::evaluate::test {
namespace {

TEST(Registry, CommonKeysNameAndWeight) {
  auto e = make_evaluator(Json::parse(R"({"type":"contains","value":"42"})"));
  EXPECT_EQ(e->name(), "contains");
  EXPECT_EQ(e->weight(), 1.0);
  e = make_evaluator(
      Json::parse(R"({"type":"contains","value":"42","weight":2.5,"name":"has-42"})"));
  EXPECT_EQ(e->name(), "has-42");
  EXPECT_EQ(e->weight(), 2.5);
  // Null keys count as absent (YAML "name:" with no value).
  e = make_evaluator(Json::parse(R"({"type":"json_valid","name":null,"weight":null})"));
  EXPECT_EQ(e->name(), "json_valid");
  EXPECT_EQ(e->weight(), 1.0);
}

TEST(Registry, ConfigShapeErrors) {
  EXPECT_EQ(config_error(R"("contains")"), "evaluator: expected an object, got string");
  EXPECT_EQ(config_error(R"({"value":"42"})"), "evaluator: 'type' is required");
  EXPECT_EQ(config_error(R"({"type":7})"), "evaluator.type: expected a string, got number");
  EXPECT_EQ(config_error(R"({"type":"containz"})"),
            "evaluator: unknown type 'containz' (expected one of contains, contains_all, "
            "contains_any, cost, exact_match, format, icontains, json_schema, json_valid, "
            "latency, length, multiple_choice, numeric_answer, regex, repetition)");
  EXPECT_EQ(config_error(R"({"type":"contains","value":"x","weight":-1})"),
            "contains.weight: expected a non-negative number");
  EXPECT_EQ(config_error(R"({"type":"contains","value":"x","weight":"high"})"),
            "contains.weight: expected a non-negative number, got string");
  EXPECT_EQ(config_error(R"({"type":"contains","value":"x","name":""})"),
            "contains.name: expected a non-empty string");
  EXPECT_EQ(config_error(R"({"type":"contains","value":"x","name":3})"),
            "contains.name: expected a non-empty string, got number");
  // Unknown keys are reported in sorted order, after the type's own checks pass.
  EXPECT_EQ(config_error(R"({"type":"json_valid","zeta":1,"alpha":2})"),
            "json_valid: unknown key 'alpha'");
}

TEST(Registry, EveryTypeIsListedAndBuildable) {
  const std::vector<std::string> types = evaluator_types();
  EXPECT_EQ(types.size(), 15u);
  EXPECT_TRUE(std::is_sorted(types.begin(), types.end()));
  const Json minimal = Json::parse(R"({
    "contains_all": {"values": ["a"]}, "contains_any": {"values": ["a"]},
    "cost": {"max_usd": 1}, "format": {"preset": "think_answer"},
    "json_schema": {"schema": {}}, "latency": {"max_seconds": 1},
    "length": {"max_chars": 1}, "regex": {"pattern": "a"}})");
  for (const std::string& type : types) {
    Json config = minimal.contains(type) ? minimal[type] : Json::object();
    config["type"] = type;
    EXPECT_EQ(make_evaluator(config)->name(), type);
  }
}

TEST(Registry, EveryDocumentedKeyIsAccepted) {
  const char* configs[] = {
      R"({"type":"contains","value":"a"})",
      R"({"type":"icontains","value":"a"})",
      R"({"type":"contains_any","values":["a"],"ignore_case":true})",
      R"({"type":"contains_all","values":["a"],"ignore_case":true})",
      R"({"type":"cost","max_usd":1})",
      R"({"type":"exact_match","value":"a","ignore_case":true,"strip":false,
          "collapse_whitespace":true,"remove_punctuation":true})",
      R"({"type":"format","pattern":"a"})",
      R"({"type":"json_schema","schema":{"type":"object"}})",
      R"({"type":"json_valid"})",
      R"({"type":"latency","max_seconds":1})",
      R"({"type":"length","min_chars":1,"max_chars":2,"min_words":1,"max_words":2})",
      R"({"type":"multiple_choice","choices":"AB","value":"A"})",
      R"({"type":"numeric_answer","value":1,"tolerance":0,"relative_tolerance":0.1,
          "extract":"gsm8k"})",
      R"({"type":"regex","pattern":"a","ignore_case":true,"negate":true})",
      R"({"type":"repetition","ngram":2,"max_repeat_ratio":0.5})",
  };
  for (const char* config : configs) {
    EXPECT_EQ(config_error(config), "no error") << config;
  }
}

TEST(Registry, UnknownKeysAreReportedBeforeTypeChecks) {
  // The misspelt key is named, not the bound it failed to set.
  EXPECT_EQ(config_error(R"({"type":"length","max_word":3})"), "length: unknown key 'max_word'");
  EXPECT_EQ(config_error(R"({"type":"regex","patern":"a"})"), "regex: unknown key 'patern'");
}

TEST(Registry, MakeEvaluatorsRenamesDuplicates) {
  const auto list = make_evaluators(Json::parse(R"([
    {"type":"contains","value":"a"},
    {"type":"contains","value":"b"},
    {"type":"json_valid","name":"contains_3"},
    {"type":"contains","value":"c"},
    {"type":"regex","pattern":"x","name":"r"},
    {"type":"regex","pattern":"y","name":"r"}])"));
  std::vector<std::string> names;
  for (const auto& e : list) names.push_back(e->name());
  EXPECT_EQ(names, (std::vector<std::string>{"contains", "contains_2", "contains_3", "contains_4",
                                             "r", "r_2"}));
}

TEST(Registry, MakeEvaluatorsErrorsNameTheElement) {
  try {
    make_evaluators(Json::parse(R"([{"type":"json_valid"},{"type":"regex"}])"));
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "evaluators[1]: regex: 'pattern' is required");
  }
  try {
    make_evaluators(Json::parse(R"({"type":"json_valid"})"));
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "evaluators: expected an array, got object");
  }
  EXPECT_TRUE(make_evaluators(Json::array()).empty());
}

}  // namespace
}  // namespace evp::evaluate::test
