// Serving embedded files (see static_route.h).
#include "server/static_route.h"

#include <cstdlib>
#include <string>

namespace evp::server {
namespace {

namespace http = boost::beast::http;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Calls `each` with every comma-separated, trimmed, non-empty item of a header value.
template <typename Each>
void for_each_item(std::string_view list, Each each) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    const std::string_view item = trim(list.substr(0, comma));
    if (!item.empty()) each(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

// The asset a request path names: the file itself, or index.html for "/" and paths whose
// last segment has no extension (client-side routes). nullptr: 404.
const StaticAsset* resolve(const StaticAssets& assets, std::string_view path) {
  const std::string_view relative = path.substr(1);
  if (relative.empty()) return assets.index_html();
  if (const StaticAsset* asset = assets.find(relative)) return asset;
  const size_t slash = path.rfind('/');
  const std::string_view last = path.substr(slash + 1);
  if (last.find('.') != std::string_view::npos) return nullptr;
  return assets.index_html();
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  bool accepted = false;
  for_each_item(accept_encoding, [&](std::string_view item) {
    const size_t semicolon = item.find(';');
    const std::string coding = lower(trim(item.substr(0, semicolon)));
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") return;
    double q = 1;
    if (semicolon != std::string_view::npos) {
      const std::string parameter = lower(trim(item.substr(semicolon + 1)));
      if (parameter.starts_with("q=")) q = std::strtod(parameter.c_str() + 2, nullptr);
    }
    if (q > 0) accepted = true;
  });
  return accepted;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  bool matched = false;
  for_each_item(if_none_match, [&](std::string_view item) {
    if (item == "*") matched = true;
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag) matched = true;
  });
  return matched;
}

HttpAnswer answer_static(const StaticAssets& assets, const StaticRequest& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    HttpAnswer answer = json_error(405, "only GET and HEAD are allowed here");
    answer.head.set(http::field::allow, "GET, HEAD");
    return answer;
  }
  const StaticAsset* asset = resolve(assets, request.path);
  if (asset == nullptr) {
    return json_error(404, "no such file: " + std::string(request.path));
  }
  const bool gzip = !asset->gzip.empty() && accepts_gzip(request.accept_encoding);
  const std::string& etag = gzip ? asset->gzip_etag : asset->etag;

  HttpAnswer answer;
  answer.head.set(http::field::etag, etag);
  answer.head.set(http::field::cache_control,
                  asset->immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (!asset->gzip.empty()) answer.head.set(http::field::vary, "Accept-Encoding");
  if (!request.if_none_match.empty() && etag_matches(request.if_none_match, etag)) {
    answer.head.result(http::status::not_modified);
    answer.static_body = std::string_view();
    return answer;
  }
  answer.head.result(http::status::ok);
  answer.head.set(http::field::content_type, asset->content_type);
  if (gzip) answer.head.set(http::field::content_encoding, "gzip");
  answer.static_body = gzip ? std::string_view(asset->gzip) : asset->data;
  return answer;
}

}  // namespace evp::server
