// The suite's `models` list: one ModelSpec per entry, each validated (required keys by
// provider, limits, price, an environment variable name rather than a key, unique keys).
#pragma once

#include <filesystem>
#include <vector>

#include "suite/suite.h"
#include "suite/yaml_reader.h"

namespace evp::suite {

// `suite_dir` resolves relative `responses` paths.
std::vector<ModelSpec> read_models(const YamlReader& reader, const YamlField& models,
                                   const std::filesystem::path& suite_dir);

// A path from the suite file: absolute as it is, otherwise relative to the suite's folder.
std::filesystem::path resolve_from_suite(const std::filesystem::path& suite_dir,
                                         const std::string& path);

}  // namespace evp::suite
