// The web app's files as served: each embedded file with its content type, entity tags and,
// for text-like types, a gzip copy made once when the set is built (never per request).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/embedded_assets.h"

namespace evp::server {

struct StaticAsset {
  std::string path;  // relative to the web root: "index.html", "assets/app-1a2b.js"
  std::string content_type;
  std::string etag;  // of the bytes as they are
  std::string_view data;
  std::string gzip;       // the gzip copy; empty when the type is not text-like or it is no smaller
  std::string gzip_etag;  // etag with "-gz" appended inside the quotes
  bool immutable = false;  // under assets/: Vite puts a content hash in those names
};

// True for types worth compressing: text/*, JavaScript, JSON, SVG, source maps.
bool is_text_like(std::string_view content_type);

class StaticAssets {
 public:
  // The views in `files` must outlive this object.
  explicit StaticAssets(std::span<const EmbeddedAsset> files);

  // The files built into this binary (embedded_assets()), compressed on first use.
  static const StaticAssets& embedded();

  // `path` relative to the web root (no leading '/'); nullptr when there is no such file.
  const StaticAsset* find(std::string_view path) const;
  // index.html, served for "/" and client-side routes; nullptr when missing.
  const StaticAsset* index_html() const { return find("index.html"); }
  const std::vector<std::unique_ptr<StaticAsset>>& all() const { return assets_; }

 private:
  std::vector<std::unique_ptr<StaticAsset>> assets_;
  std::unordered_map<std::string_view, const StaticAsset*> by_path_;
};

}  // namespace evp::server
