// Test helper: runs one coroutine to completion on an io_context and returns its value
// (rethrowing its exception), leaving the loop ready to run again.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>

namespace evp::llm::test {

template <typename T>
T run_on_loop(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  std::optional<T> value;
  std::exception_ptr error;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T v) {
    if (e) {
      error = e;
    } else {
      value = std::move(v);
    }
  });
  io.restart();
  io.run();
  if (error) std::rethrow_exception(error);
  return std::move(*value);
}

}  // namespace evp::llm::test
