// The evaluation service: an evaluation runs on the service's thread and resumes the caller
// on its own loop; stop() waits for evaluations a failed run left in flight (ended by the
// evaluators' stop()), gives up after the drain time and says so, and runs only once.
#include "runner/evaluation_service.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <optional>
#include <thread>

#include "evaluate/evaluator.h"

namespace evp::runner {
namespace {

namespace asio = boost::asio;

// A TEST DOUBLE evaluator: answers at once, or (hang) waits until stop() cancels it when
// stop_cancels, else for an hour.
class WaitingEvaluator : public evaluate::AsyncEvaluator {
 public:
  WaitingEvaluator(bool hang, bool stop_cancels)
      : AsyncEvaluator("waiting", 1, evaluate::EvaluationMode::kPointwise),
        hang_(hang),
        stop_cancels_(stop_cancels) {}

  asio::awaitable<model::MetricResult> evaluate(const model::EvaluationRow&) override {
    thread_ = std::this_thread::get_id();
    if (hang_) {
      asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::hours(1));
      timer_ = &timer;
      boost::system::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      timer_ = nullptr;
      co_return evaluate::unscorable("stopped");
    }
    co_return evaluate::scored(1, "ok");
  }
  asio::awaitable<void> stop() override {
    ++stops_;
    if (stop_cancels_ && timer_ != nullptr) timer_->cancel();
    co_return;
  }

  std::thread::id thread_;
  int stops_ = 0;

 private:
  bool hang_, stop_cancels_;
  asio::steady_timer* timer_ = nullptr;
};

struct Fixture {
  explicit Fixture(bool hang, bool stop_cancels) {
    suite.file = "suite.yaml";
    service.emplace(suite, std::vector<ResolvedModel>{});
    auto e = std::make_unique<WaitingEvaluator>(hang, stop_cancels);
    evaluator = e.get();
    set.async_evaluators.push_back(std::move(e));
    service->start(set);
  }
  // Starts one evaluation from a "lane" loop on this thread; runs the lane until `until`.
  void evaluate_from_lane(std::chrono::milliseconds until) {
    // The fixture is a parameter, not a capture: captures live in the closure, which dies
    // before the coroutine runs.
    asio::co_spawn(lane, run_one(this), asio::detached);
    lane.run_for(until);
  }

  static asio::awaitable<void> run_one(Fixture* self) {
    const model::EvaluationRow row;  // a local: GCC 12 mishandles temporaries around co_await
    self->result = co_await self->service->evaluate(self->evaluator->evaluate(row));
    self->resumed_on = std::this_thread::get_id();
  }

  suite::Suite suite;
  std::optional<EvaluationService> service;
  evaluate::EvaluatorSet set;
  WaitingEvaluator* evaluator = nullptr;
  asio::io_context lane;
  std::optional<model::MetricResult> result;
  std::thread::id resumed_on;
};

TEST(EvaluationService, EvaluatesOnItsThreadAndResumesTheLane) {
  Fixture f(false, false);
  f.evaluate_from_lane(std::chrono::seconds(5));
  ASSERT_TRUE(f.result);
  EXPECT_EQ(f.result->reason, "ok");
  EXPECT_NE(f.evaluator->thread_, std::this_thread::get_id());
  EXPECT_EQ(f.resumed_on, std::this_thread::get_id());
  f.service->stop(f.set);
  f.service->stop(f.set);
  EXPECT_EQ(f.evaluator->stops_, 1);  // once
  EXPECT_TRUE(f.service->drained());
}

TEST(EvaluationService, StopWaitsForEvaluationsInFlightThatStoppingEnds) {
  Fixture f(true, true);
  f.evaluate_from_lane(std::chrono::milliseconds(200));  // the lane "fails" mid-evaluation
  EXPECT_FALSE(f.result);
  const auto start = std::chrono::steady_clock::now();
  f.service->stop(f.set);
  EXPECT_TRUE(f.service->drained());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(EvaluationService, StopGivesUpOnAnEvaluationThatDoesNotEndAndSaysSo) {
  Fixture f(true, false);
  f.service->set_drain_seconds(0.2);
  f.evaluate_from_lane(std::chrono::milliseconds(100));
  f.service->stop(f.set);
  EXPECT_FALSE(f.service->drained());
  // The suspended evaluation refers to the evaluator: it must outlive the service.
  static_cast<void>(new evaluate::EvaluatorSet(std::move(f.set)));
}

}  // namespace
}  // namespace evp::runner
