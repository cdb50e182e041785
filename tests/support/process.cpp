// fork/exec with stdout and stderr redirected to temporary files.
#include "support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include "support/temp_dir.h"

namespace evp::test {
namespace {

std::filesystem::path temp_file(const char* tag) {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base ? base : "/tmp") + "/evp-proc-" + tag + "-XXXXXX";
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  return tmpl;
}

}  // namespace

ChildProcess::ChildProcess(const ProcessSpec& spec)
    : out_file_(temp_file("out")), err_file_(temp_file("err")) {
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int out = open(out_file_.c_str(), O_WRONLY | O_TRUNC);
    const int err = open(err_file_.c_str(), O_WRONLY | O_TRUNC);
    const int null_in = open("/dev/null", O_RDONLY);
    dup2(null_in, 0);
    dup2(out, 1);
    dup2(err, 2);
    if (!spec.cwd.empty() && chdir(spec.cwd.c_str()) != 0) _exit(127);
    for (const auto& [k, v] : spec.env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv;
    for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
}

ChildProcess::~ChildProcess() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ec;
  std::filesystem::remove(out_file_, ec);
  std::filesystem::remove(err_file_, ec);
}

void ChildProcess::kill(int sig) { ::kill(pid_, sig); }

std::string ChildProcess::out_so_far() const { return read_file(out_file_); }
std::string ChildProcess::err_so_far() const { return read_file(err_file_); }

ProcessResult ChildProcess::wait() {
  ProcessResult r;
  int status = 0;
  waitpid(pid_, &status, 0);
  reaped_ = true;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = read_file(out_file_);
  r.err = read_file(err_file_);
  return r;
}

ProcessResult run_process(const ProcessSpec& spec) {
  ChildProcess child(spec);
  return child.wait();
}

}  // namespace evp::test
