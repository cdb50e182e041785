// parse_completion: one SAX pass over the body that builds only what a completion yields
// (choices[0].message, its finish_reason, usage); tolerant of extra fields, strict about the
// message itself. Building the whole body as a tree was a sixth of a loop thread's time.
#include "llm/chat_response.h"

#include <vector>

#include "base/errors.h"
#include "llm/chat_errors.h"
#include "model/row_json.h"

namespace evp::llm {
namespace {

// Builds one JSON value from SAX events (the events of that value only).
class ValueBuilder {
 public:
  explicit ValueBuilder(Json& target) : target_(target) {}
  bool done() const { return started_ && stack_.empty(); }

  void scalar(Json value) {
    if (!started_) {
      started_ = true;
      target_ = std::move(value);
      return;
    }
    place() = std::move(value);
  }
  void start(Json empty) {
    Json* at = nullptr;
    if (!started_) {
      started_ = true;
      target_ = std::move(empty);
      at = &target_;
    } else {
      Json& slot = place();
      slot = std::move(empty);
      at = &slot;
    }
    stack_.push_back(at);
  }
  void key(std::string& k) { key_ = std::move(k); }
  void end() { stack_.pop_back(); }

 private:
  // Where the next value goes: the pending key of the innermost object (a repeated key keeps
  // the last value, as the DOM parser does) or the end of the innermost array.
  Json& place() {
    Json& container = *stack_.back();
    if (container.is_object()) return container[key_];
    container.push_back(Json());
    return container.back();
  }

  Json& target_;
  std::vector<Json*> stack_;
  std::string key_;
  bool started_ = false;
};

// The SAX handler. Paths it cares about: error, choices[0].message, choices[0].finish_reason,
// usage (top level). Every other value is skipped without being built. Repeated keys keep
// the last value, as Json::parse does.
class CompletionReader {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  bool null() { return value(Json()); }
  bool boolean(bool v) { return value(Json(v)); }
  bool number_integer(number_integer_t v) { return value(Json(v)); }
  bool number_unsigned(number_unsigned_t v) { return value(Json(v)); }
  bool number_float(number_float_t v, const string_t&) { return value(Json(v)); }
  bool string(string_t& v) { return value(Json(std::move(v))); }
  bool binary(binary_t&) { return value(Json()); }

  bool start_object(std::size_t) { return open(Json::object(), true); }
  bool start_array(std::size_t) { return open(Json::array(), false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(string_t& k) {
    if (builder_) {
      builder_->key(k);
      return true;
    }
    frames_.back().key = std::move(k);
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
    error_byte_ = position;
    return false;
  }

  // After a successful parse: what parse_completion reports.
  void finish(ParsedCompletion& out, std::string_view body) {
    if (!root_is_object_) {
      out.error = "the response body is not a JSON object";
    } else if (error_present_) {
      out.error = "the server answered with an error: " + server_error_message(body);
    } else if (!choice_is_object_) {
      out.error = "the response has no choices[0]";
    } else if (!message_is_object_) {
      out.error = "the response has no choices[0].message object";
    } else {
      out.message = std::move(message_);
      out.finish_reason = std::move(finish_reason_);
      if (has_usage_) out.usage = usage_if_valid(usage_);
    }
  }
  std::optional<std::size_t> error_byte() const { return error_byte_; }

 private:
  enum class Where { other, root, choices, choice };
  struct Frame {
    Where where;
    bool object;
    std::string key;   // the member being read, in an object
    size_t index = 0;  // the element being read, in an array
  };

  // Where a value starting now sits, as the frames say.
  Where parent() const { return frames_.empty() ? Where::other : frames_.back().where; }
  const std::string& member() const { return frames_.back().key; }

  // A scalar, or where a container starts: routes it, and says which capture it begins.
  Json* capture_target(bool container, bool is_object, bool is_null) {
    if (frames_.empty()) {
      root_is_object_ = container && is_object;
      return nullptr;
    }
    const Where p = parent();
    if (p == Where::root) {
      const std::string& k = member();
      if (k == "error") error_present_ = !is_null;
      if (k == "usage") {
        has_usage_ = true;
        usage_ = Json();
        return &usage_;
      }
      if (k == "choices") {
        // A repeated "choices" replaces the first, as in the DOM.
        choice_is_object_ = message_is_object_ = false;
        finish_reason_.reset();
        message_ = Json();
      }
    } else if (p == Where::choice) {
      const std::string& k = member();
      if (k == "message") {
        message_is_object_ = container && is_object;
        message_ = Json();
        return &message_;
      }
    }
    return nullptr;
  }

  bool value(Json v) {
    if (builder_) {
      builder_->scalar(std::move(v));
      return after_value();
    }
    const bool is_null = v.is_null();
    if (Json* target = capture_target(false, false, is_null)) {
      *target = std::move(v);
    } else if (parent() == Where::choice && member() == "finish_reason") {
      finish_reason_ =
          v.is_string() ? std::optional<std::string>(v.get<std::string>()) : std::nullopt;
    }
    return after_value();
  }

  bool open(Json empty, bool is_object) {
    if (builder_) {
      builder_->start(std::move(empty));
      return true;
    }
    if (Json* target = capture_target(true, is_object, false)) {
      builder_.emplace(*target);
      builder_->start(std::move(empty));
      return true;
    }
    if (parent() == Where::choice && member() == "finish_reason") finish_reason_.reset();
    Where where = Where::other;
    if (frames_.empty()) {
      where = is_object ? Where::root : Where::other;
    } else if (parent() == Where::root && member() == "choices" && !is_object) {
      where = Where::choices;
    } else if (parent() == Where::choices && frames_.back().index == 0) {
      choice_is_object_ = is_object;
      if (is_object) where = Where::choice;
    }
    frames_.push_back(Frame{where, is_object, {}, 0});
    return true;
  }

  bool close() {
    if (builder_) {
      builder_->end();
      if (builder_->done()) {
        builder_.reset();
        return after_value();
      }
      return true;
    }
    frames_.pop_back();
    return after_value();
  }

  // A value of the innermost array ended: the next one has the next index.
  bool after_value() {
    if (!builder_ && !frames_.empty() && !frames_.back().object) ++frames_.back().index;
    return true;
  }

  std::vector<Frame> frames_;
  std::optional<ValueBuilder> builder_;
  bool root_is_object_ = false;
  bool error_present_ = false;
  bool choice_is_object_ = false;
  bool message_is_object_ = false;
  Json message_;
  std::optional<std::string> finish_reason_;
  bool has_usage_ = false;
  Json usage_;
  std::optional<std::size_t> error_byte_;
};

}  // namespace

std::optional<model::Usage> usage_if_valid(const Json& usage) {
  if (!usage.is_object()) return std::nullopt;
  try {
    return model::usage_from_json(usage);
  } catch (const FormatError&) {
    return std::nullopt;
  }
}

ParsedCompletion parse_completion(std::string_view body) {
  ParsedCompletion out;
  CompletionReader reader;
  if (!Json::sax_parse(body, &reader) || reader.error_byte()) {
    out.error = "malformed JSON in the response body at byte " +
                std::to_string(reader.error_byte().value_or(0));
    return out;
  }
  reader.finish(out, body);
  return out;
}

}  // namespace evp::llm
