// The web app's files built into the binary. The definition of embedded_assets() is
// generated at build time by cmake/embed_assets.cmake from the built web app (ui/, built
// with npm), or from a placeholder page when the web app was not built (EVP_UI=OFF).
#pragma once

#include <span>
#include <string_view>

namespace evp::server {

struct EmbeddedAsset {
  std::string_view path;          // relative to the web root: "index.html", "assets/x.js"
  std::string_view content_type;  // by extension, e.g. "text/javascript; charset=utf-8"
  std::string_view etag;          // strong entity tag with quotes: "\"<sha-256 prefix>\""
  std::string_view data;
};

std::span<const EmbeddedAsset> embedded_assets();

}  // namespace evp::server
