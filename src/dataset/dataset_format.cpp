// Dataset format detection (see dataset_format.h).
#include "dataset/dataset_format.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "base/errors.h"
#include "dataset/json_text.h"

namespace evp::dataset {
namespace {

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

}  // namespace

std::string_view strip_utf8_bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

DatasetFormat detect_dataset_format(const std::filesystem::path& path, std::string_view text) {
  std::filesystem::path name = path.filename();
  std::string ext = lower_extension(name);
  if (ext == ".zst" || ext == ".zstd" || ext == ".gz" || ext == ".gzip") {
    name = name.stem();
    ext = lower_extension(name);
  }
  if (ext == ".csv") return DatasetFormat::kCsv;
  if (ext == ".jsonl" || ext == ".ndjson") return DatasetFormat::kJsonLines;
  size_t first = 0;
  while (first < text.size() && is_json_space(text[first])) ++first;
  if (first < text.size() && text[first] == '[') return DatasetFormat::kJsonArray;
  if (ext == ".json" || first == text.size() || text[first] == '{') {
    return DatasetFormat::kJsonLines;
  }
  throw FormatError("unknown dataset format: expected a .jsonl, .json or .csv file");
}

}  // namespace evp::dataset
