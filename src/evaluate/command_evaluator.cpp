// CommandEvaluator: the worker pool (a FIFO semaphore over the idle workers), restarts on
// demand, and the reasons a failed request's metric carries.
#include "evaluate/command_evaluator.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "base/errors.h"
#include "evaluate/evaluator_protocol.h"

namespace evp::evaluate {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kMaxWorkers = 64;
constexpr int kMaxFailedRestarts = 3;     // in a row, before a worker is given up
constexpr double kStopGraceSeconds = 2;   // for the processes to exit on EOF at stop()
constexpr double kCrashGraceSeconds = 1;  // for a crashed process to exit, for its status
constexpr size_t kStderrTailBytes = size_t{64} * 1024;
constexpr size_t kReasonStderrBytes = 1000;

std::string counted(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::vector<std::string> read_command(const ConfigReader& config) {
  const Json* command = config.raw("command");
  if (command && command->is_string()) {
    config.fail_key("command",
                    "expected a list like [python3, my_eval.py], got a string: write the program "
                    "and each argument as its own item");
  }
  return config.required_text_list("command");
}

std::vector<std::pair<std::string, std::string>> read_environment(const ConfigReader& config) {
  auto env = protocol::read_text_map(config, "env");
  for (const auto& [name, value] : env) {
    if (name.empty() || name.find('=') != std::string::npos) {
      config.fail_key("env", "'" + name + "' is not a variable name");
    }
  }
  return env;
}

}  // namespace

// Holds a worker for one request; gives it back (to the idle list unless given up) when done.
class CommandEvaluator::Lease {
 public:
  Lease(CommandEvaluator& evaluator, Worker& worker) : evaluator_(evaluator), worker_(worker) {}
  ~Lease() { evaluator_.release_worker(worker_); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;

 private:
  CommandEvaluator& evaluator_;
  Worker& worker_;
};

CommandEvaluator::CommandEvaluator(std::string name, double weight, EvaluationMode mode,
                                   CommandEvaluatorOptions options, asio::io_context& io)
    : ProtocolEvaluator(std::move(name), weight, mode),
      options_(std::move(options)),
      io_(io),
      workers_(static_cast<size_t>(std::max(1, options_.workers))),
      free_workers_(io.get_executor(), workers_.size()),
      stderr_(kStderrTailBytes) {
  for (size_t i = 0; i < workers_.size(); ++i) workers_[i].index = static_cast<int>(i) + 1;
}

CommandEvaluator::~CommandEvaluator() = default;

std::string CommandEvaluator::command_text() const {
  std::string out;
  for (const std::string& arg : options_.process.argv) out += (out.empty() ? "" : " ") + arg;
  return out;
}

asio::awaitable<void> CommandEvaluator::start() {
  const std::string who = "evaluator '" + name() + "' (" + command_text() + "): ";
  try {
    for (Worker& worker : workers_) spawn(worker);
  } catch (const std::runtime_error& e) {
    for (Worker& worker : workers_) worker.process.reset();
    throw InputError(who + e.what());
  }
  // The processes start in parallel; each gets the whole timeout for its handshake.
  for (Worker& worker : workers_) {
    const std::optional<std::string> problem = co_await handshake(worker, options_.timeout_s);
    if (problem) {
      for (Worker& other : workers_) other.process.reset();
      throw InputError(who + *problem);
    }
    idle_.push_back(&worker);
    ++alive_;
  }
}

asio::awaitable<void> CommandEvaluator::stop() {
  stopped_ = true;
  free_workers_.close();
  for (Worker& worker : workers_) {
    if (worker.process) worker.process->close_stdin();
  }
  const Clock::time_point deadline =
      Clock::now() +
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(kStopGraceSeconds));
  for (Worker& worker : workers_) {
    const std::shared_ptr<EvaluatorProcess> process = std::move(worker.process);
    if (!process) continue;
    const std::chrono::duration<double> left = deadline - Clock::now();
    co_await process->finish(std::max(0.0, left.count()));
  }
}

asio::awaitable<std::vector<model::MetricResult>> CommandEvaluator::call(std::string request,
                                                                         long long id, size_t rows,
                                                                         std::string label) {
  for (;;) {
    Worker* worker = co_await acquire_worker();
    if (!worker) co_return protocol::failed_metrics(unavailable_reason(), rows);
    Lease lease(*this, *worker);
    if (stopped_) co_return protocol::failed_metrics(unavailable_reason(), rows);
    // A failed restart fails this request (so restarts never outnumber requests); the
    // worker is tried again for a later one, until it is given up.
    if (!worker->process && !co_await restart(*worker)) {
      co_return protocol::failed_metrics(
          "evaluator '" + name() + "' could not restart a worker: " + last_failed_restart_, rows);
    }
    const std::shared_ptr<EvaluatorProcess> process = worker->process;
    const LineResult answer = co_await process->exchange(request, options_.timeout_s);
    std::string malformed;
    if (answer.status == LineResult::Status::kLine) {
      try {
        co_return protocol::read_answer(answer.line, id, mode(), rows);
      } catch (const protocol::ProtocolError& e) {
        malformed = e.what();
      }
    }
    const std::string reason = co_await retire(*worker, process, answer, malformed, label);
    co_return protocol::failed_metrics(reason, rows);
  }
}

asio::awaitable<CommandEvaluator::Worker*> CommandEvaluator::acquire_worker() {
  if (!co_await free_workers_.acquire()) co_return nullptr;
  if (idle_.empty()) {  // start() was not called (or failed)
    free_workers_.release();
    co_return nullptr;
  }
  Worker* worker = idle_.front();
  idle_.pop_front();
  co_return worker;
}

void CommandEvaluator::release_worker(Worker& worker) {
  if (!worker.given_up) idle_.push_back(&worker);
  free_workers_.release();
}

void CommandEvaluator::spawn(Worker& worker) {
  worker.process = std::make_shared<EvaluatorProcess>(
      io_, options_.process, [this](std::string_view line) { stderr_.append(line); });
}

asio::awaitable<std::optional<std::string>> CommandEvaluator::handshake(Worker& worker,
                                                                        double timeout_s) {
  using Status = LineResult::Status;
  const std::shared_ptr<EvaluatorProcess> process = worker.process;
  const LineResult first = co_await process->read_line(timeout_s);
  std::optional<std::string> problem;
  if (first.status == Status::kLine) {
    problem = protocol::handshake_problem(first.line, mode());
    if (!problem) co_return std::nullopt;
  }
  const std::string ended =
      co_await process->finish(first.status == Status::kEof ? kCrashGraceSeconds : 0);
  worker.process.reset();
  std::string message = "handshake: ";
  switch (first.status) {
    case Status::kLine:
      message += *problem;
      break;
    case Status::kEof:
      message += "the process ended (" + ended + ") before writing its handshake line";
      break;
    case Status::kTimedOut:
      message += "no handshake line within " + protocol::number_text(timeout_s) +
                 " s (timeout_s; the process was killed)";
      break;
    case Status::kFailed:
      message += first.error;
      break;
  }
  co_return with_stderr(message, *process);
}

asio::awaitable<bool> CommandEvaluator::restart(Worker& worker) {
  ++failures_.restarts;
  std::optional<std::string> problem;
  try {
    spawn(worker);
  } catch (const std::runtime_error& e) {
    problem = e.what();
  }
  if (!problem) problem = co_await handshake(worker, options_.timeout_s);
  if (!problem) {
    worker.failed_restarts = 0;
    co_return true;
  }
  ++failures_.failed_restarts;
  last_failed_restart_ = *problem;
  if (++worker.failed_restarts >= kMaxFailedRestarts) give_up(worker, *problem);
  co_return false;
}

void CommandEvaluator::give_up(Worker& worker, const std::string& why) {
  worker.given_up = true;
  worker.process.reset();
  given_up_.push_back("worker " + std::to_string(worker.index) + " was given up after " +
                      std::to_string(kMaxFailedRestarts) +
                      " failed restarts in a row; the last: " + why);
  if (--alive_ <= 0) {
    free_workers_.close();
  } else {
    free_workers_.set_limit(static_cast<size_t>(alive_));
  }
}

asio::awaitable<std::string> CommandEvaluator::retire(Worker& worker,
                                                      std::shared_ptr<EvaluatorProcess> process,
                                                      const LineResult& answer,
                                                      const std::string& malformed,
                                                      const std::string& label) {
  using Status = LineResult::Status;
  const bool crashed = answer.status == Status::kEof;
  const std::string ended = co_await process->finish(crashed ? kCrashGraceSeconds : 0);
  if (worker.process == process) worker.process.reset();
  const std::string who = "evaluator '" + name() + "'";
  const std::string scoring = " while scoring row " + label;
  std::string message;
  if (stopped_) {
    message = who + " was stopped" + scoring;
  } else if (crashed) {
    ++failures_.crashes;
    message = who + " worker crashed (" + ended + ")" + scoring;
  } else if (answer.status == Status::kTimedOut) {
    ++failures_.timeouts;
    message = who + " timed out after " + protocol::number_text(options_.timeout_s) + " s" +
              scoring + " (worker killed)";
  } else {
    ++failures_.malformed;
    message = who + " sent a malformed answer" + scoring + ": " +
              (malformed.empty() ? answer.error : malformed) + " (worker restarted)";
  }
  co_return with_stderr(message, *process);
}

std::string CommandEvaluator::unavailable_reason() const {
  const std::string who = "evaluator '" + name() + "'";
  if (stopped_) return who + " is stopped";
  if (given_up_.empty()) return who + " is not started";
  return who + " has no workers left (" + given_up_.back() + ")";
}

std::string CommandEvaluator::with_stderr(std::string message,
                                          const EvaluatorProcess& process) const {
  const std::string tail = process.stderr_tail(kReasonStderrBytes);
  if (!tail.empty()) message += "; stderr: " + tail;
  return message;
}

std::vector<std::string> CommandEvaluator::notes() const {
  std::vector<std::string> out;
  const std::string who = "evaluator '" + name() + "'";
  const Failures& f = failures_;
  if (f.crashes + f.timeouts + f.malformed + f.restarts > 0) {
    out.push_back(
        who + ": " + counted(f.crashes, "crash", "crashes") + ", " +
        counted(f.timeouts, "timeout", "timeouts") + ", " +
        counted(f.malformed, "malformed answer", "malformed answers") + "; " +
        counted(f.restarts, "worker restart", "worker restarts") +
        (f.failed_restarts > 0 ? " (" + std::to_string(f.failed_restarts) + " failed)" : ""));
  }
  for (const std::string& why : given_up_) out.push_back(who + ": " + why);
  if (f.failed_restarts > 0 && given_up_.empty()) {
    out.push_back(who + ": the last failed restart: " + last_failed_restart_);
  }
  if (!stderr_.empty()) {
    out.push_back(who + " wrote to stderr" + (stderr_.truncated() ? " (the last 64 KiB)" : "") +
                  ":\n" + stderr_.text());
  }
  return out;
}

std::unique_ptr<AsyncEvaluator> make_command_evaluator(const ConfigReader& config,
                                                       EvaluatorEnvironment& env) {
  config.check_keys(kCommandEvaluatorKeys);
  CommandEvaluatorOptions options;
  options.process.argv = read_command(config);
  options.process.env = read_environment(config);
  options.process.cwd = env.base_dir;
  options.workers = protocol::read_count(config, "workers", 1, kMaxWorkers);
  options.timeout_s = protocol::read_timeout(config);
  return std::make_unique<CommandEvaluator>(
      config.name(), config.weight(), protocol::read_mode(config), std::move(options), env.io);
}

}  // namespace evp::evaluate
