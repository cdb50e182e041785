// RFC 4180 CSV tokenizing: quoting, escapes, line breaks inside quotes (and the line numbers
// after them), CRLF, blank lines, and positioned errors.
#include <gtest/gtest.h>

#include "dataset/csv_reader.h"

namespace evp::dataset {
namespace {

std::vector<CsvRecord> read_all(std::string_view text) {
  std::vector<CsvRecord> out;
  read_csv(text, [&](CsvRecord&& r) {
    out.push_back(std::move(r));
    return true;
  });
  return out;
}

using Fields = std::vector<std::string>;

TEST(CsvReader, PlainAndQuotedFields) {
  const auto records = read_all("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].fields, (Fields{"1", "x, y", "say \"hi\""}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_TRUE(records[1].ok());
}

TEST(CsvReader, NewlinesInsideQuotesKeepLineNumbersRight) {
  const auto records = read_all("q,a\n\"line one\nline two\n\",x\nnext,y\n\"p\r\nq\",z");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].fields, (Fields{"line one\nline two\n", "x"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].fields, (Fields{"next", "y"}));
  EXPECT_EQ(records[2].line, 5);
  // A CRLF inside quotes is field content; the record has no final line break.
  EXPECT_EQ(records[3].fields, (Fields{"p\r\nq", "z"}));
  EXPECT_EQ(records[3].line, 6);
}

TEST(CsvReader, CrlfLineEndsEmptyFieldsAndBlankLines) {
  const auto records = read_all("a,b\r\n\r\n1,\r\n   \n,\"\"\r\n3,4");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].fields, (Fields{"1", ""}));
  EXPECT_EQ(records[1].line, 3);
  EXPECT_EQ(records[2].fields, (Fields{"", ""}));
  EXPECT_EQ(records[2].line, 5);
  EXPECT_EQ(records[3].fields, (Fields{"3", "4"}));
  EXPECT_EQ(records[3].line, 6);
}

TEST(CsvReader, QuoteInsideAnUnquotedFieldIsText) {
  const auto records = read_all("a,b\n5\" screen,ok\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].fields, (Fields{"5\" screen", "ok"}));
}

TEST(CsvReader, TextAfterAClosingQuoteIsAnErrorAndReadingGoesOn) {
  const auto records = read_all("a,b\n\"x\"y,1\n2,3\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].error, "expected ',' or the end of the line after a closing quote, got 'y'");
  EXPECT_EQ(records[1].error_line, 2);
  EXPECT_EQ(records[1].error_column, 4);
  EXPECT_FALSE(records[1].fatal);
  EXPECT_EQ(records[2].fields, (Fields{"2", "3"}));
  EXPECT_EQ(records[2].line, 3);
}

TEST(CsvReader, UnterminatedQuoteIsFatalAndPointsAtTheOpeningQuote) {
  const auto records = read_all("a,b\n1,2\n3,\"never\nclosed,4\n5,6\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2].error, "unterminated quoted field: the quote opened here is never closed");
  EXPECT_EQ(records[2].line, 3);
  EXPECT_EQ(records[2].error_line, 3);
  EXPECT_EQ(records[2].error_column, 3);
  EXPECT_TRUE(records[2].fatal);
}

TEST(CsvReader, SinkCanStopReading) {
  int seen = 0;
  read_csv("a\n1\n2\n3\n", [&](CsvRecord&&) { return ++seen < 2; });
  EXPECT_EQ(seen, 2);
}

}  // namespace
}  // namespace evp::dataset
