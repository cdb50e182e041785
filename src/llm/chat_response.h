// Reading a non-streamed chat.completion body: choices[0].message exactly as sent, its
// finish_reason, and usage.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "model/evaluation_row.h"

namespace evp::llm {

struct ParsedCompletion {
  Json message;
  std::optional<std::string> finish_reason;
  std::optional<model::Usage> usage;  // absent when missing or not a usage object
  std::string error;                  // non-empty when the body is not a usable completion
};

ParsedCompletion parse_completion(std::string_view body);

// usage_from_json, or nullopt for a missing, null or ill-typed usage (usage is advisory:
// a server's odd usage block never fails a call).
std::optional<model::Usage> usage_if_valid(const Json& usage);

}  // namespace evp::llm
