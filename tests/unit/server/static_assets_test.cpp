// The embedded web app (the output of cmake/embed_assets.cmake compiled into this binary)
// and the served set built from it (server/static_assets.h, server/static_route.h).
#include "server/static_assets.h"

#include <gtest/gtest.h>

#include <map>

#include "base/hash.h"
#include "gunzip.h"
#include "server/embedded_assets.h"
#include "server/static_route.h"
#include "test_server.h"

namespace evp::server {
namespace {

using test::gunzip;
using test::test_assets;
using test::test_script;

std::string expected_type(const std::string& path) {
  static const std::map<std::string, std::string> types = {{"html", "text/html; charset=utf-8"},
                                                           {"js", "text/javascript; charset=utf-8"},
                                                           {"css", "text/css; charset=utf-8"},
                                                           {"svg", "image/svg+xml"},
                                                           {"png", "image/png"},
                                                           {"ico", "image/x-icon"},
                                                           {"json", "application/json"},
                                                           {"map", "application/json"},
                                                           {"woff2", "font/woff2"},
                                                           {"txt", "text/plain; charset=utf-8"}};
  const size_t dot = path.rfind('.');
  const auto it = types.find(dot == std::string::npos ? "" : path.substr(dot + 1));
  return it == types.end() ? "" : it->second;
}

TEST(EmbeddedAssets, EveryFileHasItsPathTypeAndContentHashEtag) {
  const auto files = embedded_assets();
  ASSERT_FALSE(files.empty());
  bool has_index = false;
  bool has_asset = false;
  for (const EmbeddedAsset& file : files) {
    const std::string path(file.path);
    EXPECT_FALSE(path.starts_with('/')) << path;
    EXPECT_EQ(file.etag, "\"" + sha256_hex(file.data).substr(0, 32) + "\"") << path;
    const std::string type = expected_type(path);
    if (!type.empty()) {
      EXPECT_EQ(file.content_type, type) << path;
    }
    has_index = has_index || path == "index.html";
    has_asset = has_asset || path.starts_with("assets/");
  }
  EXPECT_TRUE(has_index);
  EXPECT_TRUE(has_asset);  // the placeholder has a stylesheet, the web app its bundles
  const std::string_view index = StaticAssets::embedded().index_html()->data;
  EXPECT_NE(index.find("<html"), std::string_view::npos);
}

TEST(StaticAssets, CompressesTextOnceAndOnlyWhenSmaller) {
  const StaticAssets& assets = test_assets();
  const StaticAsset* script = assets.find("assets/app-1a2b3c.js");
  ASSERT_NE(script, nullptr);
  EXPECT_TRUE(script->immutable);
  ASSERT_FALSE(script->gzip.empty());
  EXPECT_LT(script->gzip.size(), script->data.size() / 4);
  EXPECT_EQ(gunzip(script->gzip), test_script());
  EXPECT_EQ(script->gzip_etag, "\"app-etag-gz\"");
  const StaticAsset* png = assets.find("logo.png");
  ASSERT_NE(png, nullptr);
  EXPECT_TRUE(png->gzip.empty());  // not a text type
  EXPECT_FALSE(png->immutable);
  EXPECT_EQ(assets.find("/index.html"), nullptr);
  EXPECT_EQ(assets.find("nope.js"), nullptr);
  // A text file that does not shrink keeps no gzip copy.
  const std::vector<EmbeddedAsset> tiny = {{"a.txt", "text/plain", "\"t\"", "x"}};
  EXPECT_TRUE(StaticAssets(tiny).find("a.txt")->gzip.empty());
}

TEST(StaticRoute, AcceptEncodingAndIfNoneMatchParsing) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("deflate, GZIP;q=0.5, br"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzipx"));
  EXPECT_TRUE(etag_matches("\"a\"", "\"a\""));
  EXPECT_TRUE(etag_matches("\"x\", W/\"a\"", "\"a\""));
  EXPECT_TRUE(etag_matches("*", "\"a\""));
  EXPECT_FALSE(etag_matches("\"ab\"", "\"a\""));
  EXPECT_FALSE(etag_matches("a", "\"a\""));
}

}  // namespace
}  // namespace evp::server
