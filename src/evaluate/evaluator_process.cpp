// EvaluatorProcess: posix_spawn with three pipes, Asio stream descriptors on the loop, a
// deadline timer that kills the process group, and reaping by polling waitid (no SIGCHLD
// handler, which would be process-wide).
#include "evaluate/evaluator_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace evp::evaluate {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kMaxLineBytes = size_t{64} << 20;     // one answer line
constexpr size_t kOwnStderrBytes = size_t{16} * 1024;  // each process's own tail
constexpr size_t kMaxPendingStderrLine = 4096;         // a longer unterminated line is passed on
constexpr double kStderrDrainSeconds = 1.0;            // after the process ended

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

}  // namespace

// TextTail

void TextTail::append(std::string_view text) {
  buffer_.append(text);
  if (buffer_.size() > 2 * capacity_) {
    buffer_.erase(0, buffer_.size() - capacity_);
    truncated_ = true;
  }
}

std::string TextTail::text() const {
  std::string_view kept(buffer_);
  if (kept.size() > capacity_) {
    kept.remove_prefix(kept.size() - capacity_);
  } else if (!truncated_) {
    return buffer_;
  }
  const size_t newline = kept.find('\n');
  if (newline != std::string_view::npos && newline + 1 < kept.size()) {
    kept.remove_prefix(newline + 1);
  }
  return std::string(kept);
}

std::string TextTail::last(size_t max_bytes) const {
  std::string_view kept(buffer_);
  while (!kept.empty() && (kept.back() == '\n' || kept.back() == '\r')) kept.remove_suffix(1);
  if (kept.size() <= max_bytes && !truncated_) return std::string(kept);
  kept.remove_prefix(kept.size() > max_bytes ? kept.size() - max_bytes : 0);
  const size_t newline = kept.find('\n');
  if (newline != std::string_view::npos) kept.remove_prefix(newline + 1);
  return std::string(kept);
}

// State: everything the pending operations' handlers touch, shared with them so a handler
// that runs after the EvaluatorProcess is gone finds it alive.

struct EvaluatorProcess::State {
  explicit State(asio::io_context& io)
      : in(io), out(io), err(io), deadline(io), stderr_drained(io), own_stderr(kOwnStderrBytes) {}

  pid_t pid = -1;
  bool exited = false;  // waitid saw it exit (not yet reaped)
  bool reaped = false;
  int wait_status = 0;
  asio::posix::stream_descriptor in;
  asio::posix::stream_descriptor out;
  asio::posix::stream_descriptor err;
  std::string out_buffer;
  asio::steady_timer deadline;
  unsigned deadline_generation = 0;
  bool timed_out = false;
  asio::steady_timer stderr_drained;  // cancelled when stderr reaches EOF
  bool stderr_done = false;
  TextTail own_stderr;
  std::string pending_stderr_line;
  std::function<void(std::string_view)> stderr_line;  // cleared when the owner goes

  void kill_group() {
    if (reaped || pid <= 0) return;
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);  // should it have left its process group
  }

  // True once the process has exited (left a zombie for reap()).
  bool poll_exit() {
    if (exited || reaped) return true;
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == pid) {
      exited = true;
    }
    return exited;
  }

  // Kills whatever is left of the process group, then collects the process.
  void reap() {
    if (reaped || pid <= 0) return;
    kill_group();
    while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
    }
    reaped = true;
  }

  void close_descriptors() {
    boost::system::error_code ignored;
    in.close(ignored);
    out.close(ignored);
    err.close(ignored);
  }

  void take_stderr(std::string_view chunk) {
    own_stderr.append(chunk);
    pending_stderr_line.append(chunk);
    size_t start = 0;
    for (size_t nl; (nl = pending_stderr_line.find('\n', start)) != std::string::npos;
         start = nl + 1) {
      pass_stderr(std::string_view(pending_stderr_line).substr(start, nl + 1 - start));
    }
    pending_stderr_line.erase(0, start);
    if (pending_stderr_line.size() > kMaxPendingStderrLine) flush_stderr_line();
  }

  void flush_stderr_line() {
    if (pending_stderr_line.empty()) return;
    pending_stderr_line += '\n';
    pass_stderr(pending_stderr_line);
    pending_stderr_line.clear();
  }

  void pass_stderr(std::string_view line) {
    if (stderr_line) stderr_line(line);
  }
};

namespace {

using State = EvaluatorProcess::State;

// Arms the process's deadline for one read or exchange; on expiry the process group is
// killed and its pipes cancelled (a grandchild could hold them open). Disarms when destroyed.
class Deadline {
 public:
  Deadline(std::shared_ptr<State> state, double timeout_s) : state_(std::move(state)) {
    const unsigned generation = ++state_->deadline_generation;
    state_->deadline.expires_after(seconds(timeout_s));
    state_->deadline.async_wait([s = state_, generation](const boost::system::error_code& ec) {
      if (ec || s->deadline_generation != generation) return;
      s->timed_out = true;
      s->kill_group();
      boost::system::error_code ignored;
      s->in.cancel(ignored);
      s->out.cancel(ignored);
    });
  }
  ~Deadline() {
    ++state_->deadline_generation;
    state_->deadline.cancel();
  }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

 private:
  std::shared_ptr<State> state_;
};

LineResult failure(LineResult::Status status, std::string error = {}) {
  LineResult r;
  r.status = status;
  r.error = std::move(error);
  return r;
}

asio::awaitable<LineResult> read_one_line(State& s) {
  boost::system::error_code ec;
  const size_t n =
      co_await asio::async_read_until(s.out, asio::dynamic_buffer(s.out_buffer, kMaxLineBytes),
                                      '\n', asio::redirect_error(asio::use_awaitable, ec));
  if (s.timed_out) co_return failure(LineResult::Status::kTimedOut);
  if (ec == asio::error::eof) co_return failure(LineResult::Status::kEof);
  if (ec == asio::error::not_found) {
    co_return failure(LineResult::Status::kFailed, "it wrote a line longer than 64 MiB");
  }
  if (ec) co_return failure(LineResult::Status::kFailed, "reading its stdout: " + ec.message());
  LineResult r;
  r.status = LineResult::Status::kLine;
  r.line.assign(s.out_buffer, 0, n - 1);
  if (!r.line.empty() && r.line.back() == '\r') r.line.pop_back();
  s.out_buffer.erase(0, n);
  co_return r;
}

asio::awaitable<void> read_stderr(std::shared_ptr<State> s) {
  std::array<char, 4096> chunk;
  for (;;) {
    boost::system::error_code ec;
    const size_t n = co_await s->err.async_read_some(asio::buffer(chunk),
                                                     asio::redirect_error(asio::use_awaitable, ec));
    if (n > 0) s->take_stderr(std::string_view(chunk.data(), n));
    if (ec) break;
  }
  s->flush_stderr_line();
  s->stderr_done = true;
  s->stderr_drained.cancel();
}

// Waits until the process exits or `deadline` passes; true when it exited.
asio::awaitable<bool> wait_for_exit(State& s, Clock::time_point deadline) {
  auto delay = std::chrono::milliseconds(1);
  while (!s.poll_exit()) {
    const Clock::time_point now = Clock::now();
    if (now >= deadline) co_return false;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(std::min<Clock::duration>(delay, deadline - now));
    boost::system::error_code ignored;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    delay = std::min(delay * 2, std::chrono::milliseconds(50));
  }
  co_return true;
}

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "wait status " + std::to_string(status);
}

void ignore_sigpipe() {
  struct sigaction current {};
  if (sigaction(SIGPIPE, nullptr, &current) != 0) return;
  if ((current.sa_flags & SA_SIGINFO) == 0 && current.sa_handler == SIG_DFL) {
    signal(SIGPIPE, SIG_IGN);
  }
}

// Three pipes (stdin, stdout, stderr) whose ends all close on exec (the child gets its ends
// through dup2): {in read, in write, out read, out write, err read, err write}.
std::array<int, 6> make_pipes() {
  std::array<int, 6> fds{-1, -1, -1, -1, -1, -1};
  for (size_t i = 0; i < fds.size(); i += 2) {
    if (pipe2(&fds[i], O_CLOEXEC) == 0) continue;
    const int error = errno;
    for (int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
    throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(error));
  }
  return fds;
}

// evp's environment with `extra` added or replacing same-named variables, as "NAME=value".
std::vector<std::string> child_environment(
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    const std::string_view entry(*e);
    const std::string_view name = entry.substr(0, entry.find('='));
    const bool replaced =
        std::any_of(extra.begin(), extra.end(), [&](const auto& kv) { return kv.first == name; });
    if (!replaced) out.emplace_back(entry);
  }
  for (const auto& [name, value] : extra) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// posix_spawnp with the child's ends of the pipes as its stdin, stdout and stderr, in its own
// process group, with default signal dispositions and an empty mask. Returns 0 or an errno.
int spawn(pid_t& pid, const ProcessSpec& spec, int child_in, int child_out, int child_err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_in, 0);
  posix_spawn_file_actions_adddup2(&actions, child_out, 1);
  posix_spawn_file_actions_adddup2(&actions, child_err, 2);
  // Nothing else of evp's (lanes' and judges' sockets, the store) reaches the child: Asio
  // does not open its sockets close-on-exec.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  if (!spec.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, spec.cwd.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t all;
  sigfillset(&all);
  posix_spawnattr_setsigdefault(&attr, &all);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  std::vector<std::string> argv_strings = spec.argv;
  std::vector<std::string> env_strings = child_environment(spec.env);
  std::vector<char*> argv = c_strings(argv_strings);
  std::vector<char*> envp = c_strings(env_strings);
  const int rc = posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  return rc;
}

}  // namespace

EvaluatorProcess::EvaluatorProcess(asio::io_context& io, const ProcessSpec& spec,
                                   std::function<void(std::string_view)> stderr_line)
    : state_(std::make_shared<State>(io)) {
  if (spec.argv.empty()) throw std::runtime_error("cannot start an empty command");
  std::error_code ec;
  if (!spec.cwd.empty() && !std::filesystem::is_directory(spec.cwd, ec)) {
    throw std::runtime_error("cannot start '" + spec.argv[0] + "' in '" + spec.cwd.string() +
                             "': no such directory");
  }
  ignore_sigpipe();
  const std::array<int, 6> fds = make_pipes();
  const int rc = spawn(state_->pid, spec, fds[0], fds[3], fds[5]);
  for (int fd : {fds[0], fds[3], fds[5]}) ::close(fd);
  state_->in.assign(fds[1]);
  state_->out.assign(fds[2]);
  state_->err.assign(fds[4]);
  if (rc != 0) {
    state_->pid = -1;
    state_->close_descriptors();
    throw std::runtime_error("cannot start '" + spec.argv[0] + "': " + std::strerror(rc));
  }
  state_->stderr_line = std::move(stderr_line);
  asio::co_spawn(io, read_stderr(state_), asio::detached);
}

EvaluatorProcess::~EvaluatorProcess() {
  state_->stderr_line = nullptr;
  ++state_->deadline_generation;
  state_->deadline.cancel();
  state_->reap();
  state_->close_descriptors();
}

pid_t EvaluatorProcess::pid() const {
  return state_->pid;
}

asio::awaitable<LineResult> EvaluatorProcess::read_line(double timeout_s) {
  std::shared_ptr<State> s = state_;
  if (s->timed_out || s->reaped) co_return failure(LineResult::Status::kEof);
  Deadline deadline(s, timeout_s);
  co_return co_await read_one_line(*s);
}

asio::awaitable<LineResult> EvaluatorProcess::exchange(std::string_view line, double timeout_s) {
  std::shared_ptr<State> s = state_;
  if (s->timed_out || s->reaped) co_return failure(LineResult::Status::kEof);
  Deadline deadline(s, timeout_s);
  const std::array<asio::const_buffer, 2> buffers{asio::buffer(line.data(), line.size()),
                                                  asio::buffer("\n", 1)};
  boost::system::error_code ec;
  co_await asio::async_write(s->in, buffers, asio::redirect_error(asio::use_awaitable, ec));
  if (s->timed_out) co_return failure(LineResult::Status::kTimedOut);
  // A pipe nobody reads (EPIPE): the process is gone, like a closed stdout.
  if (ec) co_return failure(LineResult::Status::kEof, "writing to its stdin: " + ec.message());
  co_return co_await read_one_line(*s);
}

void EvaluatorProcess::close_stdin() {
  boost::system::error_code ignored;
  state_->in.close(ignored);
}

asio::awaitable<std::string> EvaluatorProcess::finish(double grace_s) {
  std::shared_ptr<State> s = state_;
  if (!s->reaped) {
    close_stdin();
    co_await wait_for_exit(*s, Clock::now() + seconds(grace_s));
    s->reap();
  }
  if (!s->stderr_done) {
    s->stderr_drained.expires_after(seconds(kStderrDrainSeconds));
    boost::system::error_code ignored;  // cancelled when stderr reaches EOF
    co_await s->stderr_drained.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  s->close_descriptors();
  co_return describe_wait_status(s->wait_status);
}

std::string EvaluatorProcess::stderr_tail(size_t max_bytes) const {
  return state_->own_stderr.last(max_bytes);
}

}  // namespace evp::evaluate
