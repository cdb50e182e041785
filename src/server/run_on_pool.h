// Runs a blocking call (a store query) on a worker pool and resumes the awaiting coroutine on
// its own executor with the result (or the exception), so event loops never block:
//   auto call = [&] { return api.handle(request); };
//   ApiResponse response = co_await run_on_pool(pool, std::move(call));
// Pass a named callable: GCC 12 mishandles temporaries with destructors inside co_await
// expressions, and nothing here is a coroutine frame of its own.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <type_traits>
#include <utility>

namespace evp::server {

template <typename Function>
auto run_on_pool(boost::asio::thread_pool& pool, Function&& function) {
  namespace asio = boost::asio;
  using Callable = std::decay_t<Function>;
  using Result = std::invoke_result_t<Callable&>;
  auto initiation = [&pool](auto handler, Callable callable) {
    // Keeps the awaiting coroutine's executor busy until the result is handed back.
    auto work = asio::make_work_guard(asio::get_associated_executor(handler));
    asio::post(pool, [handler = std::move(handler), callable = std::move(callable),
                      work = std::move(work)]() mutable {
      std::exception_ptr error;
      Result result{};
      try {
        result = callable();
      } catch (...) {
        error = std::current_exception();
      }
      auto executor = work.get_executor();
      asio::post(executor,
                 [handler = std::move(handler), error, result = std::move(result)]() mutable {
                   std::move(handler)(error, std::move(result));
                 });
    });
  };
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, Result)>(
      std::move(initiation), asio::use_awaitable, Callable(std::forward<Function>(function)));
}

}  // namespace evp::server
