// Status code names as Eval Protocol's Status.Code enum spells them.
#include "model/status.h"

#include <array>

namespace evp::model {

std::string status_code_name(int code) {
  static constexpr std::array<const char*, 17> kGrpc = {"OK",
                                                        "CANCELLED",
                                                        "UNKNOWN",
                                                        "INVALID_ARGUMENT",
                                                        "DEADLINE_EXCEEDED",
                                                        "NOT_FOUND",
                                                        "ALREADY_EXISTS",
                                                        "PERMISSION_DENIED",
                                                        "RESOURCE_EXHAUSTED",
                                                        "FAILED_PRECONDITION",
                                                        "ABORTED",
                                                        "OUT_OF_RANGE",
                                                        "UNIMPLEMENTED",
                                                        "INTERNAL",
                                                        "UNAVAILABLE",
                                                        "DATA_LOSS",
                                                        "UNAUTHENTICATED"};
  if (code >= 0 && code < static_cast<int>(kGrpc.size())) return kGrpc[static_cast<size_t>(code)];
  if (code == 100) return "FINISHED";
  if (code == 101) return "RUNNING";
  if (code == 102) return "SCORE_INVALID";
  return "CODE_" + std::to_string(code);
}

}  // namespace evp::model
