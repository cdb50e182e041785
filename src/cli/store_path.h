// Where the store lives: --store PATH, else $EVP_STORE, else .evp/evp.db.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace evp::cli {

inline std::filesystem::path resolve_store_path(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("EVP_STORE"); env != nullptr && *env != '\0') return env;
  return ".evp/evp.db";
}

}  // namespace evp::cli
