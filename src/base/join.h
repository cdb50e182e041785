// Joining names into one line of text ("a, b, c"), as error messages and notes list them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evp {

// The items in order with `separator` between them; "" for none.
inline std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

}  // namespace evp
