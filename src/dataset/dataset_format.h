// Which reader a dataset file needs: CSV for .csv, JSON Lines for .jsonl and .ndjson; for .json
// (or another name) an array when the text opens with '[', else JSON Lines. A .zst/.gz/.zstd/.gzip
// suffix is looked through.
#pragma once

#include <filesystem>
#include <string_view>

namespace evp::dataset {

enum class DatasetFormat { kJsonLines, kJsonArray, kCsv };

// `text` is the decompressed content. Throws evp::FormatError when neither the name nor the
// content says what the file is.
DatasetFormat detect_dataset_format(const std::filesystem::path& path, std::string_view text);

// The text without a leading UTF-8 byte order mark.
std::string_view strip_utf8_bom(std::string_view text);

}  // namespace evp::dataset
