// Running a program from a test: argv, extra environment, working directory; stdout and
// stderr captured (through files, so no pipe can fill up), exit status returned.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace evp::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

struct ProcessSpec {
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env;  // added to (or replacing in) the environment
  std::filesystem::path cwd;                             // empty: inherit
};

ProcessResult run_process(const ProcessSpec& spec);

// A started process; wait() collects it like run_process.
class ChildProcess {
 public:
  explicit ChildProcess(const ProcessSpec& spec);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  void kill(int sig);
  ProcessResult wait();
  // Current captured output so far.
  std::string out_so_far() const;
  std::string err_so_far() const;

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::filesystem::path out_file_;
  std::filesystem::path err_file_;
};

}  // namespace evp::test
