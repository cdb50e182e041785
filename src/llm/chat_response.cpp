// parse_completion: reads only what a completion yields (choices[0].message, its
// finish_reason, usage); tolerant of extra fields, strict about the message itself. Building
// the whole body as a tree was a sixth of a loop thread's time. simdjson's DOM reads the body
// (base/fast_json_dom.h); a body it rejects goes through one SAX pass of nlohmann's parser,
// which gives the error's byte (and reads the few things only nlohmann accepts).
#include "llm/chat_response.h"

#include <vector>

#include "base/errors.h"
#include "base/fast_json_dom.h"
#include "llm/chat_errors.h"
#include "model/row_json.h"

namespace evp::llm {
namespace {

// What a completion body holds, as both readers find it. A repeated key counts with its
// last value, as in Json::parse's tree.
struct CompletionParts {
  bool root_is_object = false;
  bool error_present = false;  // a non-null "error" at the top level
  bool choice_is_object = false;
  bool message_is_object = false;
  Json message;
  std::optional<std::string> finish_reason;
  bool has_usage = false;
  Json usage;
};

void report(CompletionParts&& parts, std::string_view body, ParsedCompletion& out) {
  if (!parts.root_is_object) {
    out.error = "the response body is not a JSON object";
  } else if (parts.error_present) {
    out.error = "the server answered with an error: " + server_error_message(body);
  } else if (!parts.choice_is_object) {
    out.error = "the response has no choices[0]";
  } else if (!parts.message_is_object) {
    out.error = "the response has no choices[0].message object";
  } else {
    out.message = std::move(parts.message);
    out.finish_reason = std::move(parts.finish_reason);
    if (parts.has_usage) out.usage = usage_if_valid(parts.usage);
  }
}

// The fast reader: simdjson's DOM of the body, walked for the parts. nullopt when simdjson
// rejects the body; the SAX reader then gives nlohmann's verdict.
std::optional<CompletionParts> read_dom(std::string_view body) {
  using simdjson::dom::element;
  const std::optional<element> root = fast_json::parse_dom(body);
  if (!root) return std::nullopt;
  CompletionParts parts;
  parts.root_is_object = root->is_object();
  if (!parts.root_is_object) return parts;
  std::optional<element> choices, usage;
  for (auto field : simdjson::dom::object(*root)) {
    if (field.key == "error") parts.error_present = !field.value.is_null();
    if (field.key == "usage") usage = field.value;
    if (field.key == "choices") choices = field.value;
  }
  if (usage) {
    parts.has_usage = true;
    parts.usage = fast_json::to_json(*usage);
  }
  if (!choices || !choices->is_array() || simdjson::dom::array(*choices).size() == 0) return parts;
  const element choice = simdjson::dom::array(*choices).at(0).value_unsafe();
  parts.choice_is_object = choice.is_object();
  if (!parts.choice_is_object) return parts;
  std::optional<element> message, finish_reason;
  for (auto field : simdjson::dom::object(choice)) {
    if (field.key == "message") message = field.value;
    if (field.key == "finish_reason") finish_reason = field.value;
  }
  if (message) {
    parts.message_is_object = message->is_object();
    parts.message = fast_json::to_json(*message);
  }
  if (finish_reason && finish_reason->is_string()) {
    parts.finish_reason = std::string(std::string_view(*finish_reason));
  }
  return parts;
}

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

  // After a successful parse: what the body held.
  CompletionParts&& parts() { return std::move(parts_); }
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
      parts_.root_is_object = container && is_object;
      return nullptr;
    }
    const Where p = parent();
    if (p == Where::root) {
      const std::string& k = member();
      if (k == "error") parts_.error_present = !is_null;
      if (k == "usage") {
        parts_.has_usage = true;
        parts_.usage = Json();
        return &parts_.usage;
      }
      if (k == "choices") {
        // A repeated "choices" replaces the first, as in the DOM.
        parts_.choice_is_object = parts_.message_is_object = false;
        parts_.finish_reason.reset();
        parts_.message = Json();
      }
    } else if (p == Where::choice) {
      const std::string& k = member();
      if (k == "message") {
        parts_.message_is_object = container && is_object;
        parts_.message = Json();
        return &parts_.message;
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
      parts_.finish_reason =
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
    if (parent() == Where::choice && member() == "finish_reason") parts_.finish_reason.reset();
    Where where = Where::other;
    if (frames_.empty()) {
      where = is_object ? Where::root : Where::other;
    } else if (parent() == Where::root && member() == "choices" && !is_object) {
      where = Where::choices;
    } else if (parent() == Where::choices && frames_.back().index == 0) {
      parts_.choice_is_object = is_object;
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
  CompletionParts parts_;
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
  if (std::optional<CompletionParts> parts = read_dom(body)) {
    report(std::move(*parts), body, out);
    return out;
  }
  CompletionReader reader;
  if (!Json::sax_parse(body, &reader) || reader.error_byte()) {
    out.error = "malformed JSON in the response body at byte " +
                std::to_string(reader.error_byte().value_or(0));
    return out;
  }
  report(reader.parts(), body, out);
  return out;
}

}  // namespace evp::llm
