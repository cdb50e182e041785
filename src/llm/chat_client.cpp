// ChatClient: limits, one attempt (plain or streamed), and the retry loop.
#include "llm/chat_client.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <random>

#include "base/fast_json.h"
#include "llm/adaptive_concurrency.h"
#include "llm/async_semaphore.h"
#include "llm/chat_errors.h"
#include "llm/chat_response.h"
#include "llm/chat_stream.h"
#include "llm/engine_router.h"
#include "llm/retry.h"
#include "llm/sleep_group.h"
#include "llm/sse_parser.h"
#include "llm/token_bucket.h"

namespace evp::llm {

using Clock = std::chrono::steady_clock;
using model::StatusCode;

namespace {

// A concurrency limit of 0 (or less) means "no limit".
constexpr int kUnlimitedConcurrency = 1 << 30;

int effective_concurrency(const RateLimits& limits) {
  return limits.concurrency > 0 ? limits.concurrency : kUnlimitedConcurrency;
}

std::vector<std::string> request_headers(const Endpoint& e) {
  std::vector<std::string> headers{
      "Content-Type: application/json",
      e.stream ? "Accept: text/event-stream" : "Accept: application/json",
      "User-Agent: evp/" EVP_VERSION};
  if (!e.api_key.empty()) headers.push_back("Authorization: Bearer " + e.api_key);
  for (const auto& [name, value] : e.headers) headers.push_back(name + ": " + value);
  return headers;
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

}  // namespace

namespace detail {

struct ChatClientState {
  ChatClientState(boost::asio::io_context& io, std::shared_ptr<EngineRouter> http, Endpoint e)
      : endpoint(std::move(e)),
        engine(std::move(http)),
        url(chat_completions_url(endpoint.base_url)),
        body_writer(endpoint),
        headers(request_headers(endpoint)),
        permits(io.get_executor(), static_cast<size_t>(effective_concurrency(endpoint.limits))),
        aimd(effective_concurrency(endpoint.limits), endpoint.limits.adaptive_increase_after),
        rpm(per_minute_bucket(endpoint.limits.rpm)),
        tpm(per_minute_bucket(endpoint.limits.tpm)),
        sleeps(io.get_executor()),
        rng(std::random_device{}()),
        start(Clock::now()) {}

  double now_s() const { return std::chrono::duration<double>(Clock::now() - start).count(); }
  double uniform01() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }
  bool adaptive() const { return endpoint.limits.adaptive && endpoint.limits.concurrency > 0; }

  Endpoint endpoint;
  std::shared_ptr<EngineRouter> engine;
  std::string url;
  ChatBodyWriter body_writer;
  std::vector<std::string> headers;
  AsyncSemaphore permits;
  AdaptiveConcurrency aimd;
  TokenBucket rpm;
  TokenBucket tpm;
  SleepGroup sleeps;
  std::mt19937_64 rng;
  Clock::time_point start;
  bool closed = false;
};

}  // namespace detail

namespace {

using detail::ChatClientState;

// Holds a concurrency permit until released or destroyed.
class Permit {
 public:
  explicit Permit(ChatClientState& s) : state_(&s) {}
  ~Permit() { release(); }
  Permit(const Permit&) = delete;
  Permit& operator=(const Permit&) = delete;
  void release() {
    if (state_ != nullptr) state_->permits.release();
    state_ = nullptr;
  }

 private:
  ChatClientState* state_;
};

struct AttemptOutcome {
  ChatResult result;
  bool retryable = false;
  std::optional<double> retry_after_s;
  bool rate_limited = false;
};

ChatResult cancelled_result() {
  ChatResult r;
  r.code = StatusCode::kCancelled;
  r.error = "cancelled: the chat client was shut down";
  return r;
}

AttemptOutcome cancelled_attempt() {
  AttemptOutcome out;
  out.result = cancelled_result();
  return out;
}

// What a streamed body turned into, fed from HttpRequest::on_data.
struct StreamReader {
  StreamReader()
      : parser([this](std::string_view event, std::string_view data) { on_event(event, data); }) {}

  void on_bytes(std::string_view bytes) {
    parser.feed(bytes);
    if (!saw_events) unparsed.append(bytes);  // kept for a non-SSE body (error or plain JSON)
  }
  void on_event(std::string_view event, std::string_view data) {
    saw_events = true;
    if (done || !malformed.empty()) return;
    if (data == "[DONE]") {
      done = true;
      return;
    }
    const Json chunk = parse_json_text_or_discarded(data);
    if (chunk.is_discarded()) {
      malformed = "malformed JSON in stream event " + std::to_string(accumulator.chunks() + 1);
      return;
    }
    accumulator.add(chunk);
    if (event == "error" && accumulator.error().empty()) {
      malformed = "the stream sent an error event: " + std::string(data.substr(0, 200));
    }
  }

  SseParser parser;
  ChatStreamAccumulator accumulator;
  std::string unparsed;
  std::string malformed;
  bool saw_events = false;
  bool done = false;
};

void fail(AttemptOutcome& out, StatusCode code, std::string error, bool retryable) {
  out.result.ok = false;
  out.result.code = code;
  out.result.error = std::move(error);
  out.retryable = retryable;
}

// Fills `out` from a 2xx body that is one JSON completion.
void read_plain_completion(AttemptOutcome& out, std::string_view body, long status) {
  ParsedCompletion parsed = parse_completion(body);
  if (!parsed.error.empty()) {
    out.result.http_status = status;
    fail(out, StatusCode::kInternal, "HTTP " + std::to_string(status) + " with " + parsed.error,
         true);
    return;
  }
  out.result.ok = true;
  out.result.message = std::move(parsed.message);
  out.result.finish_reason = std::move(parsed.finish_reason);
  out.result.usage = std::move(parsed.usage);
  out.result.raw_body = std::string(body);
}

void read_stream(AttemptOutcome& out, StreamReader& stream, long status,
                 Clock::time_point attempt_start) {
  const ChatStreamAccumulator& acc = stream.accumulator;
  out.result.http_status = status;
  if (!stream.malformed.empty()) {
    fail(out, StatusCode::kInternal, "HTTP " + std::to_string(status) + " with " + stream.malformed,
         true);
    return;
  }
  if (!acc.error().empty()) {
    fail(out, StatusCode::kUnavailable, "the stream reported an error: " + acc.error(), true);
    return;
  }
  if (!stream.done && !acc.finish_reason()) {
    fail(out, StatusCode::kUnavailable, "the stream ended before [DONE]", true);
    return;
  }
  out.result.ok = true;
  out.result.http_status = 0;
  out.result.message = acc.message();
  out.result.finish_reason = acc.finish_reason();
  out.result.usage = acc.usage();
  out.result.raw_body = dump_json(acc.completion());
  if (acc.first_token_at()) {
    out.result.ttft_s =
        std::chrono::duration<double>(*acc.first_token_at() - attempt_start).count();
  }
}

boost::asio::awaitable<AttemptOutcome> run_attempt(std::shared_ptr<ChatClientState> s,
                                                   const std::string& body, double estimate) {
  if (s->closed) co_return cancelled_attempt();
  if (!s->permits.try_acquire() && !co_await s->permits.acquire()) {
    co_return cancelled_attempt();
  }
  Permit permit(*s);
  AttemptOutcome out;
  const uint64_t admitted_epoch = s->aimd.epoch();

  double wait = s->rpm.reserve(1, s->now_s());
  if (!s->tpm.unlimited()) wait = std::max(wait, s->tpm.reserve(estimate, s->now_s()));
  if (wait > 0 && !co_await s->sleeps.sleep(wait)) co_return cancelled_attempt();
  if (s->closed) co_return cancelled_attempt();

  const Endpoint& ep = s->endpoint;
  HttpRequest request;
  request.url = s->url;
  request.headers = s->headers;
  request.body = body;
  request.timeout_s = ep.retry.timeout_s;
  std::optional<StreamReader> stream;  // only when streaming: it costs a few allocations
  if (ep.stream) {
    StreamReader* reader = &stream.emplace();
    request.on_data = [reader](std::string_view bytes) { reader->on_bytes(bytes); };
  }

  const Clock::time_point attempt_start = Clock::now();
  HttpResponse response = co_await s->engine->perform(std::move(request));
  permit.release();
  if (stream) stream->parser.finish();
  out.result.latency_s = response.seconds;

  if (response.cancelled) {
    out.result.code = StatusCode::kCancelled;
    out.result.error = response.error;
  } else if (response.transport_error) {
    out.result.http_status = response.status;
    if (response.timed_out) {
      fail(out, StatusCode::kDeadlineExceeded,
           "request timed out after " + seconds_text(ep.retry.timeout_s) + " s", true);
    } else {
      fail(out, StatusCode::kUnavailable, "transport error: " + response.error, true);
    }
  } else if (response.status < 200 || response.status > 299) {
    const std::string_view body_text =
        stream ? std::string_view(stream->unparsed) : std::string_view(response.body);
    out.result.http_status = response.status;
    fail(out, status_code_for_http(response.status), http_error_text(response.status, body_text),
         is_retryable_http_status(response.status));
    out.rate_limited = response.status == 429;
    out.retry_after_s = retry_after_s(response.headers, std::chrono::system_clock::now());
  } else if (stream && stream->saw_events) {
    read_stream(out, *stream, response.status, attempt_start);
  } else {
    // Not streaming, or a server that answered a stream request with one JSON document.
    read_plain_completion(
        out, stream ? std::string_view(stream->unparsed) : std::string_view(response.body),
        response.status);
  }

  if (s->adaptive()) {
    const bool changed = out.rate_limited ? s->aimd.on_rate_limited(admitted_epoch)
                         : out.result.ok  ? s->aimd.on_success()
                                          : false;
    if (changed) s->permits.set_limit(static_cast<size_t>(s->aimd.limit()));
  }
  if (!s->tpm.unlimited()) {
    if (out.result.usage) {
      s->tpm.refund(estimate - static_cast<double>(out.result.usage->total_tokens), s->now_s());
    } else if (!out.result.ok && response.status >= 400) {
      s->tpm.refund(estimate, s->now_s());  // refused: nothing was generated
    }
  }
  co_return out;
}

boost::asio::awaitable<ChatResult> run_chat(std::shared_ptr<ChatClientState> s,
                                            ChatRequest request) {
  const Clock::time_point started = Clock::now();
  const std::string body = s->body_writer.body(request);
  const double estimate = s->body_writer.estimate_tokens(body.size());
  const RetryPolicy& policy = s->endpoint.retry;
  const int max_attempts = std::max(1, policy.max_attempts);

  for (int attempt = 1;; ++attempt) {
    AttemptOutcome out = co_await run_attempt(s, body, estimate);
    out.result.attempts = attempt;
    const bool last = out.result.ok || !out.retryable || attempt >= max_attempts || s->closed;
    if (!last) {
      double delay = full_jitter_s(policy, attempt - 1, s->uniform01());
      if (out.retry_after_s) delay = std::max(delay, *out.retry_after_s);
      if (co_await s->sleeps.sleep(delay)) continue;
      out.result = cancelled_result();
      out.result.attempts = attempt;
    }
    ChatResult result = std::move(out.result);
    if (!result.ok) {
      if (attempt > 1 && result.code != StatusCode::kCancelled) {
        result.error += " (after " + std::to_string(attempt) + " attempts)";
      }
      result.error = redact(std::move(result.error), s->endpoint.api_key);
    }
    result.total_s = std::chrono::duration<double>(Clock::now() - started).count();
    co_return result;
  }
}

}  // namespace

ChatClient::ChatClient(boost::asio::io_context& io, HttpClient& http, Endpoint endpoint)
    : state_(std::make_shared<ChatClientState>(io, http.engine_, std::move(endpoint))) {}

ChatClient::~ChatClient() {
  state_->closed = true;
  state_->permits.close();
  state_->sleeps.cancel_all();
}

boost::asio::awaitable<ChatResult> ChatClient::complete(ChatRequest request) {
  return run_chat(state_, std::move(request));
}

const Endpoint& ChatClient::endpoint() const {
  return state_->endpoint;
}

int ChatClient::concurrency_limit() const {
  return static_cast<int>(state_->permits.limit());
}

size_t ChatClient::in_flight() const {
  return state_->permits.in_use();
}

}  // namespace evp::llm
