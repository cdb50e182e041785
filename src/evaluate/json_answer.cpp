// Implementation of the JSON answer readers.
#include "evaluate/json_answer.h"

#include "evaluate/text_utils.h"

namespace evp::evaluate {

namespace {

// A SAX consumer that accepts every value and keeps the parse error, so a bad answer costs no
// thrown exception (an answer that is not JSON is the common case for many rows).
class ErrorCatcher : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    message = e.what();
    return false;
  }
  std::string message;
};

// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
std::string parse_error_reason(std::string_view text) {
  ErrorCatcher catcher;
  Json::sax_parse(text, &catcher);
  std::string_view what = catcher.message;
  const std::size_t close = what.find("] ");
  if (what.starts_with("[json.exception.") && close != std::string_view::npos) {
    what.remove_prefix(close + 2);
  }
  return "not valid JSON: " + std::string(what);
}

}  // namespace

JsonAnswer parse_json_answer(std::string_view answer) {
  JsonAnswer out;
  const std::string_view text = unwrap_json_fence(answer);
  if (text.empty()) {
    out.error = "not valid JSON: the answer is empty";
    return out;
  }
  out.value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (out.value.is_discarded()) {
    out.error = parse_error_reason(text);
    return out;
  }
  out.ok = true;
  return out;
}

std::string json_answer_error(std::string_view answer) {
  const std::string_view text = unwrap_json_fence(answer);
  if (text.empty()) return "not valid JSON: the answer is empty";
  if (Json::accept(text)) return "";
  return parse_error_reason(text);
}

}  // namespace evp::evaluate
