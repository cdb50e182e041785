// Implementation of compile_regex.
#include "evaluate/regex_compile.h"

namespace evp::evaluate {

std::unique_ptr<const re2::RE2> compile_regex(const ConfigReader& config, const char* key,
                                              const std::string& pattern, RegexOptions options) {
  re2::RE2::Options re2_options;
  re2_options.set_log_errors(false);
  re2_options.set_case_sensitive(!options.ignore_case);
  re2_options.set_dot_nl(options.dot_matches_newline);
  auto re = std::make_unique<const re2::RE2>(pattern, re2_options);
  if (!re->ok()) config.fail_key(key, "invalid regular expression: " + re->error());
  return re;
}

}  // namespace evp::evaluate
