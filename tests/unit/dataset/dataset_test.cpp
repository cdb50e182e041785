// load_dataset on small files: each record format detected by content, JSON Lines, JSON arrays
// and CSV, exact file:line:column errors, skip_invalid, limits, duplicate ids, row-id stability.
#include <gtest/gtest.h>

#include <functional>

#include "base/errors.h"
#include "dataset/dataset.h"
#include "model/row_json.h"
#include "support/temp_dir.h"

namespace evp::dataset {
namespace {

using evp::test::TempDir;

// The what() of the InputError that loading throws ("" and a test failure when none).
std::string load_error(const std::filesystem::path& path, const DatasetOptions& options = {}) {
  try {
    load_dataset(path, options);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError from " << path;
  return "";
}

DatasetOptions skipping() {
  DatasetOptions o;
  o.skip_invalid = true;
  return o;
}

// Independently computed: "row-" + sha256 of
// {"ground_truth":"42","messages":[{"content":"What is 6*7?","role":"user"}]} (first 16 hex).
constexpr const char* kSixTimesSevenId = "row-c93a7e335adfa1b3";

// ---------------------------------------------------------------- record formats

TEST(DatasetJsonl, EvalProtocolRowIsReadAsIsWithUnknownFields) {
  TempDir dir;
  const std::string line =
      R"({"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"yo"}],)"
      R"("tools":[{"type":"function","function":{"name":"f"}}],"ground_truth":{"a":1},)"
      R"("input_metadata":{"row_id":"q-1","completion_params":{}},"custom":[1,2]})";
  const Dataset d = load_dataset(dir.write("q.jsonl", line + "\n"), {});
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_EQ(d.rows[0], model::row_from_json(Json::parse(line)));
  EXPECT_EQ(d.rows[0].input_metadata.row_id, "q-1");
  EXPECT_EQ(d.rows[0].extra, Json::parse(R"({"custom":[1,2]})"));
  EXPECT_EQ(d.lines, std::vector<int>{1});
  EXPECT_TRUE(d.skipped.empty());
}

TEST(DatasetJsonl, DetectsEachRecordFormatByContent) {
  TempDir dir;
  const auto path = dir.write(
      "mixed.jsonl",
      R"({"messages":[{"role":"user","content":"chat"}],"parallel_tool_calls":false})"
      "\n"
      R"({"input":"evals string","ideal":["a","b"],"id":7})"
      "\n"
      R"({"input":[{"role":"system","content":"S"},{"role":"user","content":"U"}],"ideal":"x"})"
      "\n"
      R"({"prompt":"p1","completion":"c1"})"
      "\n"
      R"({"prompt":"p2","answer":5,"response":"kept","topic":"t"})"
      "\n"
      R"({"prompt":"p3","response":"r3"})"
      "\n"
      R"({"prompt":[{"role":"user","content":"p4"}]})"
      "\n");
  const Dataset d = load_dataset(path, {});
  ASSERT_EQ(d.rows.size(), 7u);
  EXPECT_EQ(d.lines, (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));

  EXPECT_EQ(d.rows[0].messages[0].text(), "chat");
  EXPECT_EQ(d.rows[0].extra, Json::parse(R"({"parallel_tool_calls":false})"));
  EXPECT_FALSE(d.rows[0].ground_truth.has_value());

  ASSERT_EQ(d.rows[1].messages.size(), 1u);
  EXPECT_EQ(d.rows[1].messages[0].role, "user");
  EXPECT_EQ(d.rows[1].messages[0].text(), "evals string");
  EXPECT_EQ(d.rows[1].ground_truth, Json::parse(R"(["a","b"])"));
  EXPECT_EQ(d.rows[1].input_metadata.dataset_info, Json::parse(R"({"id":7})"));

  ASSERT_EQ(d.rows[2].messages.size(), 2u);
  EXPECT_EQ(d.rows[2].messages[0].role, "system");
  EXPECT_EQ(d.rows[2].messages[1].text(), "U");
  EXPECT_EQ(d.rows[2].ground_truth, Json("x"));
  EXPECT_FALSE(d.rows[2].input_metadata.dataset_info.has_value());

  EXPECT_EQ(d.rows[3].messages[0].text(), "p1");
  EXPECT_EQ(d.rows[3].ground_truth, Json("c1"));

  // "answer" comes before "response"; the other fields are dataset_info.
  EXPECT_EQ(d.rows[4].ground_truth, Json(5));
  EXPECT_EQ(d.rows[4].input_metadata.dataset_info,
            Json::parse(R"({"response":"kept","topic":"t"})"));

  EXPECT_EQ(d.rows[5].ground_truth, Json("r3"));

  EXPECT_EQ(d.rows[6].messages[0].text(), "p4");
  EXPECT_FALSE(d.rows[6].ground_truth.has_value());

  for (const auto& row : d.rows) {
    ASSERT_TRUE(row.input_metadata.row_id.has_value());
    EXPECT_EQ(row.input_metadata.row_id->rfind("row-", 0), 0u);
  }
}

TEST(DatasetJsonl, GroundTruthColumnOverridesTheFormatsOwnField) {
  TempDir dir;
  DatasetOptions o;
  o.ground_truth_column = "label";
  const auto path = dir.write("q.jsonl", R"({"prompt":"p","answer":"a","label":"L"})"
                                         "\n"
                                         R"({"prompt":"p2","answer":"a2"})"
                                         "\n");
  try {
    load_dataset(path, o);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.message(), "ground_truth_column: no field 'label' in this row");
  }
  o.skip_invalid = true;
  const Dataset d = load_dataset(path, o);
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_EQ(d.rows[0].ground_truth, Json("L"));
  EXPECT_EQ(d.rows[0].input_metadata.dataset_info, Json::parse(R"({"answer":"a"})"));
}

TEST(DatasetJsonl, PromptTemplateBuildsPlainObjects) {
  TempDir dir;
  DatasetOptions o;
  o.prompt_template = "Q: {question}";
  const auto path =
      dir.write("q.jsonl", R"({"question":"What is 6*7?","answer":"42","topic":"math"})"
                           "\n"
                           R"({"messages":[{"role":"user","content":"as is"}]})"
                           "\n"
                           R"({"topic":"no question"})"
                           "\n");
  o.skip_invalid = true;
  const Dataset d = load_dataset(path, o);
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0].messages[0].text(), "Q: What is 6*7?");
  EXPECT_EQ(d.rows[0].ground_truth, Json("42"));
  EXPECT_EQ(d.rows[0].input_metadata.dataset_info,
            Json::parse(R"({"question":"What is 6*7?","topic":"math"})"));
  // Independently computed: sha256 of {"dataset_info":{"question":"What is 6*7?","topic":"math"},
  // "ground_truth":"42","messages":[{"content":"Q: What is 6*7?","role":"user"}]}.
  EXPECT_EQ(d.rows[0].input_metadata.row_id, "row-31df33a0d22a9ca7");
  EXPECT_EQ(d.rows[1].messages[0].text(), "as is");  // rows with messages ignore the template
  ASSERT_EQ(d.skipped.size(), 1u);
  EXPECT_EQ(d.skipped[0].line, 3);
  EXPECT_EQ(d.skipped[0].message, "prompt_template: no column 'question' in this row");
}

// ---------------------------------------------------------------- JSON Lines details

TEST(DatasetJsonl, BlankLinesCrlfAndBomAreIgnoredAndLinesStayRight) {
  TempDir dir;
  const auto path = dir.write("q.jsonl",
                              "\xEF\xBB\xBF{\"prompt\":\"a\"}\r\n"
                              "\r\n"
                              "   \n"
                              "{\"prompt\":\"b\"}\r\n"
                              "\n"
                              "{\"prompt\":\"c\"}");
  const Dataset d = load_dataset(path, {});
  ASSERT_EQ(d.rows.size(), 3u);
  EXPECT_EQ(d.lines, (std::vector<int>{1, 4, 6}));
  EXPECT_EQ(d.rows[0].messages[0].text(), "a");
  EXPECT_EQ(d.rows[2].messages[0].text(), "c");
}

TEST(DatasetJsonl, InvalidJsonNamesFileLineAndColumn) {
  TempDir dir;
  const auto path = dir.write("q.jsonl", "{\"prompt\":\"a\"}\n\n{\"prompt\":1}}\n");
  try {
    load_dataset(path, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path.string() + ":3:13: invalid JSON: unexpected '}'; expected end of input");
    EXPECT_EQ(e.file(), path.string());
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 13);
  }
  // Column 13: just past the line's 12 bytes.
  const auto truncated = dir.write("t.jsonl", "{\"prompt\":\"a\n");
  EXPECT_EQ(load_error(truncated),
            truncated.string() +
                ":1:13: invalid JSON: invalid string: missing closing quote; last read: "
                "'\"a'");
}

TEST(DatasetJsonl, RecordShapeErrorsNameWhatWasExpected) {
  TempDir dir;
  const auto arr = dir.write("a.jsonl", "{\"prompt\":\"a\"}\n[1, 2]\n");
  EXPECT_EQ(load_error(arr),
            arr.string() +
                ":2: expected an object with \"messages\", \"input\" or \"prompt\", got array");
  const auto first_line = dir.write("f.jsonl", "[{\"prompt\":\"a\"}]\n");
  EXPECT_EQ(load_error(first_line),
            first_line.string() +
                ":1: expected an object with \"messages\", \"input\" or \"prompt\", got array");
  const auto other = dir.write("b.jsonl", "{\"question\":\"q\",\"answer\":\"a\"}\n");
  EXPECT_EQ(load_error(other),
            other.string() +
                ":1: expected an object with \"messages\", \"input\" or \"prompt\" (or a "
                "prompt_template), got keys: answer, question");
  const auto input = dir.write("c.jsonl", "{\"input\": 5}\n");
  EXPECT_EQ(load_error(input),
            input.string() + ":1: input: expected a string or an array of messages, got number");
}

TEST(DatasetJsonl, ModelPathErrorsAreReportedOnTheirLine) {
  TempDir dir;
  const auto path = dir.write(
      "q.jsonl", "{\"prompt\":\"ok\"}\n{\"messages\":[{\"role\":7,\"content\":\"x\"}]}\n");
  EXPECT_EQ(load_error(path),
            path.string() + ":2: messages[0].role: expected a string, got number");
  const auto input = dir.write("i.jsonl", "{\"input\":[{\"role\":\"user\",\"content\":5}]}\n");
  EXPECT_EQ(load_error(input),
            input.string() +
                ":1: input[0].content: expected a string, an array of parts or null, got number");
}

TEST(DatasetJsonl, SkipInvalidRecordsEachProblemAndGoesOn) {
  TempDir dir;
  const auto path = dir.write("q.jsonl",
                              "{\"prompt\":\"a\"}\n"
                              "{oops\n"
                              "{\"prompt\":\"b\"}\n"
                              "{\"messages\":[{\"role\":null}]}\n"
                              "\n"
                              "{\"prompt\":\"c\"}\n");
  const Dataset d = load_dataset(path, skipping());
  ASSERT_EQ(d.rows.size(), 3u);
  EXPECT_EQ(d.lines, (std::vector<int>{1, 3, 6}));
  ASSERT_EQ(d.skipped.size(), 2u);
  EXPECT_EQ(d.skipped[0].file, path.string());
  EXPECT_EQ(d.skipped[0].line, 2);
  EXPECT_EQ(d.skipped[0].column, 2);
  EXPECT_EQ(d.skipped[0].message,
            "invalid JSON: invalid literal; last read: '{o'; expected string literal");
  EXPECT_EQ(d.skipped[1].line, 4);
  EXPECT_EQ(d.skipped[1].column, 0);
  EXPECT_EQ(d.skipped[1].message, "messages[0].role: expected a string, got nothing");
}

TEST(DatasetJsonl, LimitStopsReadingEarly) {
  TempDir dir;
  const auto path = dir.write(
      "q.jsonl", "{\"prompt\":\"a\"}\n{\"prompt\":\"b\"}\n{\"prompt\":\"c\"}\nnot json\n");
  DatasetOptions o;
  o.limit = 2;
  const Dataset d = load_dataset(path, o);
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[1].messages[0].text(), "b");
  o.limit = 0;
  EXPECT_TRUE(load_dataset(path, o).rows.empty());
  o.limit = 3;  // the bad line comes after the limit: never read
  EXPECT_EQ(load_dataset(path, o).rows.size(), 3u);
}

// ---------------------------------------------------------------- row ids

TEST(DatasetRowIds, SameContentGivesTheSameIdInEveryFormat) {
  TempDir dir;
  const auto prompt = load_dataset(dir.write("p.jsonl", R"({"prompt":"What is 6*7?","answer":"42"})"
                                                        "\n"),
                                   {});
  const auto ep = load_dataset(
      dir.write("e.jsonl",
                R"({"messages":[{"role":"user","content":"What is 6*7?"}],"ground_truth":"42"})"
                "\n"),
      {});
  const auto csv = load_dataset(dir.write("c.csv", "prompt,answer\nWhat is 6*7?,42\n"), {});
  const auto arr =
      load_dataset(dir.write("a.json", R"([{"input":"What is 6*7?","ideal":"42"}])"), {});
  EXPECT_EQ(prompt.rows.at(0).input_metadata.row_id, kSixTimesSevenId);
  EXPECT_EQ(ep.rows.at(0).input_metadata.row_id, kSixTimesSevenId);
  EXPECT_EQ(csv.rows.at(0).input_metadata.row_id, kSixTimesSevenId);
  EXPECT_EQ(arr.rows.at(0).input_metadata.row_id, kSixTimesSevenId);
}

TEST(DatasetRowIds, DuplicateIdsNameBothLines) {
  TempDir dir;
  const auto path = dir.write("q.jsonl",
                              "{\"prompt\":\"What is 6*7?\",\"answer\":\"42\"}\n"
                              "{\"prompt\":\"other\"}\n"
                              "{\"answer\":\"42\",\"prompt\":\"What is 6*7?\"}\n");
  EXPECT_EQ(load_error(path), path.string() + ":3: duplicate row_id '" +
                                  std::string(kSixTimesSevenId) + "' (line 1 has the same id)");
  const Dataset d = load_dataset(path, skipping());
  EXPECT_EQ(d.rows.size(), 2u);
  ASSERT_EQ(d.skipped.size(), 1u);
  EXPECT_EQ(d.skipped[0].line, 3);

  const auto explicit_ids = dir.write("ids.jsonl",
                                      "{\"messages\":[],\"input_metadata\":{\"row_id\":\"a\"}}\n"
                                      "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                                      "\"input_metadata\":{\"row_id\":\"a\"}}\n");
  EXPECT_EQ(load_error(explicit_ids),
            explicit_ids.string() + ":2: duplicate row_id 'a' (line 1 has the same id)");
}

// ---------------------------------------------------------------- JSON arrays

TEST(DatasetJsonArray, ElementsGetTheLineTheyStartOn) {
  TempDir dir;
  const auto path = dir.write("q.json",
                              "[\n"
                              "  {\"prompt\": \"a\",\n"
                              "   \"answer\": \"x, ]\"},\n"
                              "  {\"input\": [{\"role\": \"user\", \"content\": \"b\"}],\n"
                              "   \"ideal\": [1, 2]}\n"
                              "  ,{\"prompt\": \"c\"}\n"
                              "]\n");
  const Dataset d = load_dataset(path, {});
  ASSERT_EQ(d.rows.size(), 3u);
  EXPECT_EQ(d.lines, (std::vector<int>{2, 4, 6}));
  EXPECT_EQ(d.rows[0].ground_truth, Json("x, ]"));
  EXPECT_EQ(d.rows[1].ground_truth, Json::parse("[1,2]"));
  EXPECT_EQ(d.rows[2].messages[0].text(), "c");
  EXPECT_TRUE(load_dataset(dir.write("empty.json", " [ ]\n"), {}).rows.empty());
}

TEST(DatasetJsonArray, ElementErrorsArePositionedAndSkippable) {
  TempDir dir;
  const auto path = dir.write("q.json",
                              "[{\"prompt\": \"a\"},\n"
                              " {\"prompt\": \"b\",\n"
                              "  \"answer\": tru},\n"
                              " {\"nothing\": 1},\n"
                              " {\"prompt\": \"d\"}]");
  EXPECT_EQ(load_error(path),
            path.string() + ":3:16: invalid JSON: invalid literal; last read: '\"answer\": tru}'");
  const Dataset d = load_dataset(path, skipping());
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.lines, (std::vector<int>{1, 5}));
  ASSERT_EQ(d.skipped.size(), 2u);
  EXPECT_EQ(d.skipped[0].line, 3);
  EXPECT_EQ(d.skipped[0].column, 16);
  EXPECT_EQ(d.skipped[1].line, 4);
  EXPECT_EQ(d.skipped[1].message,
            "expected an object with \"messages\", \"input\" or \"prompt\" (or a "
            "prompt_template), got keys: nothing");
}

TEST(DatasetJsonArray, BrokenStructureIsReportedWhereItBreaks) {
  TempDir dir;
  const auto missing_comma = dir.write("a.json", "[{\"prompt\": \"a\"}\n {\"prompt\": \"b\"}]");
  EXPECT_EQ(load_error(missing_comma),
            missing_comma.string() +
                ":2:2: invalid JSON: expected ',' or ']' after an array element, got '{'");
  const auto unclosed = dir.write("b.json", "[{\"prompt\": \"a\"},\n  {\"prompt\": \"b\"\n");
  EXPECT_EQ(
      load_error(unclosed),
      unclosed.string() + ":2:3: invalid JSON: the array element starting here is not closed");
  const auto trailing = dir.write("c.json", "[{\"prompt\": \"a\"}] x");
  EXPECT_EQ(load_error(trailing),
            trailing.string() + ":1:19: invalid JSON: unexpected content after the closing ']'");
  const auto dangling = dir.write("d.json", "[{\"prompt\": \"a\"},]");
  EXPECT_EQ(load_error(dangling),
            dangling.string() + ":1:18: invalid JSON: expected an array element, got ']'");
  // With skip_invalid the rows before the break are kept and the break is recorded.
  const Dataset d = load_dataset(missing_comma, skipping());
  EXPECT_EQ(d.rows.size(), 1u);
  ASSERT_EQ(d.skipped.size(), 1u);
  EXPECT_EQ(d.skipped[0].line, 2);
}

TEST(DatasetJsonArray, JsonFileHoldingJsonLinesIsReadAsJsonLines) {
  TempDir dir;
  const Dataset d =
      load_dataset(dir.write("q.json", "{\"prompt\":\"a\"}\n{\"prompt\":\"b\"}\n"), {});
  EXPECT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.lines, (std::vector<int>{1, 2}));
}

// ---------------------------------------------------------------- CSV

TEST(DatasetCsv, DefaultColumnsQuotingAndEmbeddedNewlines) {
  TempDir dir;
  const auto path = dir.write("q.csv",
                              "\xEF\xBB\xBFid,question,answer,topic\r\n"
                              "1,\"What is 6*7?\nThink step by step, then answer.\",42,math\r\n"
                              "2,\"Say \"\"hi\"\"\",hi,\"greet\r\nings\"\r\n"
                              "\r\n"
                              "3,plain,x,\n");
  const Dataset d = load_dataset(path, {});
  ASSERT_EQ(d.rows.size(), 3u);
  EXPECT_EQ(d.lines, (std::vector<int>{2, 4, 7}));
  EXPECT_EQ(d.rows[0].messages.size(), 1u);
  EXPECT_EQ(d.rows[0].messages[0].role, "user");
  EXPECT_EQ(d.rows[0].messages[0].text(), "What is 6*7?\nThink step by step, then answer.");
  EXPECT_EQ(d.rows[0].ground_truth, Json("42"));
  EXPECT_EQ(d.rows[0].input_metadata.dataset_info, Json::parse(R"({"id":"1","topic":"math"})"));
  EXPECT_EQ(d.rows[1].messages[0].text(), "Say \"hi\"");
  EXPECT_EQ(d.rows[1].input_metadata.dataset_info,
            Json::parse(R"({"id":"2","topic":"greet\r\nings"})"));
  EXPECT_EQ(d.rows[2].input_metadata.dataset_info, Json::parse(R"({"id":"3","topic":""})"));
}

TEST(DatasetCsv, TemplateAndGroundTruthColumn) {
  TempDir dir;
  DatasetOptions o;
  o.prompt_template = "Q: {question} [{topic}]";
  o.ground_truth_column = "expected";
  const Dataset d =
      load_dataset(dir.write("q.csv", "question,topic,expected,answer\n6*7?,math,42,wrong\n"), o);
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_EQ(d.rows[0].messages[0].text(), "Q: 6*7? [math]");
  EXPECT_EQ(d.rows[0].ground_truth, Json("42"));
  EXPECT_EQ(d.rows[0].input_metadata.dataset_info,
            Json::parse(R"({"answer":"wrong","question":"6*7?","topic":"math"})"));
}

TEST(DatasetCsv, PromptColumnPreferenceAndNoGroundTruth) {
  TempDir dir;
  const Dataset d = load_dataset(dir.write("q.csv", "input,question,note\nI,Q,n\n"), {});
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_EQ(d.rows[0].messages[0].text(), "Q");  // question before input
  EXPECT_FALSE(d.rows[0].ground_truth.has_value());
  EXPECT_EQ(d.rows[0].input_metadata.dataset_info, Json::parse(R"({"input":"I","note":"n"})"));
}

TEST(DatasetCsv, HeaderErrors) {
  TempDir dir;
  const auto no_prompt = dir.write("a.csv", "x,y\n1,2\n");
  EXPECT_EQ(load_error(no_prompt, skipping()),
            no_prompt.string() +
                ":1: expected a header with a column named prompt, question or input (or a "
                "prompt_template), got columns: x, y");
  DatasetOptions o;
  o.prompt_template = "{x} {z}";
  EXPECT_EQ(
      load_error(no_prompt, o),
      no_prompt.string() + ":1: prompt_template: no column 'z' in the header (columns: x, y)");
  o.prompt_template = "{x}";
  o.ground_truth_column = "gold";
  EXPECT_EQ(load_error(no_prompt, o),
            no_prompt.string() +
                ":1: ground_truth_column: no column 'gold' in the header (columns: x, y)");
  const auto dup = dir.write("b.csv", "\n\nprompt, a ,a\n");
  EXPECT_EQ(load_error(dup),
            dup.string() + ":3: the header names column 'a' twice (columns 2 and 3)");
  const auto empty_name = dir.write("c.csv", "prompt,,b\n");
  EXPECT_EQ(load_error(empty_name), empty_name.string() + ":1: the header's column 2 has no name");
  o.prompt_template = "{oops";
  EXPECT_EQ(load_error(no_prompt, o),
            no_prompt.string() +
                ": prompt_template: the '{' at offset 0 is not closed (write {{ for a literal "
                "brace)");
}

TEST(DatasetCsv, RowErrorsArePositionedAndSkippable) {
  TempDir dir;
  const auto path = dir.write("q.csv",
                              "prompt,answer\n"
                              "a,1\n"
                              "\"b\nb\",2,extra\n"
                              "\"c\"x,3\n"
                              "d,4\n"
                              "e,\"never closed\n"
                              "f,6\n");
  EXPECT_EQ(load_error(path), path.string() + ":3: expected 2 fields as in the header, got 3");
  const Dataset d = load_dataset(path, skipping());
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.lines, (std::vector<int>{2, 6}));
  ASSERT_EQ(d.skipped.size(), 3u);
  EXPECT_EQ(d.skipped[0].line, 3);
  EXPECT_EQ(d.skipped[1].line, 5);
  EXPECT_EQ(d.skipped[1].column, 4);
  EXPECT_EQ(d.skipped[1].message,
            "expected ',' or the end of the line after a closing quote, got 'x'");
  EXPECT_EQ(d.skipped[2].line, 7);
  EXPECT_EQ(d.skipped[2].column, 3);
  EXPECT_EQ(d.skipped[2].message,
            "unterminated quoted field: the quote opened here is never closed");
}

// ---------------------------------------------------------------- files

TEST(DatasetFiles, EmptyFilesHaveNoRows) {
  TempDir dir;
  EXPECT_TRUE(load_dataset(dir.write("e.jsonl", ""), {}).rows.empty());
  EXPECT_TRUE(load_dataset(dir.write("e.csv", ""), {}).rows.empty());
  EXPECT_TRUE(load_dataset(dir.write("h.csv", "prompt,answer\n"), {}).rows.empty());
}

TEST(DatasetFiles, UnknownFormatAndMissingFile) {
  TempDir dir;
  const auto txt = dir.write("q.txt", "hello\n");
  EXPECT_EQ(load_error(txt),
            txt.string() + ": unknown dataset format: expected a .jsonl, .json or .csv file");
  // Unknown name, JSON content: read by content.
  EXPECT_EQ(load_dataset(dir.write("q.data", "{\"prompt\":\"a\"}\n"), {}).rows.size(), 1u);
  const auto missing = dir.path() / "missing.jsonl";
  EXPECT_EQ(load_error(missing), missing.string() + ": cannot read: No such file or directory");
  EXPECT_EQ(load_error(dir.path()),
            dir.path().string() + ": cannot read: is a directory, expected a file");
}

// The dataset shipped in examples/ must stay readable, with its own row ids.
TEST(DatasetFiles, ExampleDatasetLoads) {
  const Dataset d = load_dataset(
      std::filesystem::path(EVP_SOURCE_DIR) / "examples/quickstart/data/questions.jsonl", {});
  ASSERT_FALSE(d.rows.empty());
  EXPECT_TRUE(d.skipped.empty());
  EXPECT_EQ(d.rows[0].input_metadata.row_id, "arith-00");
}

// ---------------------------------------------------------------- row sink

TEST(DatasetSink, GetsTheSameRowsWithTheirLinesAndTheSameSkippedLines) {
  TempDir dir;
  const auto path = dir.write("q.jsonl",
                              "{\"prompt\":\"a\",\"answer\":\"1\"}\n"
                              "\n"
                              "{\"prompt\": broken}\n"
                              "{\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}\n");
  const Dataset collected = load_dataset(path, skipping());
  std::vector<std::pair<int, model::EvaluationRow>> streamed;
  const Dataset rest = load_dataset(path, skipping(), [&](int line, model::EvaluationRow&& row) {
    streamed.emplace_back(line, std::move(row));
  });
  EXPECT_TRUE(rest.rows.empty());
  EXPECT_TRUE(rest.lines.empty());
  ASSERT_EQ(streamed.size(), 2u);
  ASSERT_EQ(collected.rows.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(streamed[i].first, collected.lines[i]);
    EXPECT_EQ(model::to_json(streamed[i].second), model::to_json(collected.rows[i]));
  }
  EXPECT_EQ(streamed[1].first, 4);
  ASSERT_EQ(rest.skipped.size(), 1u);
  EXPECT_EQ(rest.skipped[0].line, 3);
  EXPECT_EQ(rest.skipped[0].message, collected.skipped[0].message);
}

TEST(DatasetSink, LimitAndDuplicateIdsApply) {
  TempDir dir;
  const auto path = dir.write("q.jsonl",
                              "{\"prompt\":\"a\",\"answer\":\"1\"}\n"
                              "{\"prompt\":\"a\",\"answer\":\"1\"}\n");
  int calls = 0;
  const auto count = [&](int, model::EvaluationRow&&) { ++calls; };
  EXPECT_THROW(load_dataset(path, {}, count), InputError);  // the same content twice
  calls = 0;
  DatasetOptions one;
  one.limit = 1;
  load_dataset(path, one, count);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace evp::dataset
