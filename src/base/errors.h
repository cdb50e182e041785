// Error types that carry where a problem is: an input file position or a config key path.
// The CLI maps them to exit codes (see cli/exit_codes.h).
#pragma once

#include <stdexcept>
#include <string>

namespace evp {

// Bad user input (dataset line, suite key, CLI flag). what() reads
// "FILE:LINE:COLUMN: WHAT" with the position parts present only when known.
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, int line, int column, const std::string& message)
      : std::runtime_error(format(file, line, column, message)),
        file_(std::move(file)),
        line_(line),
        column_(column),
        message_(message) {}
  explicit InputError(const std::string& message) : InputError("", 0, 0, message) {}

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  // The message without the position prefix.
  const std::string& message() const { return message_; }

 private:
  static std::string format(const std::string& file, int line, int column,
                            const std::string& message) {
    std::string out;
    if (!file.empty()) out += file + ":";
    if (line > 0) out += std::to_string(line) + ":";
    if (line > 0 && column > 0) out += std::to_string(column) + ":";
    if (!out.empty()) out += " ";
    return out + message;
  }
  std::string file_;
  int line_;
  int column_;
  std::string message_;
};

// A format error inside a JSON document, with the JSON path of the offending value
// (e.g. "messages[2].role: expected a string").
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace evp
