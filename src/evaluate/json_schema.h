// json_schema {schema: object}: 1 when the answer is JSON (read as json_valid reads it) that
// validates against the schema (JSON Schema draft 7, valijson; remote $refs are not
// fetched), else 0. Reasons: "valid against the schema", the json_valid parse reason, or
// "schema violation at $.items[1].id: <valijson's description>" for the first violation,
// with the path written from the root $ as .name for properties and [i] for array items.
// The schema is compiled once; a schema valijson rejects is a config error.
#pragma once

#include <memory>

#include "evaluate/config_reader.h"
#include "evaluate/evaluator.h"

namespace evp::evaluate {

std::unique_ptr<Evaluator> make_json_schema(const ConfigReader& config);

}  // namespace evp::evaluate
