// The json_schema evaluator.
#include "evaluate/json_schema.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <optional>

#include "evaluate/json_answer.h"
#include "evaluate/row_inputs.h"
#include "evaluate/text_utils.h"
#include "model/json_reader.h"

namespace evp::evaluate {

namespace {

// valijson's context ["<root>", "[items]", "[1]"] as "$.items[1]".
std::string violation_path(const std::vector<std::string>& context) {
  std::string out = "$";
  for (const std::string& part : context) {
    if (part.size() < 2 || part.front() != '[' || part.back() != ']') continue;
    const std::string_view inner(part.data() + 1, part.size() - 2);
    bool index = !inner.empty();
    for (char c : inner) index = index && is_ascii_digit(c);
    if (index) {
      out += part;
    } else {
      out += '.';
      out += inner;
    }
  }
  return out;
}

class JsonSchema final : public Evaluator {
 public:
  explicit JsonSchema(const ConfigReader& config) : Evaluator(config.name(), config.weight()) {
    const Json* schema = config.raw("schema");
    if (!schema) config.fail("'schema' is required");
    if (!schema->is_object()) {
      config.fail_key("schema", "expected an object, got " + model::json_type_name(*schema));
    }
    schema_json_ = *schema;
    try {
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
      valijson::adapters::NlohmannJsonAdapter adapter(schema_json_);
      parser.populateSchema(adapter, schema_);
    } catch (const std::exception& e) {
      config.fail_key("schema", std::string("invalid JSON Schema: ") + e.what());
    }
  }

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    const std::optional<std::string> answer = answer_text(row);
    if (!answer) return unscorable(kNoAssistantMessage);
    JsonAnswer parsed = parse_json_answer(*answer);
    if (!parsed.ok) return scored(0.0, std::move(parsed.error));
    // A Validator caches compiled 'pattern' regexes while it runs, so each call has its own.
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(parsed.value);
    if (validator.validate(schema_, target, &results)) {
      return scored(1.0, "valid against the schema");
    }
    valijson::ValidationResults::Error first;
    if (!results.popError(first)) return scored(0.0, "schema violation");
    return scored(
        0.0, "schema violation at " + violation_path(first.context) + ": " + first.description);
  }

 private:
  Json schema_json_;
  valijson::Schema schema_;
};

}  // namespace

std::unique_ptr<Evaluator> make_json_schema(const ConfigReader& config) {
  return std::make_unique<JsonSchema>(config);
}

}  // namespace evp::evaluate
