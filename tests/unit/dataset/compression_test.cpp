// Compressed datasets: zstd and gzip files written here with the libraries, recognised by magic
// bytes whatever their name, multi-frame/multi-member files, and truncated data.
#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include "base/errors.h"
#include "dataset/compression.h"
#include "dataset/dataset.h"
#include "support/temp_dir.h"

namespace evp::dataset {
namespace {

using evp::test::TempDir;

std::string gzip(std::string_view data) {
  z_stream zs{};
  EXPECT_EQ(
      deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
      Z_OK);
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string zstd(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

const std::string kJsonl =
    "{\"prompt\": \"What is 6*7?\", \"answer\": \"42\"}\n"
    "\n"
    "{\"prompt\": \"What is 2+2?\", \"answer\": \"4\"}\n";

void expect_two_rows(const Dataset& d) {
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0].messages[0].text(), "What is 6*7?");
  EXPECT_EQ(d.rows[1].ground_truth, Json("4"));
  EXPECT_EQ(d.lines, (std::vector<int>{1, 3}));
}

TEST(Compression, DetectsMagicBytes) {
  EXPECT_EQ(detect_compression(zstd("x")), Compression::kZstd);
  EXPECT_EQ(detect_compression(gzip("x")), Compression::kGzip);
  EXPECT_EQ(detect_compression(std::string("\x5E\x2A\x4D\x18", 4)), Compression::kZstd);
  EXPECT_EQ(detect_compression("{\"a\":1}"), Compression::kNone);
  EXPECT_EQ(detect_compression(""), Compression::kNone);
}

TEST(Compression, ReadsZstdAndGzipJsonl) {
  TempDir dir;
  expect_two_rows(load_dataset(dir.write("q.jsonl.zst", zstd(kJsonl)), {}));
  expect_two_rows(load_dataset(dir.write("q.jsonl.gz", gzip(kJsonl)), {}));
}

TEST(Compression, MagicBytesWinOverTheFileName) {
  TempDir dir;
  expect_two_rows(load_dataset(dir.write("plain-name.jsonl", gzip(kJsonl)), {}));
  expect_two_rows(load_dataset(dir.write("wrong-suffix.jsonl.gz", zstd(kJsonl)), {}));
  // Named compressed but not: read as it is.
  expect_two_rows(load_dataset(dir.write("not-really.jsonl.zst", kJsonl), {}));
}

TEST(Compression, CompressedCsvAndJsonArray) {
  TempDir dir;
  const auto csv = load_dataset(dir.write("q.csv.gz", gzip("prompt,answer\nhi,there\n")), {});
  ASSERT_EQ(csv.rows.size(), 1u);
  EXPECT_EQ(csv.rows[0].ground_truth, Json("there"));
  const auto arr = load_dataset(dir.write("q.json.zst", zstd(R"([{"prompt": "a"}])")), {});
  ASSERT_EQ(arr.rows.size(), 1u);
  EXPECT_EQ(arr.rows[0].messages[0].text(), "a");
}

TEST(Compression, ConcatenatedFramesAndMembers) {
  const std::string a = "first part\n", b = "second part\n";
  EXPECT_EQ(unzstd(zstd(a) + zstd(b)), a + b);
  EXPECT_EQ(gunzip(gzip(a) + gzip(b)), a + b);
  // Bigger than one output buffer.
  std::string big;
  for (int i = 0; i < 200000; ++i) big += std::to_string(i) + "\n";
  EXPECT_EQ(unzstd(zstd(big)), big);
  EXPECT_EQ(gunzip(gzip(big)), big);
}

TEST(Compression, TruncatedOrCorruptDataNamesTheFile) {
  TempDir dir;
  const std::string gz = gzip(kJsonl);
  const auto gz_path = dir.write("cut.jsonl.gz", gz.substr(0, gz.size() / 2));
  try {
    load_dataset(gz_path, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), gz_path.string() + ": truncated gzip data");
  }
  const std::string zs = zstd(kJsonl);
  const auto zs_path = dir.write("cut.jsonl.zst", zs.substr(0, zs.size() - 4));
  try {
    load_dataset(zs_path, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), zs_path.string() + ": truncated zstd data");
  }
  std::string bad = zs;
  bad[4] = static_cast<char>(0xFF);  // frame header descriptor with reserved bit set
  const auto bad_path = dir.write("bad.jsonl.zst", bad);
  try {
    load_dataset(bad_path, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), bad_path.string());
    EXPECT_EQ(e.message().rfind("corrupt zstd data: ", 0), 0u) << e.message();
  }
}

}  // namespace
}  // namespace evp::dataset
