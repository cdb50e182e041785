// Prompt template parsing and rendering (see prompt_template.h).
#include "dataset/prompt_template.h"

#include <algorithm>

#include "base/errors.h"

namespace evp::dataset {

PromptTemplate PromptTemplate::parse(const std::string& text) {
  PromptTemplate t;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) t.pieces_.push_back({std::move(literal), false});
    literal.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      literal.push_back(c);
      ++i;
      continue;
    }
    if (c != '{') {
      literal.push_back(c);
      continue;
    }
    const size_t close = text.find_first_of("{}", i + 1);
    if (close == std::string::npos || text[close] != '}') {
      throw FormatError("prompt_template: the '{' at offset " + std::to_string(i) +
                        " is not closed (write {{ for a literal brace)");
    }
    std::string name = text.substr(i + 1, close - i - 1);
    if (name.empty()) {
      throw FormatError("prompt_template: empty placeholder '{}' at offset " + std::to_string(i) +
                        " (write {{}} for literal braces)");
    }
    flush();
    if (std::find(t.columns_.begin(), t.columns_.end(), name) == t.columns_.end()) {
      t.columns_.push_back(name);
    }
    t.pieces_.push_back({std::move(name), true});
    i = close;
  }
  flush();
  return t;
}

std::string PromptTemplate::render(const Json& columns) const {
  std::string out;
  for (const Piece& piece : pieces_) {
    if (!piece.is_column) {
      out += piece.text;
      continue;
    }
    auto it = columns.find(piece.text);
    if (it == columns.end()) {
      throw FormatError("prompt_template: no column '" + piece.text + "' in this row");
    }
    if (it->is_string()) {
      out += it->get_ref<const std::string&>();
    } else if (!it->is_null()) {
      out += dump_json(*it);
    }
  }
  return out;
}

}  // namespace evp::dataset
