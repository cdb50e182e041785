// EvaluationRow accessors.
#include "model/evaluation_row.h"

namespace evp::model {

const Message* EvaluationRow::last_assistant_message() const {
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (it->role == "assistant") return &*it;
  }
  return nullptr;
}

const Message* EvaluationRow::first_user_message() const {
  for (const auto& m : messages) {
    if (m.role == "user") return &m;
  }
  return nullptr;
}

}  // namespace evp::model
