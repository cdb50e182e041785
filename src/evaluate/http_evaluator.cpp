// HttpEvaluator: one POST per request under an in-flight limit; every failure becomes the
// request's invalid metric.
#include "evaluate/http_evaluator.h"

#include <algorithm>
#include <cctype>

#include "evaluate/evaluator_protocol.h"

namespace evp::evaluate {

namespace asio = boost::asio;

namespace {

constexpr int kMaxConcurrency = 4096;

// The URL without its query string and user info, for messages.
std::string shown_url(const std::string& url) {
  std::string out = url.substr(0, url.find_first_of("?#"));
  const size_t scheme = out.find("://");
  const size_t host = scheme == std::string::npos ? 0 : scheme + 3;
  const size_t at = out.find('@', host);
  if (at != std::string::npos && at < out.find('/', host)) out.erase(host, at + 1 - host);
  return out;
}

bool has_header(const std::vector<std::string>& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(), [&](const std::string& h) {
    if (h.size() <= name.size() || h[name.size()] != ':') return false;
    return std::equal(name.begin(), name.end(), h.begin(), [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) ==
             std::tolower(static_cast<unsigned char>(b));
    });
  });
}

std::vector<std::string> read_headers(const ConfigReader& config) {
  std::vector<std::string> out;
  for (const auto& [name, value] : protocol::read_text_map(config, "headers")) {
    const bool bad_name = name.empty() || name.find_first_of(": \t\r\n") != std::string::npos;
    if (bad_name || value.find_first_of("\r\n") != std::string::npos) {
      config.fail_key("headers", "'" + name + "' is not a valid header (name and one-line value)");
    }
    out.push_back(name + ": " + value);
  }
  if (!has_header(out, "content-type")) out.insert(out.begin(), "Content-Type: application/json");
  return out;
}

std::string read_url(const ConfigReader& config) {
  std::string url = config.required_string("url");
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    config.fail_key("url", "expected an http:// or https:// URL, got '" + shown_url(url) + "'");
  }
  return url;
}

// Gives an in-flight permit back when the request is done.
class Permit {
 public:
  explicit Permit(llm::AsyncSemaphore& semaphore) : semaphore_(semaphore) {}
  ~Permit() { semaphore_.release(); }
  Permit(const Permit&) = delete;
  Permit& operator=(const Permit&) = delete;

 private:
  llm::AsyncSemaphore& semaphore_;
};

}  // namespace

HttpEvaluator::HttpEvaluator(std::string name, double weight, EvaluationMode mode,
                             HttpEvaluatorOptions options, llm::HttpClient& http,
                             asio::io_context& io)
    : ProtocolEvaluator(std::move(name), weight, mode),
      options_(std::move(options)),
      shown_url_(shown_url(options_.url)),
      http_(http),
      in_flight_(io.get_executor(), static_cast<size_t>(std::max(1, options_.concurrency))) {}

asio::awaitable<std::vector<model::MetricResult>> HttpEvaluator::call(std::string body,
                                                                      long long id, size_t rows,
                                                                      std::string label) {
  co_await in_flight_.acquire();  // never closed
  const Permit permit(in_flight_);
  llm::HttpRequest request;
  request.url = options_.url;
  request.headers = options_.headers;
  request.body = std::move(body);
  request.timeout_s = options_.timeout_s;
  const llm::HttpResponse response = co_await http_.send(std::move(request));
  const bool ok = !response.transport_error && response.status >= 200 && response.status < 300;
  std::string malformed;
  if (ok) {
    try {
      co_return protocol::read_answer(response.body, id, mode(), rows);
    } catch (const protocol::ProtocolError& e) {
      malformed = e.what();
    }
  }
  ++failed_;
  last_failure_ = failure(response, label, malformed);
  co_return protocol::failed_metrics(last_failure_, rows);
}

std::string HttpEvaluator::failure(const llm::HttpResponse& response, const std::string& label,
                                   const std::string& malformed) const {
  const std::string who = "evaluator '" + name() + "'";
  const std::string scoring = " while scoring row " + label;
  if (response.timed_out) {
    return who + " timed out after " + protocol::number_text(options_.timeout_s) + " s" + scoring +
           " (POST " + shown_url_ + ")";
  }
  if (response.transport_error) {
    return who + ": POST " + shown_url_ + " failed" + scoring + ": " + response.error;
  }
  if (!malformed.empty()) {
    return who + " sent a malformed answer (HTTP " + std::to_string(response.status) + ")" +
           scoring + ": " + malformed;
  }
  return who + ": HTTP " + std::to_string(response.status) + " from POST " + shown_url_ + scoring +
         ": " + protocol::text_start(response.body);
}

std::vector<std::string> HttpEvaluator::notes() const {
  if (failed_ == 0) return {};
  return {"evaluator '" + name() + "': " + std::to_string(failed_) + " request" +
          (failed_ == 1 ? "" : "s") + " failed; the last: " + last_failure_};
}

std::unique_ptr<AsyncEvaluator> make_http_evaluator(const ConfigReader& config,
                                                    EvaluatorEnvironment& env) {
  config.check_keys(kHttpEvaluatorKeys);
  HttpEvaluatorOptions options;
  options.url = read_url(config);
  options.timeout_s = protocol::read_timeout(config);
  options.concurrency = protocol::read_count(config, "concurrency", 16, kMaxConcurrency);
  options.headers = read_headers(config);
  return std::make_unique<HttpEvaluator>(config.name(), config.weight(),
                                         protocol::read_mode(config), std::move(options), env.http,
                                         env.io);
}

}  // namespace evp::evaluate
