// Answers for the web app's files: GET/HEAD of an embedded file, index.html for "/" and for
// any client-side route (a path without a file extension), with entity tags (304 on a match
// of If-None-Match), gzip when the client accepts it, and caching rules (hashed files under
// /assets/ are immutable; everything else is revalidated).
#pragma once

#include <string_view>

#include "server/http_answer.h"
#include "server/static_assets.h"

namespace evp::server {

struct StaticRequest {
  std::string_view method;           // "GET", "HEAD", ...
  std::string_view path;             // percent-decoded, starts with '/'
  std::string_view accept_encoding;  // the Accept-Encoding header, may be empty
  std::string_view if_none_match;    // the If-None-Match header, may be empty
};

HttpAnswer answer_static(const StaticAssets& assets, const StaticRequest& request);

// True when an Accept-Encoding header accepts gzip (gzip, x-gzip or *, with q > 0).
bool accepts_gzip(std::string_view accept_encoding);
// True when an If-None-Match header lists `etag` (weak comparison) or is "*".
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace evp::server
