// SseParser: event boundaries, line ends, comments, multi-line data, and independence
// from how the bytes are split into feeds.
#include "llm/sse_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace evp::llm {
namespace {

using Events = std::vector<std::pair<std::string, std::string>>;

Events parse_in_pieces(const std::string& stream, const std::vector<size_t>& cuts) {
  Events events;
  SseParser parser([&](std::string_view event, std::string_view data) {
    events.emplace_back(std::string(event), std::string(data));
  });
  size_t from = 0;
  for (size_t cut : cuts) {
    parser.feed(std::string_view(stream).substr(from, cut - from));
    from = cut;
  }
  parser.feed(std::string_view(stream).substr(from));
  parser.finish();
  return events;
}

TEST(SseParser, SplitsEventsOnBlankLines) {
  EXPECT_EQ(parse_in_pieces("data: {\"a\":1}\n\ndata: [DONE]\n\n", {}),
            (Events{{"message", "{\"a\":1}"}, {"message", "[DONE]"}}));
}

// Every line-end style, a comment, a named event, a field without the optional space,
// two data lines joined by "\n", an unknown field and an id line.
const std::string kMixed =
    ": keep-alive\r\n"
    "data: one\r\n\r\n"
    "event: error\n"
    "data:two\n"
    "data:  three\n"
    "id: 7\n"
    "retry: 100\n"
    "foo: bar\n\n"
    "data: four\r\r"
    "data\n\n";
const Events kMixedEvents{
    {"message", "one"}, {"error", "two\n three"}, {"message", "four"}, {"message", ""}};

TEST(SseParser, HandlesLineEndsCommentsAndFields) {
  EXPECT_EQ(parse_in_pieces(kMixed, {}), kMixedEvents);
}

TEST(SseParser, AnySplitGivesTheSameEvents) {
  for (size_t cut = 0; cut <= kMixed.size(); ++cut) {
    EXPECT_EQ(parse_in_pieces(kMixed, {cut}), kMixedEvents) << "cut at " << cut;
  }
  std::vector<size_t> every_byte;
  for (size_t i = 1; i < kMixed.size(); ++i) every_byte.push_back(i);
  EXPECT_EQ(parse_in_pieces(kMixed, every_byte), kMixedEvents);
}

TEST(SseParser, DeliversAFinalEventWithoutTrailingBlankLine) {
  EXPECT_EQ(parse_in_pieces("data: a\n\ndata: last", {}),
            (Events{{"message", "a"}, {"message", "last"}}));
}

TEST(SseParser, IgnoresALeadingByteOrderMark) {
  EXPECT_EQ(parse_in_pieces("\xEF\xBB\xBF"
                            "data: x\n\n",
                            {1}),
            (Events{{"message", "x"}}));
}

TEST(SseParser, ANonSseBodyYieldsNoEvents) {
  EXPECT_TRUE(parse_in_pieces("{\"error\": {\"message\": \"bad\"}}", {}).empty());
}

}  // namespace
}  // namespace evp::llm
