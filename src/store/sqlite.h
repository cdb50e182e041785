// Thin RAII over the SQLite C API: a connection and its prepared statements. Every failure
// throws std::runtime_error naming the database path and SQLite's own message.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace evp::store {

class Connection {
 public:
  // Opens (creating if missing) the database file for reading and writing. The connection
  // must be used by one thread at a time. Throws "cannot open store PATH: MESSAGE".
  explicit Connection(const std::filesystem::path& path);
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&&) = delete;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }
  const std::filesystem::path& path() const { return path_; }

  // Runs one or more statements that return no rows; `what` says what was being done.
  void exec(const char* sql, const std::string& what);
  // Throws "store PATH: WHAT: <sqlite3_errmsg>".
  [[noreturn]] void fail(const std::string& what) const;

 private:
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Connection& connection, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are numbered from 1, as in SQLite. Text is not copied: it must stay alive
  // until the statement is reset or the parameter bound again.
  void bind(int index, std::string_view text);
  void bind(int index, long long value);
  void bind(int index, int value) { bind(index, static_cast<long long>(value)); }
  void bind(int index, double value);
  void bind(int index, bool value) { bind(index, static_cast<long long>(value ? 1 : 0)); }
  void bind_null(int index);
  // The value, or NULL when there is none.
  template <typename T>
  void bind(int index, const std::optional<T>& value) {
    if (value) {
      bind(index, *value);
    } else {
      bind_null(index);
    }
  }

  // Steps once: true when a row is available, false when done. Throws with `what`.
  bool step(const std::string& what);
  // Runs to completion (for statements without results).
  void run(const std::string& what);
  // Ready to run again with new bindings.
  void reset();

  // Columns are numbered from 0.
  std::string text(int column) const;
  long long integer(int column) const;
  double real(int column) const;
  bool is_null(int column) const;
  // The column's text, or nullopt when it is NULL.
  std::optional<std::string> optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
  }

 private:
  Connection& connection_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace evp::store
