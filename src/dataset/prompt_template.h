// A prompt template: text with {column} placeholders filled from a row's columns, as in
// "Q: {question}\nA:". {{ and }} are literal braces; a lone } is kept as text.
#pragma once

#include <string>
#include <vector>

#include "base/json.h"

namespace evp::dataset {

class PromptTemplate {
 public:
  // Throws evp::FormatError ("prompt_template: ...") when a '{' is never closed or a
  // placeholder is empty.
  static PromptTemplate parse(const std::string& text);

  // The placeholder names, each once, in order of first appearance.
  const std::vector<std::string>& columns() const { return columns_; }

  // Fills the placeholders from an object of columns: strings as they are, null as "", other
  // values as compact JSON. Throws evp::FormatError naming a missing column.
  std::string render(const Json& columns) const;

 private:
  struct Piece {
    std::string text;  // literal text, or the column name
    bool is_column = false;
  };
  std::vector<Piece> pieces_;
  std::vector<std::string> columns_;
};

}  // namespace evp::dataset
