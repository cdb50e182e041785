// BeastEngine: one coroutine per request (resolve, connect, write, read) on the loop, a
// Beast basic_parser that writes straight into the HttpResponse, and one timer for every
// deadline, which closes the connection of a request whose time is up.
#include "llm/beast_engine.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <charconv>
#include <exception>
#include <iterator>
#include <limits>
#include <optional>
#include <utility>

#include "base/clock.h"

namespace evp::llm::detail {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using namespace std::string_view_literals;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

constexpr size_t kReadSize = 16 * 1024;
constexpr uint32_t kHeaderLimit = 64 * 1024;
constexpr uint64_t kMaxBodyReserve = 8 * 1024 * 1024;

const auto kAwait = asio::use_awaitable;

bool stopped(const BeastExchange& x) {
  return x.cancelled || x.timed_out;
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == y; });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The parts of "http://host[:port]/path?query#fragment" a request needs.
struct HttpUrl {
  std::string_view authority;  // "host[:port]"
  std::string_view host;       // without an IPv6 literal's brackets
  std::string_view port;       // empty: 80
  std::string_view target;     // "/path?query"; may be empty or start with '?'
};

// Where the authority of "host[:port]/path?query#fragment" ends.
size_t authority_end(std::string_view rest) {
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '/' || rest[i] == '?' || rest[i] == '#') return i;
  }
  return rest.size();
}

bool valid_port(std::string_view port) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  return ec == std::errc() && end == port.data() + port.size() && value > 0 && value <= 65535;
}

std::optional<HttpUrl> parse_http_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.size() < kScheme.size() || !iequals(url.substr(0, kScheme.size()), kScheme)) {
    return std::nullopt;
  }
  url.remove_prefix(kScheme.size());
  HttpUrl u;
  const size_t end = authority_end(url);
  u.authority = url.substr(0, end);
  u.target = url.substr(end, url.find('#', end) - end);
  std::string_view hostport = u.authority;
  if (hostport.empty() || hostport.find('@') != std::string_view::npos) return std::nullopt;
  if (hostport.front() == '[') {
    const size_t close = hostport.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    u.host = hostport.substr(1, close - 1);
    hostport.remove_prefix(close + 1);
    if (!hostport.empty() && hostport.front() != ':') return std::nullopt;
    if (!hostport.empty()) u.port = hostport.substr(1);
  } else {
    const size_t colon = hostport.find(':');
    u.host = hostport.substr(0, colon);
    if (colon != std::string_view::npos) u.port = hostport.substr(colon + 1);
  }
  if (u.host.empty() || (!u.port.empty() && !valid_port(u.port))) return std::nullopt;
  return u;
}

void append_number(std::string& out, size_t n) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

// The request head, as curl would send it: the caller's headers verbatim ("Name:" with no
// value removes a header, "Name;" sends it empty), Host and Content-Length unless given.
void write_head(const BeastExchange& x, std::string& head) {
  const HttpRequest& r = x.request;
  head.clear();
  head += r.method;
  head += ' ';
  if (x.target.empty() || x.target.front() != '/') head += '/';
  head += x.target;
  head += " HTTP/1.1\r\n"sv;
  bool has_host = false;
  bool has_length = false;
  for (const std::string& h : r.headers) {
    const size_t colon = h.find(':');
    const std::string_view name = std::string_view(h).substr(0, colon);
    has_host = has_host || iequals(name, "host"sv);
    has_length = has_length || iequals(name, "content-length"sv);
    if (colon == std::string::npos) {
      if (!h.empty() && h.back() == ';') {
        head.append(h, 0, h.size() - 1);
        head += ":\r\n"sv;
      }
      continue;
    }
    if (trim(std::string_view(h).substr(colon + 1)).empty()) continue;
    head += h;
    head += "\r\n"sv;
  }
  if (!has_host) {
    head += "Host: "sv;
    head += x.origin->authority;
    head += "\r\n"sv;
  }
  if (x.sends_body && !has_length) {
    head += "Content-Length: "sv;
    append_number(head, r.body.size());
    head += "\r\n"sv;
  }
  head += "\r\n"sv;
}

// A Beast response parser that fills the exchange's HttpResponse directly: status, headers
// with lowercase names (repeats joined by ", "), and the body, kept or handed to on_data.
class ResponseParser final : public http::basic_parser<false> {
 public:
  explicit ResponseParser(BeastExchange& x) : x_(x) {
    header_limit(kHeaderLimit);
    body_limit(std::numeric_limits<std::uint64_t>::max());  // boost::none breaks in 1.74
    eager(true);
    if (x.request.method == "HEAD") skip(true);
  }

  long status() const { return status_; }

 private:
  void on_request_impl(http::verb, boost::beast::string_view, boost::beast::string_view, int,
                       error_code&) override {}

  void on_response_impl(int code, boost::beast::string_view, int, error_code&) override {
    status_ = code;
    x_.response.status = code;
    x_.response.headers.clear();  // a new response head (after an informational one)
  }

  void on_field_impl(http::field, boost::beast::string_view name, boost::beast::string_view value,
                     error_code&) override {
    add_response_header(x_.response, std::string_view(name.data(), name.size()),
                        std::string_view(value.data(), value.size()));
  }

  void on_header_impl(error_code&) override {}

  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
    if (length && !x_.request.on_data) {
      x_.response.body.reserve(static_cast<size_t>(std::min(*length, kMaxBodyReserve)));
    }
  }

  size_t on_body_impl(boost::beast::string_view body, error_code& ec) override {
    deliver(std::string_view(body.data(), body.size()), ec);
    return body.size();
  }

  void on_chunk_header_impl(std::uint64_t, boost::beast::string_view, error_code&) override {}

  size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                            error_code& ec) override {
    deliver(std::string_view(body.data(), body.size()), ec);
    return body.size();
  }

  void on_finish_impl(error_code&) override {}

  void deliver(std::string_view bytes, error_code& ec) {
    if (bytes.empty()) return;
    if (!x_.request.on_data) {
      x_.response.body.append(bytes);
      return;
    }
    try {
      x_.request.on_data(bytes);
      return;
    } catch (const std::exception& e) {
      x_.callback_error = e.what();
    } catch (...) {
      x_.callback_error = "unknown exception";
    }
    ec = asio::error::operation_aborted;  // ends the parse; the exchange reports callback_error
  }

  BeastExchange& x_;
  long status_ = 0;
};

bool closed_by_peer(const error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted ||
         ec == asio::error::not_connected;
}

// Parses what has been read. False on a malformed response or an on_data exception.
bool feed(BeastExchange& x, BeastConnection& c, ResponseParser& parser) {
  while (c.input.size() > 0 && !parser.is_done()) {
    error_code ec;
    const size_t n = parser.put(c.input.data(), ec);
    c.input.consume(n);
    if (ec == http::error::need_more) return true;
    if (ec) {
      if (x.callback_error.empty()) {
        x.error = "Malformed HTTP response from " + x.origin->authority + ": " + ec.message();
      }
      return false;
    }
    if (n == 0) return true;
  }
  return true;
}

// An informational (1xx) head precedes the real response; 101 switches protocols and ends it.
bool informational(long status) {
  return status >= 100 && status < 200 && status != 101;
}

std::string timeout_text(const BeastExchange& x) {
  const long ms = static_cast<long>(x.request.timeout_s * 1000);
  return "Operation timed out after " + std::to_string(ms) + " milliseconds (" +
         x.origin->authority + ")";
}

// Wakes the exchange's coroutine (its pending operation ends with operation_aborted).
void interrupt(BeastExchange& x) {
  if (x.connection) x.connection->close();
  if (x.resolver != nullptr) x.resolver->cancel();
}

// An Asio socket opened close-on-exec, so children the process starts do not inherit it.
void open_socket(tcp::socket& socket, const tcp::endpoint& endpoint, error_code& ec) {
  const int fd = ::socket(endpoint.protocol().family(), SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
  if (fd < 0) {
    ec = error_code(errno, boost::system::system_category());
    return;
  }
  socket.assign(endpoint.protocol(), fd, ec);
  if (ec) ::close(fd);
}

}  // namespace

void BeastConnection::close() {
  error_code ignored;
  socket.close(ignored);
}

BeastEngine::BeastEngine(asio::io_context& io) : io_(io), timer_(io) {}

BeastEngine::~BeastEngine() {
  shutdown();
}

void BeastEngine::shutdown() {
  if (closed_) return;
  closed_ = true;
  for (BeastExchange& x : active_) {
    x.cancelled = true;
    interrupt(x);
  }
  active_.clear();
  in_flight_ = 0;
  ++timer_generation_;
  timer_.cancel();
  timer_armed_ = false;
  for (auto& [authority, origin] : origins_) {
    for (const auto& c : origin->idle) c->close();
    origin->idle.clear();
  }
}

bool BeastEngine::serves(std::string_view url) {
  return parse_http_url(url).has_value();
}

size_t BeastEngine::idle_connections() const {
  size_t n = 0;
  for (const auto& [authority, origin] : origins_) n += origin->idle.size();
  return n;
}

asio::awaitable<HttpResponse> BeastEngine::perform(std::shared_ptr<BeastEngine> self,
                                                   HttpRequest request) {
  BeastExchange x;
  x.request = std::move(request);
  x.start = Clock::now();
  if (self->closed_) co_return cancelled_response();
  if (const std::optional<HttpUrl> url = parse_http_url(x.request.url)) {
    x.target = url->target;
    x.sends_body = x.request.method != "GET"sv;
    x.origin = self->origin_for(url->authority, url->host, url->port.empty() ? "80" : url->port);
    x.deadline = x.request.timeout_s > 0
                     ? x.start + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(x.request.timeout_s))
                     : Clock::time_point::max();
    self->begin(x);
    co_await self->run(x);
    self->end(x);
  } else {
    x.error = "URL rejected: not a plain http://host[:port]/path URL: " + x.request.url;
  }
  co_return finish(x);
}

// The response, with the error that ended the exchange early, if any.
HttpResponse BeastEngine::finish(BeastExchange& x) {
  HttpResponse& r = x.response;
  if (x.cancelled) {
    r = cancelled_response();
  } else if (x.timed_out) {
    r.transport_error = true;
    r.timed_out = true;
    r.error = timeout_text(x);
  } else if (!x.callback_error.empty()) {
    r.transport_error = true;
    r.error = "response handler failed: " + x.callback_error;
  } else if (!x.error.empty()) {
    r.transport_error = true;
    r.error = std::move(x.error);
  }
  r.seconds = seconds_since(x.start);
  return std::move(r);
}

// Tries a kept-alive connection first; if the server had closed it before answering, once
// more on a fresh one.
asio::awaitable<void> BeastEngine::run(BeastExchange& x) {
  for (int attempt = 0;; ++attempt) {
    std::vector<std::shared_ptr<BeastConnection>>& idle = x.origin->idle;
    const bool reused = attempt == 0 && !idle.empty();
    if (reused) {
      x.connection = std::move(idle.back());
      idle.pop_back();
    } else {
      x.connection = std::make_shared<BeastConnection>(io_);
      if (!co_await connect(x, *x.connection)) break;
    }
    const RoundTrip outcome = co_await round_trip(x, *x.connection);
    if (outcome == RoundTrip::kNoReply && reused && !stopped(x)) {
      give_back(x, false);
      continue;
    }
    if (outcome == RoundTrip::kNoReply) {
      x.error = "Empty reply from server: " + x.origin->authority +
                " closed the connection without answering";
    }
    give_back(x, outcome == RoundTrip::kKeepAlive);
    break;
  }
  give_back(x, false);
}

asio::awaitable<bool> BeastEngine::connect(BeastExchange& x, BeastConnection& c) {
  BeastOrigin& origin = *x.origin;
  if (origin.endpoints.empty() && !co_await resolve(x)) co_return false;
  const std::vector<tcp::endpoint> endpoints = origin.endpoints;  // may change while we wait
  error_code ec;
  for (const tcp::endpoint& endpoint : endpoints) {
    error_code ignored;
    c.socket.close(ignored);
    open_socket(c.socket, endpoint, ec);
    if (!ec) co_await c.socket.async_connect(endpoint, asio::redirect_error(kAwait, ec));
    if (stopped(x)) co_return false;
    if (!ec) {
      c.socket.set_option(tcp::no_delay(true), ignored);
      auto it = std::find(origin.endpoints.begin(), origin.endpoints.end(), endpoint);
      if (it != origin.endpoints.end()) std::rotate(origin.endpoints.begin(), it, it + 1);
      co_return true;
    }
  }
  if (!origin.numeric) origin.endpoints.clear();  // resolve again next time
  x.error = "Failed to connect to " + origin.host + " port " + origin.port + ": " + ec.message();
  co_return false;
}

asio::awaitable<bool> BeastEngine::resolve(BeastExchange& x) {
  BeastOrigin& origin = *x.origin;
  tcp::resolver resolver(io_);
  x.resolver = &resolver;
  error_code ec;
  const tcp::resolver::results_type results = co_await resolver.async_resolve(
      origin.host, origin.port, tcp::resolver::numeric_service, asio::redirect_error(kAwait, ec));
  x.resolver = nullptr;
  if (stopped(x)) co_return false;
  if (ec || results.empty()) {
    x.error = "Could not resolve host: " + origin.host + " (" + origin.authority +
              "): " + (ec ? ec.message() : "no addresses");
    co_return false;
  }
  origin.endpoints.clear();
  for (const auto& entry : results) origin.endpoints.push_back(entry.endpoint());
  co_return true;
}

asio::awaitable<BeastEngine::RoundTrip> BeastEngine::round_trip(BeastExchange& x,
                                                                BeastConnection& c) {
  const std::string& authority = x.origin->authority;
  write_head(x, c.head);
  const std::array<asio::const_buffer, 2> request{asio::buffer(c.head),
                                                  asio::buffer(x.request.body)};
  error_code ec;
  if (!x.sends_body) {
    co_await asio::async_write(c.socket, asio::buffer(c.head), asio::redirect_error(kAwait, ec));
  } else {
    co_await asio::async_write(c.socket, request, asio::redirect_error(kAwait, ec));
  }
  if (stopped(x)) co_return RoundTrip::kFailed;
  if (ec) {
    if (closed_by_peer(ec)) co_return RoundTrip::kNoReply;
    x.error = "Failed sending the request to " + authority + ": " + ec.message();
    co_return RoundTrip::kFailed;
  }

  std::optional<ResponseParser> parser(std::in_place, x);
  bool received = false;
  for (;;) {
    if (!feed(x, c, *parser)) co_return RoundTrip::kFailed;
    if (parser->is_done()) {
      if (!informational(parser->status())) break;
      parser.emplace(x);
      continue;
    }
    const size_t n = co_await c.socket.async_read_some(c.input.prepare(kReadSize),
                                                       asio::redirect_error(kAwait, ec));
    c.input.commit(n);
    if (stopped(x)) co_return RoundTrip::kFailed;
    received = received || n > 0;
    if (!ec) continue;
    if (ec == asio::error::eof && parser->is_header_done() && parser->need_eof()) {
      error_code eof_ec;
      parser->put_eof(eof_ec);
      if (!eof_ec) break;
    }
    if (!received && closed_by_peer(ec)) co_return RoundTrip::kNoReply;
    x.error = ec == asio::error::eof
                  ? authority + " closed the connection before the response was complete"
                  : "Failed reading the response from " + authority + ": " + ec.message();
    co_return RoundTrip::kFailed;
  }
  const bool reusable = parser->keep_alive() && c.input.size() == 0;
  co_return reusable ? RoundTrip::kKeepAlive : RoundTrip::kClose;
}

BeastOrigin* BeastEngine::origin_for(std::string_view authority, std::string_view host,
                                     std::string_view port) {
  if (auto it = origins_.find(authority); it != origins_.end()) return it->second.get();
  auto origin = std::make_unique<BeastOrigin>();
  origin->authority = authority;
  origin->host = host;
  origin->port = port;
  error_code ec;
  const asio::ip::address address = asio::ip::make_address(origin->host, ec);
  if (!ec) {
    origin->numeric = true;
    origin->endpoints.emplace_back(address, static_cast<unsigned short>(std::stoi(origin->port)));
  }
  BeastOrigin* raw = origin.get();
  origins_.emplace(origin->authority, std::move(origin));
  return raw;
}

void BeastEngine::give_back(BeastExchange& x, bool reusable) {
  if (!x.connection) return;
  std::shared_ptr<BeastConnection> c = std::move(x.connection);
  if (reusable && !closed_) {
    x.origin->idle.push_back(std::move(c));
  } else {
    c->close();
  }
}

// Lists the exchange in deadline order: usually at the back, as requests with the same
// timeout end in the order they start.
void BeastEngine::begin(BeastExchange& x) {
  auto at = active_.end();
  while (at != active_.begin() && std::prev(at)->deadline > x.deadline) --at;
  active_.insert(at, x);
  ++in_flight_;
  if (&active_.front() == &x && x.deadline != Clock::time_point::max() &&
      (!timer_armed_ || x.deadline < timer_expiry_)) {
    arm_timer();
  }
}

void BeastEngine::end(BeastExchange& x) {
  if (!x.is_linked()) return;  // shutdown() or the timer already let go of it
  x.unlink();
  --in_flight_;
  if (timer_armed_ && (active_.empty() || active_.front().deadline == Clock::time_point::max())) {
    ++timer_generation_;  // nothing left to time out: let the loop go idle
    timer_.cancel();
    timer_armed_ = false;
  }
}

// Arms the timer for the earliest deadline, if any.
void BeastEngine::arm_timer() {
  if (active_.empty() || active_.front().deadline == Clock::time_point::max()) return;
  timer_expiry_ = active_.front().deadline;
  timer_armed_ = true;
  const uint64_t generation = ++timer_generation_;
  timer_.expires_at(timer_expiry_);  // a pending wait ends with a stale generation
  timer_.async_wait([weak = weak_from_this(), generation](const error_code& ec) {
    if (ec == asio::error::operation_aborted) return;
    const std::shared_ptr<BeastEngine> self = weak.lock();
    if (!self || self->closed_ || generation != self->timer_generation_) return;
    self->timer_armed_ = false;
    self->expire();
    self->arm_timer();
  });
}

// Ends every exchange whose deadline has passed: it leaves the list and its coroutine wakes.
void BeastEngine::expire() {
  const Clock::time_point now = Clock::now();
  while (!active_.empty() && active_.front().deadline <= now) {
    BeastExchange& x = active_.front();
    active_.pop_front();
    --in_flight_;
    x.timed_out = true;
    interrupt(x);
  }
}

}  // namespace evp::llm::detail
