// SseParser: splits a text/event-stream body into events as bytes arrive, per the WHATWG
// server-sent events rules (LF, CRLF or CR line ends; "data:" lines joined by "\n"; an
// empty line ends an event; lines starting with ':' are comments).
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace evp::llm {

class SseParser {
 public:
  // Called once per event with its type ("message" unless an "event:" line said otherwise)
  // and its data.
  using EventHandler = std::function<void(std::string_view event, std::string_view data)>;

  explicit SseParser(EventHandler on_event) : on_event_(std::move(on_event)) {}

  // Any split of the stream into feeds gives the same events.
  void feed(std::string_view bytes);
  // End of the stream: a last event not followed by an empty line is still delivered
  // (lenient: some servers close right after their final "data:" line).
  void finish();

 private:
  void line(std::string_view text);
  void dispatch();

  EventHandler on_event_;
  std::string partial_;  // an unterminated line carried to the next feed
  std::string data_;
  std::string event_;
  bool has_data_ = false;
  bool skip_lf_ = false;    // the previous feed ended with CR: a leading LF belongs to it
  bool first_line_ = true;  // a UTF-8 byte order mark before it is ignored
};

}  // namespace evp::llm
