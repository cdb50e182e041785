// SseParser: line splitting and field handling for server-sent events.
#include "llm/sse_parser.h"

namespace evp::llm {

void SseParser::feed(std::string_view bytes) {
  size_t pos = 0;
  if (skip_lf_ && !bytes.empty()) {
    if (bytes[0] == '\n') pos = 1;
    skip_lf_ = false;
  }
  while (pos < bytes.size()) {
    const size_t end = bytes.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) {
      partial_.append(bytes.substr(pos));
      return;
    }
    if (partial_.empty()) {
      line(bytes.substr(pos, end - pos));
    } else {
      partial_.append(bytes.substr(pos, end - pos));
      line(partial_);
      partial_.clear();
    }
    pos = end + 1;
    if (bytes[end] == '\r') {
      if (pos < bytes.size()) {
        if (bytes[pos] == '\n') ++pos;
      } else {
        skip_lf_ = true;
      }
    }
  }
}

void SseParser::finish() {
  if (!partial_.empty()) {
    line(partial_);
    partial_.clear();
  }
  dispatch();
}

void SseParser::line(std::string_view text) {
  if (first_line_) {
    first_line_ = false;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // byte order mark
  }
  if (text.empty()) {
    dispatch();
    return;
  }
  if (text[0] == ':') return;  // comment, e.g. a keep-alive ": ping"
  const size_t colon = text.find(':');
  std::string_view field = text.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = text.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    if (has_data_) data_ += '\n';
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_.assign(value);
  }
  // "id" and "retry" matter only for reconnecting, which a completion never does.
}

void SseParser::dispatch() {
  if (has_data_)
    on_event_(event_.empty() ? std::string_view("message") : std::string_view(event_), data_);
  data_.clear();
  event_.clear();
  has_data_ = false;
}

}  // namespace evp::llm
