// Appending JSON text to a std::string without building a tree, byte for byte as
// evp::dump_json (nlohmann's compact dump, invalid UTF-8 replaced) would write the same
// value: the building blocks of the row writer (row_writer.h).
#pragma once

#include <string>
#include <string_view>

#include "base/json.h"

namespace evp::model {

// A JSON string: quoted and escaped as nlohmann escapes (\b \t \n \f \r \" \\, other control
// characters as \u00xx, everything else verbatim; invalid UTF-8 becomes U+FFFD).
void append_json_string(std::string& out, std::string_view s);

// Numbers as nlohmann writes them (doubles in shortest round-trip form, NaN and infinities
// as null).
void append_json_number(std::string& out, double x);
void append_json_integer(std::string& out, long long x);
void append_json_bool(std::string& out, bool b);

// Any JSON value: containers, strings and integers are written here, doubles (and binary
// values) by nlohmann's own serializer (a per-thread one writing into `out`).
void append_json_value(std::string& out, const Json& value);

// A JSON array of `items`, each written by `append_item(out, item)`.
template <typename Items, typename AppendItem>
void append_json_array_of(std::string& out, const Items& items, AppendItem append_item) {
  out.push_back('[');
  bool first = true;
  for (const auto& item : items) {
    if (!first) out.push_back(',');
    first = false;
    append_item(out, item);
  }
  out.push_back(']');
}

// A JSON object of the (key, value) pairs of `members`, in their order: keys escaped, each
// value written by `append_value(out, value)`.
template <typename Members, typename AppendValue>
void append_json_object_of(std::string& out, const Members& members, AppendValue append_value) {
  out.push_back('{');
  bool first = true;
  for (const auto& [key, value] : members) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, key);
    out.push_back(':');
    append_value(out, value);
  }
  out.push_back('}');
}

// Writes one JSON object whose members are given in ascending key order, merging in the
// members of `unknown` (when it is an object) as the model's to_json does: an unknown member
// is written in its sorted place, and is dropped when a known member of the same name is
// written. Known keys must be plain ASCII needing no escapes.
class JsonObjectWriter {
 public:
  explicit JsonObjectWriter(std::string& out);
  JsonObjectWriter(std::string& out, const Json& unknown);
  JsonObjectWriter(const JsonObjectWriter&) = delete;
  JsonObjectWriter& operator=(const JsonObjectWriter&) = delete;

  // Writes `"key":`; the caller then appends the value.
  std::string& key(std::string_view key);

  void string_member(std::string_view k, std::string_view value);
  void number_member(std::string_view k, double value);
  void integer_member(std::string_view k, long long value);
  void bool_member(std::string_view k, bool value);
  void json_member(std::string_view k, const Json& value);

  // Writes the unknown members left and the closing brace.
  void close();

 private:
  void separate();
  void write_next_unknown();
  void write_unknown_before(std::string_view key);

  std::string& out_;
  Json::object_t::const_iterator next_unknown_;
  Json::object_t::const_iterator end_unknown_;
  bool first_ = true;
};

}  // namespace evp::model
