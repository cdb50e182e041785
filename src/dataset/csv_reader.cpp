// RFC 4180 CSV tokenizer (see csv_reader.h). A quote inside an unquoted field is kept as text,
// as Python's csv module and spreadsheets do.
#include "dataset/csv_reader.h"

namespace evp::dataset {
namespace {

class CsvScanner {
 public:
  explicit CsvScanner(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }

  // Skips a line holding nothing but spaces or tabs; returns whether it did.
  bool skip_blank_line() {
    size_t i = pos_;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\r')) ++i;
    if (i < text_.size() && text_[i] != '\n') return false;
    pos_ = i;
    if (pos_ < text_.size()) next_line();
    return true;
  }

  CsvRecord next_record() {
    CsvRecord record;
    record.line = line_;
    for (;;) {
      std::string field;
      if (peek() == '"') {
        if (!read_quoted(field, record)) return record;
      } else {
        read_unquoted(field);
      }
      record.fields.push_back(std::move(field));
      if (pos_ >= text_.size()) return record;
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (at_line_end()) {
        end_line();
        return record;
      }
      // Text after a closing quote: report it and resume at the next line.
      fail(record, "expected ',' or the end of the line after a closing quote, got '" +
                       std::string(1, text_[pos_]) + "'");
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      if (pos_ < text_.size()) next_line();
      return record;
    }
  }

 private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  int column() const { return static_cast<int>(pos_ - line_start_) + 1; }
  void next_line() {  // at a '\n'
    ++pos_;
    ++line_;
    line_start_ = pos_;
  }
  bool at_line_end() const {
    return peek() == '\n' ||
           (peek() == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n'));
  }
  void end_line() {
    if (peek() == '\r') ++pos_;
    if (pos_ < text_.size()) next_line();
  }
  void fail(CsvRecord& record, std::string message) {
    record.error_line = line_;
    record.error_column = column();
    record.error = std::move(message);
  }

  void read_unquoted(std::string& field) {
    const size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && !at_line_end()) ++pos_;
    field.assign(text_.substr(start, pos_ - start));
  }

  // Reads a quoted field; false (with a fatal error) when the closing quote never comes.
  bool read_quoted(std::string& field, CsvRecord& record) {
    const int open_line = line_;
    const int open_column = column();
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field.push_back('"');
          pos_ += 2;
          continue;
        }
        ++pos_;
        return true;
      }
      field.push_back(c);
      if (c == '\n') {
        next_line();
      } else {
        ++pos_;
      }
    }
    record.error_line = open_line;
    record.error_column = open_column;
    record.error = "unterminated quoted field: the quote opened here is never closed";
    record.fatal = true;
    return false;
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  int line_ = 1;
};

}  // namespace

void read_csv(std::string_view text, const CsvSink& sink) {
  CsvScanner scanner(text);
  while (!scanner.done()) {
    if (scanner.skip_blank_line()) continue;
    CsvRecord record = scanner.next_record();
    const bool fatal = record.fatal;
    if (!sink(std::move(record)) || fatal) return;
  }
}

}  // namespace evp::dataset
