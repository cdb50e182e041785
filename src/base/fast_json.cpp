// simdjson's DOM parser per thread, and the tree built from its tape (see fast_json.h).
#include "base/fast_json.h"

#include <memory>
#include <string>

#include "base/fast_json_dom.h"

namespace evp::fast_json {
namespace {

// Documents above this size get a parser of their own, freed after the parse, so a thread
// does not keep a big document's buffers for the rest of the run.
constexpr size_t kKeptCapacity = size_t{1} << 20;

struct ThreadParser {
  simdjson::dom::parser parser;
  std::string padded;  // the text plus simdjson's padding, reused
  std::unique_ptr<simdjson::dom::parser> big;
};

ThreadParser& thread_parser() {
  thread_local ThreadParser p;
  return p;
}

}  // namespace

std::optional<simdjson::dom::element> parse_dom(std::string_view text) {
  ThreadParser& p = thread_parser();
  p.big.reset();
  const size_t padded_size = text.size() + simdjson::SIMDJSON_PADDING;
  if (p.padded.size() < padded_size) p.padded.resize(padded_size);
  text.copy(p.padded.data(), text.size());
  std::fill_n(p.padded.data() + text.size(), simdjson::SIMDJSON_PADDING, '\0');
  simdjson::dom::parser* parser = &p.parser;
  if (text.size() > kKeptCapacity) {
    p.big = std::make_unique<simdjson::dom::parser>();
    parser = p.big.get();
  }
  simdjson::dom::element root;
  if (parser->parse(p.padded.data(), text.size(), false).get(root) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  if (p.padded.size() > kKeptCapacity + simdjson::SIMDJSON_PADDING) {
    // The tape points into the parser, not this buffer: it can shrink now.
    std::string().swap(p.padded);
  }
  return root;
}

Json to_json(simdjson::dom::element element) {
  using Type = simdjson::dom::element_type;
  switch (element.type()) {
    case Type::OBJECT: {
      Json out = Json::object();
      auto& object = *out.get_ptr<Json::object_t*>();
      for (auto field : simdjson::dom::object(element)) {
        // A repeated key keeps the last value, as Json::parse does.
        object.insert_or_assign(std::string(field.key), to_json(field.value));
      }
      return out;
    }
    case Type::ARRAY: {
      Json out = Json::array();
      auto& array = *out.get_ptr<Json::array_t*>();
      const simdjson::dom::array elements(element);
      array.reserve(elements.size());
      for (auto value : elements) array.push_back(to_json(value));
      return out;
    }
    case Type::STRING:
      return Json(std::string(std::string_view(element)));
    case Type::INT64: {
      const int64_t v = int64_t(element);
      return v >= 0 ? Json(static_cast<uint64_t>(v)) : Json(v);
    }
    case Type::UINT64:
      return Json(uint64_t(element));
    case Type::DOUBLE:
      return Json(double(element));
    case Type::BOOL:
      return Json(bool(element));
    case Type::NULL_VALUE:
      return Json();
  }
  return Json();
}

}  // namespace evp::fast_json

namespace evp {

Json parse_json_text(std::string_view text) {
  if (auto root = fast_json::parse_dom(text)) return fast_json::to_json(*root);
  return Json::parse(text);
}

Json parse_json_text_or_discarded(std::string_view text) {
  if (auto root = fast_json::parse_dom(text)) return fast_json::to_json(*root);
  return Json::parse(text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace evp
