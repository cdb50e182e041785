// JSON Lines reader (see json_lines_reader.h).
#include "dataset/json_lines_reader.h"

#include "dataset/json_text.h"

namespace evp::dataset {
namespace {

bool is_blank(std::string_view line) {
  for (char c : line) {
    if (!is_json_space(c)) return false;
  }
  return true;
}

}  // namespace

void read_json_lines(std::string_view text, const RecordSink& sink, int lines_before) {
  int line_number = lines_before;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (is_blank(line)) continue;
    Record record;
    record.line = line_number;
    if (auto failure = parse_json(line, record.value)) {
      record.error = std::move(failure->message);
      record.column = failure->offset_known ? static_cast<int>(failure->offset) + 1 : 0;
    }
    if (!sink(std::move(record))) return;
  }
}

}  // namespace evp::dataset
