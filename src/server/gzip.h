// gzip compression (zlib, deflate with a gzip header) of static assets, done once per asset.
#pragma once

#include <string>
#include <string_view>

namespace evp::server {

// `data` as a gzip stream at the best compression level. Throws std::runtime_error when
// zlib fails.
std::string gzip_compress(std::string_view data);

}  // namespace evp::server
