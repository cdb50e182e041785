// Status of a rollout or an evaluation, as Eval Protocol writes it (AIP-193:
// {code, message, details}), with gRPC codes plus EP's FINISHED, RUNNING and SCORE_INVALID.
#pragma once

#include <string>

#include "base/json.h"

namespace evp::model {

enum class StatusCode : int {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
  kFinished = 100,
  kRunning = 101,
  kScoreInvalid = 102,
};

struct Status {
  int code = static_cast<int>(StatusCode::kRunning);
  std::string message;
  Json details = Json::array();

  static Status rollout_running() { return {static_cast<int>(StatusCode::kRunning), "Rollout is running", Json::array()}; }
  static Status rollout_finished() { return {static_cast<int>(StatusCode::kFinished), "Rollout finished", Json::array()}; }
  static Status eval_finished() { return {static_cast<int>(StatusCode::kFinished), "Evaluation finished", Json::array()}; }
  static Status error(StatusCode code, std::string message) {
    return {static_cast<int>(code), std::move(message), Json::array()};
  }

  bool is(StatusCode c) const { return code == static_cast<int>(c); }
  bool is_finished() const { return is(StatusCode::kFinished); }
  bool is_running() const { return is(StatusCode::kRunning); }
  // Anything that is neither finished nor running (nor OK) is a failure.
  bool is_error() const { return !is_finished() && !is_running() && !is(StatusCode::kOk); }

  friend bool operator==(const Status&, const Status&) = default;
};

// Name of a code as Eval Protocol spells it ("FINISHED", "DEADLINE_EXCEEDED"), or "CODE_<n>".
std::string status_code_name(int code);

}  // namespace evp::model
