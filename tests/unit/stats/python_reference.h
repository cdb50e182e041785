// Independent reference numbers for the statistics tests: runs a Python snippet with
// Debian's /usr/bin/python3 (numpy, scipy) and reads back the floats it prints, one a line.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "support/temp_dir.h"

namespace evp::stats::test {

// A Python list literal holding `values` exactly (17 significant digits round-trip).
inline std::string py_list(const std::vector<double>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += fmt::format("{:.17g}", values[i]);
  }
  return out + "]";
}

inline std::string py_list(const std::vector<std::vector<double>>& rows) {
  std::string out = "[";
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) out += ", ";
    out += py_list(rows[i]);
  }
  return out + "]";
}

// Runs `code` (which prints one float per line, e.g. with repr()) and returns the floats.
// numpy is imported as np; the code imports what else it needs (scipy is slow to import).
// Throws when Python fails, so a broken reference cannot pass silently.
inline std::vector<double> python_numbers(const std::string& code) {
  evp::test::TempDir dir;
  const auto script = dir.write("reference.py", "import numpy as np\n" + code);
  const std::string command = std::string(EVP_PYTHON) + " " + script.string();
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  std::string output;
  char buffer[4096];
  size_t got = 0;
  while ((got = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, got);
  const int status = pclose(pipe);
  if (status != 0) throw std::runtime_error("python reference failed: " + command);
  std::vector<double> numbers;
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    const std::string line = output.substr(start, end - start);
    if (!line.empty()) numbers.push_back(std::strtod(line.c_str(), nullptr));
    start = end + 1;
  }
  return numbers;
}

}  // namespace evp::stats::test
