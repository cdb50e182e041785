// One evaluator process on the event loop: started with posix_spawn in its own process
// group, its stdin, stdout and stderr pipes read and written as Asio stream descriptors, so
// waiting on it holds no thread. Lines go in and out with a deadline (on expiry the process
// group is killed with SIGKILL, which ends the pending read); stderr is read all along into
// a bounded tail; finish() ends the process and reaps it, so none is left as a zombie.
#pragma once

#include <sys/types.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace evp::evaluate {

// The last `capacity` bytes of a stream of text (an evaluator's stderr).
class TextTail {
 public:
  explicit TextTail(size_t capacity) : capacity_(capacity) {}
  void append(std::string_view text);
  // The kept text; when older bytes were dropped, from the first whole line on.
  std::string text() const;
  // The end of text(): at most `max_bytes`, from a line start when one is in reach.
  std::string last(size_t max_bytes) const;
  bool empty() const { return buffer_.empty(); }
  bool truncated() const { return truncated_; }

 private:
  size_t capacity_;
  std::string buffer_;
  bool truncated_ = false;
};

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH unless it has a '/'
  std::vector<std::pair<std::string, std::string>> env;  // added to (or replacing in) evp's
  std::filesystem::path cwd;                             // empty: evp's working directory
};

// How a line read (or a request and its answer) ended.
struct LineResult {
  enum class Status {
    kLine,      // `line` holds the line, without its newline
    kEof,       // the process closed its stdout or its stdin (it exited or crashed)
    kTimedOut,  // the deadline passed; the process group was killed
    kFailed,    // `error` says what: a line too long, a read error
  };
  Status status = Status::kFailed;
  std::string line;
  std::string error;
};

class EvaluatorProcess {
 public:
  // Starts the process. Its stderr is kept in its own tail and, line by line, handed to
  // `stderr_line` (may be empty) on the loop thread. Throws std::runtime_error ("cannot start
  // 'python4': No such file or directory") when it cannot be started. Ignores SIGPIPE in evp
  // (when its disposition is the default) so a write to a dead process fails with EPIPE; the
  // child gets every signal's default disposition and an empty signal mask.
  EvaluatorProcess(boost::asio::io_context& io, const ProcessSpec& spec,
                   std::function<void(std::string_view)> stderr_line);
  // Kills the process group and reaps the process if finish() did not.
  ~EvaluatorProcess();
  EvaluatorProcess(const EvaluatorProcess&) = delete;
  EvaluatorProcess& operator=(const EvaluatorProcess&) = delete;

  pid_t pid() const;

  // Reads one line within `timeout_s` seconds.
  boost::asio::awaitable<LineResult> read_line(double timeout_s);
  // Writes `line` and a newline, then reads one line, both within `timeout_s` seconds.
  boost::asio::awaitable<LineResult> exchange(std::string_view line, double timeout_s);

  // Closes the process's stdin (an evaluator exits on EOF).
  void close_stdin();
  // Ends the process: closes its stdin, waits up to `grace_s` for it to exit, kills its
  // process group (whatever it left running, or itself when it did not exit), reaps it, and
  // waits briefly for the rest of its stderr. Returns how it ended ("exit status 1", "killed
  // by signal 9 (Killed)"). Calling it again returns the same.
  boost::asio::awaitable<std::string> finish(double grace_s);

  // The end of this process's stderr (at most `max_bytes`, from a line start).
  std::string stderr_tail(size_t max_bytes) const;

  struct State;  // what pending operations share (evaluator_process.cpp)

 private:
  std::shared_ptr<State> state_;
};

}  // namespace evp::evaluate
