// Message helpers.
#include "model/message.h"

namespace evp::model {

std::string Message::text() const {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  if (content.is_array()) {
    for (const auto& part : content) {
      if (!part.is_object()) continue;
      auto t = part.find("text");
      if (t != part.end() && t->is_string()) {
        if (!out.empty()) out += "\n";
        out += t->get<std::string>();
      }
    }
  }
  return out;
}

Message make_message(std::string role, std::string content) {
  Message m;
  m.role = std::move(role);
  m.content = std::move(content);
  return m;
}

}  // namespace evp::model
