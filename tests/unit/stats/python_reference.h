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

namespace evp::stats::test {

// Python for std::mt19937_64 from its definition (checked against the C++ standard's
// required 10000th output, 9981545732273789042) and for the unbiased index draw the
// bootstraps use (draw r, reject r < 2^64 mod n, index = r mod n): `MT64(seed)` is the
// generator, `uniform_index(g, n)` one index.
inline const char* const kPythonMt19937_64 = R"(
M64 = (1 << 64) - 1
class MT64:
    def __init__(self, seed):
        self.mt = [seed & M64]
        for i in range(1, 312):
            prev = self.mt[-1]
            self.mt.append((6364136223846793005 * (prev ^ (prev >> 62)) + i) & M64)
        self.index = 312
    def __call__(self):
        if self.index >= 312:
            for i in range(312):
                x = (self.mt[i] & 0xFFFFFFFF80000000) | (self.mt[(i + 1) % 312] & 0x7FFFFFFF)
                xa = x >> 1
                if x & 1:
                    xa ^= 0xB5026F5AA96619E9
                self.mt[i] = self.mt[(i + 156) % 312] ^ xa
            self.index = 0
        y = self.mt[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & M64
_g = MT64(5489)
for _ in range(9999):
    _g()
assert _g() == 9981545732273789042
def uniform_index(g, n):
    threshold = (2**64 - n) % n
    while True:
        r = g()
        if r >= threshold:
            return r % n
)";

// Python lines that import a module from the source tree's bench/ directory (the benchmarks'
// reference implementations, e.g. bradley_terry_reference), writing no bytecode there.
inline std::string py_import_bench(const std::string& module) {
  return "import sys\nsys.dont_write_bytecode = True\nsys.path.insert(0, '" +
         std::string(EVP_SOURCE_DIR) + "/bench')\nimport " + module + "\n";
}

}  // namespace evp::stats::test
