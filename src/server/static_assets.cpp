// The served set of embedded files (see static_assets.h).
#include "server/static_assets.h"

#include "server/gzip.h"

namespace evp::server {

bool is_text_like(std::string_view type) {
  return type.starts_with("text/") || type.starts_with("application/json") ||
         type.starts_with("application/javascript") || type.starts_with("image/svg+xml") ||
         type.starts_with("application/manifest+json");
}

StaticAssets::StaticAssets(std::span<const EmbeddedAsset> files) {
  for (const EmbeddedAsset& file : files) {
    auto asset = std::make_unique<StaticAsset>();
    asset->path = file.path;
    asset->content_type = file.content_type;
    asset->etag = file.etag;
    asset->data = file.data;
    asset->immutable = asset->path.starts_with("assets/");
    if (is_text_like(asset->content_type) && !file.data.empty()) {
      std::string compressed = gzip_compress(file.data);
      if (compressed.size() < file.data.size()) {
        asset->gzip = std::move(compressed);
        asset->gzip_etag = asset->etag;
        if (asset->gzip_etag.ends_with('"')) {
          asset->gzip_etag.insert(asset->gzip_etag.size() - 1, "-gz");
        } else {
          asset->gzip_etag += "-gz";
        }
      }
    }
    by_path_[asset->path] = asset.get();
    assets_.push_back(std::move(asset));
  }
}

const StaticAssets& StaticAssets::embedded() {
  static const StaticAssets assets(embedded_assets());
  return assets;
}

const StaticAsset* StaticAssets::find(std::string_view path) const {
  const auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : it->second;
}

}  // namespace evp::server
