// HttpEvaluator: an evaluation service reached over HTTP, speaking the evaluator protocol's
// messages (docs/evaluator-protocol.md): each request object is POSTed as the body
// (application/json) and the answer object is read from the response body. Suite config
// (besides type, name, weight):
//   {type: http, url: "http://127.0.0.1:8000/evaluate", timeout_s: 30,
//    mode: pointwise|groupwise, concurrency: 16, headers: {Name: value}}
// url: http:// or https://; timeout_s: per request, connecting included (default 30);
// concurrency: requests in flight at most (default 16, at most 4096); headers: sent with
// every request (Content-Type: application/json unless given).
//
// No handshake: start() does nothing. A transport error, a timeout, a non-2xx status or a
// malformed body gives the request's rollout(s) an invalid metric with the reason (the HTTP
// status and the start of the body); it is not retried. The URL in messages has no query
// string or user info (they may hold secrets). notes(): how many requests failed, and the
// last reason.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "evaluate/async_evaluator.h"
#include "evaluate/config_reader.h"
#include "evaluate/protocol_evaluator.h"
#include "llm/async_semaphore.h"
#include "llm/http_client.h"

namespace evp::evaluate {

// The keys of type `http` besides type, name and weight.
inline constexpr std::string_view kHttpEvaluatorKeys = "url timeout_s mode concurrency headers";

struct HttpEvaluatorOptions {
  std::string url;
  double timeout_s = 30;
  int concurrency = 16;
  std::vector<std::string> headers;  // "Name: value"
};

class HttpEvaluator : public ProtocolEvaluator {
 public:
  HttpEvaluator(std::string name, double weight, EvaluationMode mode, HttpEvaluatorOptions options,
                llm::HttpClient& http, boost::asio::io_context& io);

  std::vector<std::string> notes() const override;

 protected:
  boost::asio::awaitable<std::vector<model::MetricResult>> call(std::string body, long long id,
                                                                size_t rows,
                                                                std::string label) override;

 private:
  std::string failure(const llm::HttpResponse& response, const std::string& label,
                      const std::string& malformed) const;

  HttpEvaluatorOptions options_;
  std::string shown_url_;  // without query string and user info
  llm::HttpClient& http_;
  llm::AsyncSemaphore in_flight_;
  int failed_ = 0;
  std::string last_failure_;
};

// Reads an `http` evaluator's config (checking its keys) and builds it on env.io / env.http.
std::unique_ptr<AsyncEvaluator> make_http_evaluator(const ConfigReader& config,
                                                    EvaluatorEnvironment& env);

}  // namespace evp::evaluate
