// read_json_lines_parallel: chunking, a bounded pool of workers, in-order hand-over.
#include "dataset/parallel_json_lines.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "base/errors.h"
#include "dataset/json_lines_reader.h"

namespace evp::dataset {
namespace {

struct Chunk {
  std::string_view text;
  int lines_before = 0;
  std::vector<ParsedLine> lines;
  bool ready = false;
};

std::vector<Chunk> cut(std::string_view text, size_t chunk_bytes) {
  std::vector<Chunk> chunks;
  size_t start = 0;
  int lines_before = 0;
  while (start < text.size()) {
    size_t end = std::min(text.size(), start + std::max<size_t>(1, chunk_bytes));
    if (end < text.size()) {
      const size_t newline = text.find('\n', end - 1);
      end = newline == std::string_view::npos ? text.size() : newline + 1;
    }
    Chunk c;
    c.text = text.substr(start, end - start);
    c.lines_before = lines_before;
    lines_before += static_cast<int>(std::count(c.text.begin(), c.text.end(), '\n'));
    chunks.push_back(std::move(c));
    start = end;
  }
  return chunks;
}

std::vector<ParsedLine> parse_chunk(
    const Chunk& chunk, const std::function<model::EvaluationRow(const Json&)>& convert) {
  std::vector<ParsedLine> out;
  read_json_lines(
      chunk.text,
      [&](Record&& record) {
        ParsedLine p;
        p.line = record.line;
        p.column = record.column;
        p.error = std::move(record.error);
        if (p.error.empty()) {
          try {
            p.row = convert(record.value);
          } catch (const FormatError& e) {
            p.error = e.what();
          }
        }
        out.push_back(std::move(p));
        return true;
      },
      chunk.lines_before);
  return out;
}

}  // namespace

void read_json_lines_parallel(std::string_view text, const ParallelReadOptions& options,
                              const std::function<model::EvaluationRow(const Json&)>& convert,
                              const std::function<bool(ParsedLine&&)>& consume) {
  std::vector<Chunk> chunks = cut(text, options.chunk_bytes);
  // No more workers than chunks (a 1 MB file on a 64-core machine is four chunks).
  const int threads = static_cast<int>(std::clamp<size_t>(
      static_cast<size_t>(std::max(1, options.threads)), 1, std::max<size_t>(1, chunks.size())));
  const size_t window =
      std::max<size_t>(1, options.chunks_ahead_per_thread) * static_cast<size_t>(threads);
  std::mutex mutex;
  std::condition_variable changed;
  size_t next = 0;      // the next chunk a worker takes
  size_t consumed = 0;  // chunks the caller has taken
  bool stop = false;
  std::exception_ptr failure;

  auto work = [&] {
    for (;;) {
      size_t i = 0;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock,
                     [&] { return stop || next >= chunks.size() || next < consumed + window; });
        if (stop || next >= chunks.size()) return;
        i = next++;
      }
      try {
        std::vector<ParsedLine> lines = parse_chunk(chunks[i], convert);
        std::lock_guard lock(mutex);
        chunks[i].lines = std::move(lines);
        chunks[i].ready = true;
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) workers.emplace_back(work);
  auto stop_workers = [&] {
    {
      std::lock_guard lock(mutex);
      stop = true;
    }
    changed.notify_all();
    for (auto& w : workers) w.join();
  };

  try {
    for (size_t i = 0; i < chunks.size(); ++i) {
      std::vector<ParsedLine> lines;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return chunks[i].ready || failure; });
        if (!chunks[i].ready) break;  // a worker failed
        lines = std::move(chunks[i].lines);
        consumed = i + 1;
      }
      changed.notify_all();
      bool go_on = true;
      for (auto& p : lines) {
        if (!(go_on = consume(std::move(p)))) break;
      }
      if (!go_on) break;
    }
  } catch (...) {
    stop_workers();
    throw;
  }
  stop_workers();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace evp::dataset
