// JSON array reader: scans element boundaries (respecting strings) so that each element gets
// its own line number and its own parse error (see json_array_reader.h).
#include "dataset/json_array_reader.h"

#include "dataset/json_text.h"

namespace evp::dataset {
namespace {

constexpr size_t kNotClosed = std::string_view::npos;

// Offset just past the string literal opening at `pos`, or kNotClosed.
size_t skip_string(std::string_view text, size_t pos) {
  for (size_t i = pos + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return kNotClosed;
}

// Offset just past the JSON value starting at `pos`, or kNotClosed when the text ends first.
// Only the nesting is tracked; the element's own parse reports any other error.
size_t skip_value(std::string_view text, size_t pos) {
  const char first = text[pos];
  if (first == '"') return skip_string(text, pos);
  if (first == '{' || first == '[') {
    int depth = 0;
    for (size_t i = pos; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '"') {
        i = skip_string(text, i);
        if (i == kNotClosed) return kNotClosed;
        --i;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return kNotClosed;
  }
  size_t i = pos;
  while (i < text.size() && !is_json_space(text[i]) && text[i] != ',' && text[i] != ']' &&
         text[i] != '}') {
    ++i;
  }
  return i == pos ? pos + 1 : i;
}

std::string describe_char(std::string_view text, size_t pos) {
  if (pos >= text.size()) return "the end of the file";
  return "'" + std::string(1, text[pos]) + "'";
}

// Tracks the line and column of an advancing offset.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  TextPosition at(size_t offset) {
    position_ = advance_position(text_.substr(offset_), offset - offset_, position_);
    offset_ = offset;
    return position_;
  }

 private:
  std::string_view text_;
  size_t offset_ = 0;
  TextPosition position_;
};

size_t skip_space(std::string_view text, size_t pos) {
  while (pos < text.size() && is_json_space(text[pos])) ++pos;
  return pos;
}

}  // namespace

void read_json_array(std::string_view text, const RecordSink& sink) {
  Cursor cursor(text);
  auto fail = [&](size_t offset, std::string message) {
    const TextPosition p = cursor.at(offset);
    Record r;
    r.line = p.line;
    r.column = p.column;
    r.error = std::move(message);
    r.fatal = true;
    sink(std::move(r));
  };
  size_t pos = skip_space(text, 0);
  if (pos >= text.size() || text[pos] != '[') {
    return fail(pos, "invalid JSON: expected '[' to open the array of rows, got " +
                         describe_char(text, pos));
  }
  pos = skip_space(text, pos + 1);
  if (pos < text.size() && text[pos] == ']') {
    pos = skip_space(text, pos + 1);
    if (pos < text.size()) fail(pos, "invalid JSON: unexpected content after the closing ']'");
    return;
  }
  for (;;) {
    if (pos >= text.size() || text[pos] == ']' || text[pos] == ',') {
      return fail(pos, "invalid JSON: expected an array element, got " + describe_char(text, pos));
    }
    const size_t end = skip_value(text, pos);
    if (end == kNotClosed) {
      return fail(pos, "invalid JSON: the array element starting here is not closed");
    }
    const TextPosition start = cursor.at(pos);
    Record record;
    record.line = start.line;
    if (auto failure = parse_json(text.substr(pos, end - pos), record.value)) {
      record.error = std::move(failure->message);
      if (failure->offset_known) {
        const TextPosition p = advance_position(text.substr(pos), failure->offset, start);
        record.line = p.line;
        record.column = p.column;
      }
    }
    if (!sink(std::move(record))) return;
    pos = skip_space(text, end);
    if (pos < text.size() && text[pos] == ',') {
      pos = skip_space(text, pos + 1);
      continue;
    }
    if (pos < text.size() && text[pos] == ']') {
      pos = skip_space(text, pos + 1);
      if (pos < text.size()) fail(pos, "invalid JSON: unexpected content after the closing ']'");
      return;
    }
    return fail(pos, "invalid JSON: expected ',' or ']' after an array element, got " +
                         describe_char(text, pos));
  }
}

}  // namespace evp::dataset
