// Compressed dataset files: zstd and gzip recognised by their magic bytes (not by the file
// name), and decompressed whole into memory.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace evp::dataset {

enum class Compression { kNone, kGzip, kZstd };

// From the first bytes of a file: zstd frames (28 B5 2F FD, or a skippable frame 5? 2A 4D 18),
// gzip members (1F 8B).
Compression detect_compression(std::string_view head);

// Decompress a whole buffer; multiple frames or members are concatenated. Throws
// std::runtime_error describing corrupt or truncated data.
std::string gunzip(std::string_view data);
std::string unzstd(std::string_view data);

// The bytes of a file, decompressed when its magic bytes say so. Throws evp::InputError naming
// the file when it cannot be read or decompressed.
std::string read_decompressed_file(const std::filesystem::path& path);

}  // namespace evp::dataset
