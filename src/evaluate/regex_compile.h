// Compiling user regexes once at construction: RE2 (linear time, thread-safe matching), with
// a bad pattern reported as a config error naming RE2's message
// ("regex.pattern: invalid regular expression: missing ): (a").
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>

#include "evaluate/config_reader.h"

namespace evp::evaluate {

struct RegexOptions {
  bool ignore_case = false;
  bool dot_matches_newline = false;
};

std::unique_ptr<const re2::RE2> compile_regex(const ConfigReader& config, const char* key,
                                              const std::string& pattern,
                                              RegexOptions options = {});

}  // namespace evp::evaluate
