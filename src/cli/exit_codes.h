// Process exit codes of the evp CLI (documented in README.md).
#pragma once

namespace evp::cli {

inline constexpr int kExitPassed = 0;           // passed, or no threshold
inline constexpr int kExitThresholdMissed = 1;  // a model missed the suite's threshold
inline constexpr int kExitBadInput = 2;         // bad usage, config or input
inline constexpr int kExitIncomplete = 3;       // the run could not complete
inline constexpr int kExitInterrupted = 130;    // Ctrl-C; resumable

}  // namespace evp::cli
