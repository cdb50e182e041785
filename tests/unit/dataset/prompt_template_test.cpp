// Prompt templates: placeholders, literal braces, value rendering and errors.
#include <gtest/gtest.h>

#include "base/errors.h"
#include "dataset/prompt_template.h"

namespace evp::dataset {
namespace {

TEST(PromptTemplate, FillsColumnsAndKeepsLiteralBraces) {
  const auto t = PromptTemplate::parse("Q: {question} ({topic}) {{json}} }{question}");
  EXPECT_EQ(t.columns(), (std::vector<std::string>{"question", "topic"}));
  const Json row = {{"question", "6*7?"}, {"topic", "math"}, {"unused", 1}};
  EXPECT_EQ(t.render(row), "Q: 6*7? (math) {json} }6*7?");
}

TEST(PromptTemplate, NonStringValuesRenderAsJsonAndNullAsEmpty) {
  const auto t = PromptTemplate::parse("[{n}|{b}|{o}|{z}]");
  const Json row = Json::parse(R"({"n": 42, "b": true, "o": {"k": [1, 2]}, "z": null})");
  EXPECT_EQ(t.render(row), R"([42|true|{"k":[1,2]}|])");
}

TEST(PromptTemplate, Errors) {
  try {
    PromptTemplate::parse("Q: {question");
    FAIL();
  } catch (const FormatError& e) {
    EXPECT_STREQ(e.what(),
                 "prompt_template: the '{' at offset 3 is not closed (write {{ for a literal "
                 "brace)");
  }
  try {
    PromptTemplate::parse("a {} b");
    FAIL();
  } catch (const FormatError& e) {
    EXPECT_STREQ(e.what(),
                 "prompt_template: empty placeholder '{}' at offset 2 (write {{}} for literal "
                 "braces)");
  }
  try {
    PromptTemplate::parse("{a}{b}").render(Json{{"a", "x"}});
    FAIL();
  } catch (const FormatError& e) {
    EXPECT_STREQ(e.what(), "prompt_template: no column 'b' in this row");
  }
}

}  // namespace
}  // namespace evp::dataset
