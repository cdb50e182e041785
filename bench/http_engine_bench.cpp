// Micro-benchmark of the HTTP engines behind HttpClient: CurlEngine (libcurl's multi
// interface) against BeastEngine (plain HTTP/1.1 on Boost.Beast), each on one event-loop
// thread at concurrency 256, against nginx on loopback answering every POST with a canned
// chat completion (the setup of bench/throughput; nginx must be on PATH). Reports
// requests/s (items_per_second) and the process's CPU seconds per 100k requests.
#include <benchmark/benchmark.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "llm/http_client.h"

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

constexpr int kConcurrency = 256;
constexpr int kRequestsPerIteration = 30000;

const char* kAnswer =
    R"({"id":"bench","object":"chat.completion","created":0,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"The answer is 42."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}})";

const char* kBody =
    R"({"model":"bench","messages":[{"role":"system","content":"Answer with the number."},{"role":"user","content":"Question 12345: what is 6*7?"}],"temperature":0})";

unsigned short free_port() {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

bool accepts_connections(unsigned short port) {
  asio::io_context io;
  tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  return !ec;
}

// nginx in the foreground (one worker), in a temporary directory, for the process's life.
class Nginx {
 public:
  Nginx() : port_(free_port()) {
    dir_ =
        std::filesystem::temp_directory_path() / ("evp-http-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    write_config();
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string conf = (dir_ / "nginx.conf").string();
      const std::string error_log = (dir_ / "error.log").string();
      ::execlp("nginx", "nginx", "-p", dir_.c_str(), "-e", error_log.c_str(), "-c", conf.c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !accepts_connections(port_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!accepts_connections(port_)) throw std::runtime_error("nginx did not start");
  }

  ~Nginx() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/v1/chat/completions";
  }

 private:
  void write_config() const {
    const std::string d = dir_.string();
    std::ofstream conf(dir_ / "nginx.conf");
    conf << "daemon off;\nworker_processes 1;\npid " << d << "/nginx.pid;\n"
         << "error_log " << d << "/error.log;\nevents { worker_connections 8192; }\n"
         << "http {\n  access_log off;\n  client_body_buffer_size 64k;\n"
         << "  keepalive_requests 10000000;\n"
         << "  client_body_temp_path " << d << "/body;\n  proxy_temp_path " << d << "/proxy;\n"
         << "  fastcgi_temp_path " << d << "/fastcgi;\n  uwsgi_temp_path " << d << "/uwsgi;\n"
         << "  scgi_temp_path " << d << "/scgi;\n"
         << "  server {\n    listen 127.0.0.1:" << port_ << ";\n"
         << "    location /v1/chat/completions {\n      default_type application/json;\n"
         << "      return 200 '" << kAnswer << "';\n    }\n  }\n}\n";
  }

  unsigned short port_;
  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

Nginx& nginx() {
  static Nginx server;
  return server;
}

// The process's user and system CPU seconds so far.
struct CpuTime {
  double user = 0;
  double system = 0;
};

CpuTime process_cpu() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; };
  return {seconds(usage.ru_utime), seconds(usage.ru_stime)};
}

// EVP_BENCH_REQUESTS overrides the requests per iteration (e.g. small, under valgrind).
int requests_per_iteration() {
  const char* v = std::getenv("EVP_BENCH_REQUESTS");
  return v != nullptr && std::atoi(v) > 0 ? std::atoi(v) : kRequestsPerIteration;
}

evp::llm::HttpRequest chat_request(const std::string& url) {
  evp::llm::HttpRequest r;
  r.url = url;
  r.headers = {"Content-Type: application/json", "Accept: application/json",
               "User-Agent: evp/bench", "Authorization: Bearer sk-bench"};
  r.body = kBody;
  return r;
}

// `requests` requests from `kConcurrency` workers; returns how many did not get a 200.
int run_requests(asio::io_context& io, evp::llm::HttpClient& http, const std::string& url,
                 int requests) {
  int next = 0;
  int failures = 0;
  for (int w = 0; w < kConcurrency; ++w) {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          while (next < requests) {
            ++next;
            const evp::llm::HttpResponse r = co_await http.send(chat_request(url));
            if (r.status != 200) ++failures;
          }
        },
        asio::detached);
  }
  io.restart();
  io.run();
  return failures;
}

void BM_HttpEngine(benchmark::State& state, const char* engine) {
  const std::string url = nginx().url();
  if (std::string_view(engine) == "curl") {
    ::setenv("EVP_HTTP_ENGINE", "curl", 1);
  } else {
    ::unsetenv("EVP_HTTP_ENGINE");
  }
  asio::io_context io;
  evp::llm::HttpClient http(io);
  int failures = run_requests(io, http, url, 2 * kConcurrency);  // connections warm
  const int per_iteration = requests_per_iteration();
  CpuTime cpu;
  int64_t requests = 0;
  for (auto _ : state) {
    const CpuTime before = process_cpu();
    failures += run_requests(io, http, url, per_iteration);
    const CpuTime after = process_cpu();
    cpu.user += after.user - before.user;
    cpu.system += after.system - before.system;
    requests += per_iteration;
  }
  const double per_100k = 1e5 / static_cast<double>(requests);
  state.SetItemsProcessed(requests);
  state.counters["cpu_s_per_100k"] = (cpu.user + cpu.system) * per_100k;
  state.counters["user_s_per_100k"] = cpu.user * per_100k;
  state.counters["sys_s_per_100k"] = cpu.system * per_100k;
  state.counters["failures"] = failures;
  ::unsetenv("EVP_HTTP_ENGINE");
}

BENCHMARK_CAPTURE(BM_HttpEngine, curl, "curl")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(5);
BENCHMARK_CAPTURE(BM_HttpEngine, beast, "beast")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(5);

}  // namespace
