// CurlEngine: the bridge between libcurl's multi interface and the Asio event loop.
#include "llm/curl_engine.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <mutex>
#include <utility>

#include "base/clock.h"

namespace evp::llm::detail {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

constexpr size_t kMaxIdleEasyHandles = 4096;

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

template <typename Handler>
class PostedCompletion final : public PendingCompletion {
 public:
  explicit PostedCompletion(Handler handler) : handler_(std::move(handler)) {}
  void post() override {
    auto executor = asio::get_associated_executor(handler_);
    asio::post(executor, std::move(handler_));
  }

 private:
  Handler handler_;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

size_t on_header_line(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  std::string_view line = trim(std::string_view(data, n));
  if (line.substr(0, 5) == "HTTP/") {
    t->response.headers.clear();  // a new response head (after 100 Continue or a redirect)
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return n;
  add_response_header(t->response, line.substr(0, colon), trim(line.substr(colon + 1)));
  return n;
}

size_t on_body_data(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (!t->request.on_data) {
    t->response.body.append(data, n);
    return n;
  }
  try {
    t->request.on_data(std::string_view(data, n));
    return n;
  } catch (const std::exception& e) {
    t->callback_error = e.what();
  } catch (...) {
    t->callback_error = "unknown exception";
  }
  return 0;  // aborts the transfer with CURLE_WRITE_ERROR
}

}  // namespace

// The loop's view of one socket curl asked us to watch.
struct SocketWatch {
  SocketWatch(asio::io_context& io, curl_socket_t socket_fd, CurlEngine* owner)
      : descriptor(io), fd(socket_fd), engine(owner) {
    boost::system::error_code ec;
    descriptor.assign(socket_fd, ec);  // fails only for fds epoll cannot watch
  }

  // Stops watching without closing: the socket belongs to curl. Pending waits complete
  // with operation_aborted.
  void release() {
    closed = true;
    if (descriptor.is_open()) descriptor.release();
  }

  asio::posix::stream_descriptor descriptor;
  curl_socket_t fd;
  CurlEngine* engine;  // valid while !closed
  int wanted = 0;      // CURL_POLL_IN / CURL_POLL_OUT bits
  bool read_waiting = false;
  bool write_waiting = false;
  bool closed = false;
};

Transfer::~Transfer() {
  if (header_list != nullptr) curl_slist_free_all(header_list);
}

CurlEngine::CurlEngine(asio::io_context& io) : io_(io), timer_(io) {
  global_init_once();
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlEngine::on_socket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlEngine::on_timer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
}

CurlEngine::~CurlEngine() {
  shutdown();
}

void CurlEngine::shutdown() {
  if (closed_) return;
  closed_ = true;
  while (!active_.empty()) {
    Transfer& t = active_.front();
    active_.pop_front();
    curl_multi_remove_handle(multi_, t.easy);
    curl_easy_cleanup(t.easy);
    t.easy = nullptr;
    --in_flight_;
    t.response = cancelled_response();
    t.response.seconds = seconds_since(t.start);
    t.completion->post();
    t.completion.reset();
  }
  curl_multi_cleanup(multi_);  // closes cached connections through on_close_socket
  multi_ = nullptr;
  for (auto& [fd, w] : sockets_) w->release();
  sockets_.clear();
  for (CURL* easy : idle_easy_) curl_easy_cleanup(easy);
  idle_easy_.clear();
  ++timer_generation_;
  timer_.cancel();
  deadline_.reset();
}

asio::awaitable<HttpResponse> CurlEngine::perform(std::shared_ptr<CurlEngine> self,
                                                  HttpRequest request) {
  Transfer t;
  t.request = std::move(request);
  t.start = Clock::now();
  if (self->closed_) co_return cancelled_response();
  co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
      [&](auto handler) {
        t.completion = std::make_unique<PostedCompletion<decltype(handler)>>(std::move(handler));
        if (!self->start(t)) {
          t.completion->post();
          t.completion.reset();
        }
      },
      asio::use_awaitable);
  co_return std::move(t.response);
}

bool CurlEngine::start(Transfer& t) {
  t.easy = take_easy();
  if (t.easy == nullptr) {
    t.response.transport_error = true;
    t.response.error = "curl_easy_init failed";
    return false;
  }
  configure(t);
  const CURLMcode rc = curl_multi_add_handle(multi_, t.easy);
  if (rc != CURLM_OK) {
    give_back_easy(t.easy);
    t.easy = nullptr;
    t.response.transport_error = true;
    t.response.error = std::string("curl_multi_add_handle: ") + curl_multi_strerror(rc);
    return false;
  }
  active_.push_back(t);
  ++in_flight_;
  return true;
}

void CurlEngine::configure(Transfer& t) {
  CURL* h = t.easy;
  const HttpRequest& r = t.request;
  curl_easy_setopt(h, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(h, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t.error_buffer);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body_data);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header_line);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, &CurlEngine::on_open_socket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, this);
  curl_easy_setopt(h, CURLOPT_CLOSESOCKETFUNCTION, &CurlEngine::on_close_socket);
  curl_easy_setopt(h, CURLOPT_CLOSESOCKETDATA, this);
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
  if (r.timeout_s > 0) {
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, std::max(1L, static_cast<long>(r.timeout_s * 1000)));
  }
  if (r.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    if (r.method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, r.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
  }
  for (const std::string& header : r.headers) {
    t.header_list = curl_slist_append(t.header_list, header.c_str());
  }
  // No "Expect: 100-continue" round trip for large bodies.
  t.header_list = curl_slist_append(t.header_list, "Expect:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, t.header_list);
}

void CurlEngine::finish(Transfer& t, CURLcode code) {
  curl_multi_remove_handle(multi_, t.easy);
  active_.erase(active_.iterator_to(t));
  --in_flight_;
  HttpResponse& r = t.response;
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &r.status);
  if (code != CURLE_OK) {
    r.transport_error = true;
    r.timed_out = code == CURLE_OPERATION_TIMEDOUT;
    if (!t.callback_error.empty()) {
      r.error = "response handler failed: " + t.callback_error;
    } else if (t.error_buffer[0] != '\0') {
      r.error = t.error_buffer;
    } else {
      r.error = curl_easy_strerror(code);
    }
  }
  r.seconds = seconds_since(t.start);
  give_back_easy(t.easy);
  t.easy = nullptr;
  t.completion->post();
  t.completion.reset();
}

void CurlEngine::socket_action(curl_socket_t fd, int mask) {
  int running = 0;
  curl_multi_socket_action(multi_, fd, mask, &running);
  drain_completed();
}

void CurlEngine::drain_completed() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    const CURLcode code = msg->data.result;
    void* t = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &t);
    finish(*static_cast<Transfer*>(t), code);
  }
}

int CurlEngine::on_socket(CURL*, curl_socket_t fd, int what, void* engine, void* watch) {
  auto* self = static_cast<CurlEngine*>(engine);
  if (what == CURL_POLL_REMOVE) {
    if (self->is_connection(fd)) {
      // A connection going idle in curl's cache: park the watch until the socket is reused
      // or closed (on_close_socket). A wait still pending is ignored when it fires.
      if (auto it = self->sockets_.find(fd); it != self->sockets_.end()) it->second->wanted = 0;
    } else {
      self->forget_socket(fd, static_cast<SocketWatch*>(watch));
    }
    return 0;
  }
  if (self->closed_) return 0;
  // curl passes back the watch it was given for a socket it is tracking; none means a socket
  // new to it. For a kept-alive connection that is the parked watch; for any other socket a
  // watch still listed under that fd number is stale (its socket was closed): replace it.
  if (watch == nullptr && !self->is_connection(fd)) self->forget_socket(fd, nullptr);
  std::shared_ptr<SocketWatch>& w = self->sockets_[fd];
  if (!w) w = std::make_shared<SocketWatch>(self->io_, fd, self);
  if (watch != w.get()) curl_multi_assign(self->multi_, fd, w.get());
  w->wanted = what;
  self->watch(w);
  return 0;
}

void CurlEngine::watch(const std::shared_ptr<SocketWatch>& w) {
  if ((w->wanted & CURL_POLL_IN) != 0 && !w->read_waiting) {
    w->read_waiting = true;
    w->descriptor.async_wait(
        asio::posix::descriptor_base::wait_read,
        [w](const boost::system::error_code& ec) { socket_ready(w, CURL_POLL_IN, ec); });
  }
  if ((w->wanted & CURL_POLL_OUT) != 0 && !w->write_waiting) {
    w->write_waiting = true;
    w->descriptor.async_wait(
        asio::posix::descriptor_base::wait_write,
        [w](const boost::system::error_code& ec) { socket_ready(w, CURL_POLL_OUT, ec); });
  }
}

void CurlEngine::socket_ready(const std::shared_ptr<SocketWatch>& w, int direction,
                              const boost::system::error_code& ec) {
  (direction == CURL_POLL_IN ? w->read_waiting : w->write_waiting) = false;
  // A released watch may belong to an engine that is gone: touch nothing else.
  if (w->closed || ec == asio::error::operation_aborted) return;
  if ((w->wanted & direction) == 0) return;  // curl lost interest while we waited
  int mask = direction == CURL_POLL_IN ? CURL_CSELECT_IN : CURL_CSELECT_OUT;
  if (ec) mask |= CURL_CSELECT_ERR;
  CurlEngine* engine = w->engine;
  engine->socket_action(w->fd, mask);
  if (!w->closed) engine->watch(w);
}

void CurlEngine::forget_socket(curl_socket_t fd, const SocketWatch* expected) {
  auto it = sockets_.find(fd);
  if (it == sockets_.end()) return;
  if (expected != nullptr && it->second.get() != expected) return;
  it->second->release();
  sockets_.erase(it);
}

curl_socket_t CurlEngine::on_open_socket(void* engine, curlsocktype, curl_sockaddr* address) {
  const curl_socket_t fd =
      ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  auto* self = static_cast<CurlEngine*>(engine);
  if (fd >= 0) {
    if (static_cast<size_t>(fd) >= self->connection_fds_.size()) {
      self->connection_fds_.resize(static_cast<size_t>(fd) + 1, 0);
    }
    self->connection_fds_[static_cast<size_t>(fd)] = 1;
  }
  return fd;
}

int CurlEngine::on_close_socket(void* engine, curl_socket_t fd) {
  // Stop watching before the fd number can be reused by another socket.
  auto* self = static_cast<CurlEngine*>(engine);
  if (self->is_connection(fd)) self->connection_fds_[static_cast<size_t>(fd)] = 0;
  self->forget_socket(fd, nullptr);
  return ::close(fd);
}

int CurlEngine::on_timer(CURLM*, long timeout_ms, void* engine) {
  static_cast<CurlEngine*>(engine)->set_timeout(timeout_ms);
  return 0;
}

void CurlEngine::set_timeout(long timeout_ms) {
  if (closed_) return;
  if (timeout_ms < 0) {
    // No timer: cancel ours too, or an idle client would keep io_context::run() busy.
    deadline_.reset();
    if (timer_armed_) {
      timer_armed_ = false;
      ++timer_generation_;
      timer_.cancel();
    }
    return;
  }
  if (timeout_ms == 0) {
    // "Act now", but never from inside curl: post one wake-up for any number of requests.
    // An armed timer stays: it fires early at worst, finds no deadline and stops.
    deadline_.reset();
    kick();
    return;
  }
  const auto at = Clock::now() + std::chrono::milliseconds(timeout_ms);
  deadline_ = at;
  if (!timer_armed_ || at < timer_expiry_) arm_timer(at);
}

void CurlEngine::arm_timer(Clock::time_point at) {
  timer_expiry_ = at;
  timer_armed_ = true;
  const uint64_t generation = ++timer_generation_;
  timer_.expires_at(at);  // cancels a pending wait, whose handler sees a stale generation
  timer_.async_wait([self = shared_from_this(), generation](const boost::system::error_code&) {
    if (self->closed_ || generation != self->timer_generation_) return;
    self->timer_armed_ = false;
    if (!self->deadline_) return;
    if (Clock::now() < *self->deadline_) {
      self->arm_timer(*self->deadline_);
      return;
    }
    self->deadline_.reset();
    self->socket_action(CURL_SOCKET_TIMEOUT, 0);
  });
}

void CurlEngine::kick() {
  if (kick_posted_) return;
  kick_posted_ = true;
  asio::post(io_, [self = shared_from_this()] {
    self->kick_posted_ = false;
    if (self->closed_) return;
    self->socket_action(CURL_SOCKET_TIMEOUT, 0);
  });
}

CURL* CurlEngine::take_easy() {
  if (idle_easy_.empty()) return curl_easy_init();
  CURL* easy = idle_easy_.back();
  idle_easy_.pop_back();
  return easy;
}

void CurlEngine::give_back_easy(CURL* easy) {
  if (idle_easy_.size() >= kMaxIdleEasyHandles) {
    curl_easy_cleanup(easy);
    return;
  }
  curl_easy_reset(easy);
  idle_easy_.push_back(easy);
}

}  // namespace evp::llm::detail
