// json_valid and json_schema: fence unwrapping, parse errors, schema violations with paths.
#include <gtest/gtest.h>

#include "evaluate/text_utils.h"
#include "evaluate_test_support.h"

namespace evp::evaluate::test {
namespace {

TEST(JsonFence, UnwrapsOneJsonOrBareFence) {
  EXPECT_EQ(unwrap_json_fence("Here:\n```json\n{\"a\": 1}\n```\nDone."), "{\"a\": 1}");
  EXPECT_EQ(unwrap_json_fence("```JSON \n[1]\n```"), "[1]");
  EXPECT_EQ(unwrap_json_fence("```\n[1]\n```"), "[1]");
  EXPECT_EQ(unwrap_json_fence("  {\"a\": 1}  "), "{\"a\": 1}");
  // Other languages, two blocks and unclosed fences are left alone.
  EXPECT_EQ(unwrap_json_fence("```python\n[1]\n```"), "```python\n[1]\n```");
  EXPECT_EQ(unwrap_json_fence("```json\n[1]\n```\n```json\n[2]\n```"),
            "```json\n[1]\n```\n```json\n[2]\n```");
  EXPECT_EQ(unwrap_json_fence("```json\n[1]"), "```json\n[1]");
  EXPECT_EQ(unwrap_json_fence("```json [1]```"), "```json [1]```");
}

TEST(JsonValid, AcceptsAnyJsonDocument) {
  const char* config = R"({"type":"json_valid"})";
  EXPECT_EQ(run(config, make_row(R"({"a": [1, 2, {"b": null}]})")), "1 | valid JSON");
  EXPECT_EQ(run(config, make_row("42")), "1 | valid JSON");
  EXPECT_EQ(run(config, make_row("Sure!\n```json\n{\"a\": 1}\n```")), "1 | valid JSON");
}

TEST(JsonValid, RejectsWithTheParserMessage) {
  const char* config = R"({"type":"json_valid"})";
  EXPECT_EQ(run(config, make_row("{a: 1}")),
            "0 | not valid JSON: parse error at line 1, column 2: syntax error while parsing "
            "object key - invalid literal; last read: '{a'; expected string literal");
  // nlohmann reads "tra" as a broken "true" literal before it reports the trailing text.
  EXPECT_EQ(run(config, make_row("{\"a\": 1} trailing")),
            "0 | not valid JSON: parse error at line 1, column 12: syntax error while parsing "
            "value - invalid literal; last read: '1} tra'; expected end of input");
  EXPECT_EQ(run(config, make_row("  \n")), "0 | not valid JSON: the answer is empty");
  EXPECT_EQ(run(config, make_row(std::nullopt)), "invalid | no assistant message");
}

const char* kPersonSchema = R"({"type":"json_schema","schema":{
  "type":"object",
  "required":["name","tags"],
  "properties":{
    "name":{"type":"string"},
    "age":{"type":"integer","minimum":0},
    "tags":{"type":"array","items":{"type":"string"}}
  }}})";

TEST(JsonSchema, ValidDocument) {
  EXPECT_EQ(run(kPersonSchema, make_row(R"({"name":"Ada","age":36,"tags":["math"]})")),
            "1 | valid against the schema");
  EXPECT_EQ(run(kPersonSchema, make_row("```json\n{\"name\":\"Ada\",\"tags\":[]}\n```")),
            "1 | valid against the schema");
}

TEST(JsonSchema, NamesTheFirstViolationPath) {
  EXPECT_EQ(run(kPersonSchema, make_row(R"({"name":"Ada","tags":["a",7]})")),
            "0 | schema violation at $.tags[1]: Value type not permitted by 'type' constraint.");
  EXPECT_EQ(run(kPersonSchema, make_row(R"({"name":"Ada","age":-1,"tags":[]})")),
            "0 | schema violation at $.age: Expected number greater than or equal to 0.000000");
  EXPECT_EQ(run(kPersonSchema, make_row(R"({"tags":[]})")),
            "0 | schema violation at $: Missing required property 'name'.");
  EXPECT_EQ(run(kPersonSchema, make_row("[1]")),
            "0 | schema violation at $: Value type not permitted by 'type' constraint.");
}

TEST(JsonSchema, InvalidJsonAndMissingAnswer) {
  EXPECT_EQ(run(kPersonSchema, make_row("not json")),
            "0 | not valid JSON: parse error at line 1, column 2: syntax error while parsing "
            "value - invalid literal; last read: 'no'");
  EXPECT_EQ(run(kPersonSchema, make_row(std::nullopt)), "invalid | no assistant message");
}

TEST(JsonSchema, ConfigErrors) {
  EXPECT_EQ(config_error(R"({"type":"json_schema"})"), "json_schema: 'schema' is required");
  EXPECT_EQ(config_error(R"({"type":"json_schema","schema":"object"})"),
            "json_schema.schema: expected an object, got string");
  EXPECT_EQ(config_error(R"({"type":"json_schema","schema":{"$ref":"http://x/y.json"}})"),
            "json_schema.schema: invalid JSON Schema: Fetching of remote JSON References not "
            "enabled.");
  EXPECT_EQ(config_error(R"({"type":"json_valid","strict":true})"),
            "json_valid: unknown key 'strict'");
}

}  // namespace
}  // namespace evp::evaluate::test
