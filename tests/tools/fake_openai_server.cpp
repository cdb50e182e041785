// TEST DOUBLE as a process, for CLI tests and demos:
//   fake_openai_server [--port 0] [--latency-ms N] [--fail-every N] [--rate-limit-every N]
//                      [--answer TEXT] [--no-record]
// Prints "listening on http://127.0.0.1:PORT/v1" (flushed) and serves until SIGTERM or
// SIGINT. --fail-every N answers every Nth chat request with a 500, --rate-limit-every N
// with a 429 and "Retry-After: 0"; other requests get the default answer (fake_reply.h).
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "support/fake_openai/fake_openai_server.h"

namespace {

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "fake_openai_server: " << problem << "\n"
            << "usage: fake_openai_server [--port N] [--latency-ms N] [--fail-every N]"
               " [--rate-limit-every N] [--answer TEXT] [--no-record]\n";
  std::exit(2);
}

long number(const std::string& flag, const char* text) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < 0) usage(flag + " expects a non-negative integer");
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  evp::test::FakeServerOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--no-record") {
      options.record_requests = false;
      continue;
    }
    if (flag != "--port" && flag != "--latency-ms" && flag != "--fail-every" &&
        flag != "--rate-limit-every" && flag != "--answer") {
      usage("unknown argument " + flag);
    }
    if (i + 1 >= argc) usage(flag + " needs a value");
    const char* value = argv[++i];
    if (flag == "--port") {
      const long port = number(flag, value);
      if (port > 65535) usage("--port must be at most 65535");
      options.port = static_cast<unsigned short>(port);
    } else if (flag == "--latency-ms") {
      options.latency_s = static_cast<double>(number(flag, value)) / 1000.0;
    } else if (flag == "--fail-every") {
      options.fail_every = static_cast<int>(number(flag, value));
    } else if (flag == "--rate-limit-every") {
      options.rate_limit_every = static_cast<int>(number(flag, value));
    } else {
      options.answer = value;
    }
  }

  // Block the signals before the server thread starts, so only sigwait sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  evp::test::FakeOpenAiServer server(options);
  std::printf("listening on %s\n", server.base_url().c_str());
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  return 0;
}
