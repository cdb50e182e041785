// zstd (streaming API, so frames without a content size work) and gzip (zlib) decompression.
#include "dataset/compression.h"

#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "base/errors.h"

namespace evp::dataset {
namespace {

unsigned char byte_at(std::string_view s, size_t i) {
  return static_cast<unsigned char>(s[i]);
}

}  // namespace

Compression detect_compression(std::string_view head) {
  if (head.size() >= 4 && byte_at(head, 0) == 0x28 && byte_at(head, 1) == 0xB5 &&
      byte_at(head, 2) == 0x2F && byte_at(head, 3) == 0xFD) {
    return Compression::kZstd;
  }
  if (head.size() >= 4 && (byte_at(head, 0) & 0xF0) == 0x50 && byte_at(head, 1) == 0x2A &&
      byte_at(head, 2) == 0x4D && byte_at(head, 3) == 0x18) {
    return Compression::kZstd;  // a skippable frame
  }
  if (head.size() >= 2 && byte_at(head, 0) == 0x1F && byte_at(head, 1) == 0x8B) {
    return Compression::kGzip;
  }
  return Compression::kNone;
}

std::string gunzip(std::string_view data) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("zlib: init failed");
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&zs, inflateEnd);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof(buffer);
    const int rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - zs.avail_out);
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) return out;
      inflateReset(&zs);  // another gzip member follows
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) throw std::runtime_error("truncated gzip data");
    if (rc != Z_OK) {
      throw std::runtime_error(std::string("corrupt gzip data: ") + (zs.msg ? zs.msg : "error"));
    }
  }
}

std::string unzstd(std::string_view data) {
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  if (!ctx) throw std::runtime_error("zstd: out of memory");
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  std::string out;
  std::string buffer(ZSTD_DStreamOutSize(), '\0');
  size_t last = 0;
  while (in.pos < in.size) {
    ZSTD_outBuffer chunk{buffer.data(), buffer.size(), 0};
    last = ZSTD_decompressStream(ctx.get(), &chunk, &in);
    if (ZSTD_isError(last)) {
      throw std::runtime_error(std::string("corrupt zstd data: ") + ZSTD_getErrorName(last));
    }
    out.append(buffer.data(), chunk.pos);
  }
  // Flush what the decoder still holds once all input is consumed.
  while (last != 0) {
    ZSTD_outBuffer chunk{buffer.data(), buffer.size(), 0};
    last = ZSTD_decompressStream(ctx.get(), &chunk, &in);
    if (ZSTD_isError(last)) {
      throw std::runtime_error(std::string("corrupt zstd data: ") + ZSTD_getErrorName(last));
    }
    out.append(buffer.data(), chunk.pos);
    if (chunk.pos == 0 && last != 0) throw std::runtime_error("truncated zstd data");
  }
  return out;
}

std::string read_decompressed_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError(path.string(), 0, 0, "cannot read: is a directory, expected a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(path.string(), 0, 0, std::string("cannot read: ") + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string bytes = std::move(ss).str();
  try {
    switch (detect_compression(bytes)) {
      case Compression::kZstd:
        return unzstd(bytes);
      case Compression::kGzip:
        return gunzip(bytes);
      case Compression::kNone:
        return bytes;
    }
  } catch (const std::runtime_error& e) {
    throw InputError(path.string(), 0, 0, e.what());
  }
  return bytes;
}

}  // namespace evp::dataset
