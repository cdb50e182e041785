// read_json_lines_parallel hands on exactly what the one-thread reader reads (lines, columns,
// errors, rows, in file order) whatever the chunking; it stops when asked and passes on
// exceptions without hanging; load_dataset reads a big file through it with the same rows,
// duplicate checks and error lines as a small one.
#include "dataset/parallel_json_lines.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "base/errors.h"
#include "dataset/dataset.h"
#include "dataset/json_lines_reader.h"
#include "dataset/row_formats.h"
#include "model/row_json.h"
#include "support/temp_dir.h"

namespace evp::dataset {
namespace {

model::EvaluationRow convert(const Json& record) {
  return row_from_record(record, {});
}

// Valid rows, blank lines, malformed JSON, records that are not rows, no final newline.
std::string mixed_text(int lines) {
  std::string text;
  for (int i = 0; i < lines; ++i) {
    if (i % 97 == 5) {
      text += "{\"messages\": [oops\n";
    } else if (i % 89 == 7) {
      text += "   \n";
    } else if (i % 83 == 9) {
      text += "42\n";
    } else {
      text += R"({"messages":[{"role":"user","content":"q)" + std::to_string(i) +
              R"("}],"ground_truth":")" + std::to_string(i % 10) + "\"}\n";
    }
  }
  text += R"({"messages":[{"role":"user","content":"last"}]})";
  return text;
}

std::vector<std::string> sequential(std::string_view text) {
  std::vector<std::string> out;
  read_json_lines(text, [&](Record&& r) {
    std::string row;
    std::string error = r.error;
    if (error.empty()) {
      try {
        row = dump_json(model::to_json(convert(r.value)));
      } catch (const FormatError& e) {
        error = e.what();
      }
    }
    out.push_back(std::to_string(r.line) + ":" + std::to_string(error.empty() ? 0 : r.column) +
                  ":" + error + ":" + row);
    return true;
  });
  return out;
}

std::vector<std::string> parallel(std::string_view text, const ParallelReadOptions& options) {
  std::vector<std::string> out;
  read_json_lines_parallel(text, options, convert, [&](ParsedLine&& p) {
    out.push_back(std::to_string(p.line) + ":" + std::to_string(p.column) + ":" + p.error + ":" +
                  (p.error.empty() ? dump_json(model::to_json(p.row)) : ""));
    return true;
  });
  return out;
}

TEST(ParallelJsonLines, ReadsExactlyWhatOneThreadReadsWhateverTheChunking) {
  const std::string text = mixed_text(2000);
  const std::vector<std::string> expected = sequential(text);
  size_t blank = 0;
  for (int i = 0; i < 2000; ++i) blank += i % 97 != 5 && i % 89 == 7;
  ASSERT_GT(blank, 0u);
  ASSERT_EQ(expected.size(), 2000 - blank + 1)
      << "blank lines are skipped; the last has no newline";
  int errors = 0;
  for (const auto& e : expected) errors += e.find(":0::") == std::string::npos;
  EXPECT_GT(errors, 40) << "the fixture has malformed lines and non-rows";
  for (size_t chunk : {1UL, 100UL, 4096UL, 1UL << 30}) {
    for (int threads : {1, 3}) {
      ParallelReadOptions o;
      o.threads = threads;
      o.chunk_bytes = chunk;
      o.chunks_ahead_per_thread = 1;
      EXPECT_EQ(parallel(text, o), expected) << "chunk " << chunk << ", threads " << threads;
    }
  }
  EXPECT_TRUE(parallel("", {}).empty());
  EXPECT_EQ(parallel("\n\n{\"prompt\":\"p\",\"answer\":\"a\"}", {}).size(), 1u);
}

TEST(ParallelJsonLines, StopsWhenTheConsumerSaysSo) {
  const std::string text = mixed_text(5000);
  ParallelReadOptions o;
  o.threads = 3;
  o.chunk_bytes = 64;
  int seen = 0;
  read_json_lines_parallel(text, o, convert, [&](ParsedLine&&) { return ++seen < 10; });
  EXPECT_EQ(seen, 10);
}

TEST(ParallelJsonLines, PassesOnExceptionsFromEitherSide) {
  const std::string text = mixed_text(3000);
  ParallelReadOptions o;
  o.threads = 2;
  o.chunk_bytes = 128;
  auto failing_convert = [](const Json& record) -> model::EvaluationRow {
    if (dump_json(record).find("q2500\"") != std::string::npos) throw std::runtime_error("boom");
    return convert(record);
  };
  EXPECT_THROW(
      read_json_lines_parallel(text, o, failing_convert, [](ParsedLine&&) { return true; }),
      std::runtime_error);
  int seen = 0;
  try {
    read_json_lines_parallel(text, o, convert, [&](ParsedLine&&) -> bool {
      if (++seen == 100) throw InputError("f", 1, 0, "stop here");
      return true;
    });
    FAIL() << "expected the consumer's exception";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "f:1: stop here");
  }
  EXPECT_EQ(seen, 100);
}

TEST(ParallelJsonLines, LoadDatasetReadsABigFileWithTheSameRowsAndChecks) {
  evp::test::TempDir dir;
  std::string text;
  const int rows = 12000;  // ~1.1 MB: read in parallel
  for (int i = 0; i < rows; ++i) {
    text += R"({"messages":[{"role":"user","content":"question number )" + std::to_string(i) +
            R"( padded to make the file big enough"}],"ground_truth":"x"})" + "\n";
  }
  ASSERT_GT(text.size(), 1u << 20);
  const auto big = dir.write("big.jsonl", text);
  const Dataset all = load_dataset(big, {});
  ASSERT_EQ(all.rows.size(), static_cast<size_t>(rows));
  DatasetOptions first_rows;
  first_rows.limit = rows;  // a limit reads on one thread
  const Dataset one_thread = load_dataset(big, first_rows);
  ASSERT_EQ(one_thread.rows.size(), all.rows.size());
  for (size_t i = 0; i < all.rows.size(); ++i) {
    ASSERT_EQ(all.lines[i], static_cast<int>(i) + 1);
    ASSERT_EQ(model::to_json(all.rows[i]), model::to_json(one_thread.rows[i])) << i;
  }
  // A duplicate far from its first occurrence (another chunk) names both lines.
  const std::string first_line = text.substr(0, text.find('\n') + 1);
  const auto duplicated = dir.write("dup.jsonl", text + first_line);
  try {
    load_dataset(duplicated, {});
    FAIL() << "expected a duplicate row_id error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              duplicated.string() + ":" + std::to_string(rows + 1) + ": duplicate row_id '" +
                  *all.rows[0].input_metadata.row_id + "' (line 1 has the same id)");
  }
}

}  // namespace
}  // namespace evp::dataset
