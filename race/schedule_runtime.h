// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/schedule_runtime.h
// -----------------------------------------------------------------------------
//
// The cooperative scheduler behind race/schedule.h (private to //race): one
// run of a body with its simulated threads, one thread at a time. A thread
// runs while it holds the "run token" (running_); at a switch point, a
// block or its end it hands the token to the thread the Chooser picks and
// waits on the runtime's condition variable until the token comes back.
// Threads are host threads; only the token holder runs simulator code.
//
// Decisions: at a switch point the candidates are the runnable threads, the
// current one first, then the others by id; when the current thread blocks
// or ends, the runnable threads by id. A decision with one candidate is not
// recorded. Choosing another thread than a runnable current one is a
// preemption.

#ifndef RACE_SCHEDULE_RUNTIME_H_
#define RACE_SCHEDULE_RUNTIME_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "poolsim/internal/lock.h"
#include "poolsim/schedule_point.h"
#include "poolsim/stack_trace.h"

namespace race {
namespace schedule_internal {

// One decision of a run.
struct Decision {
  std::vector<int> candidates;
  size_t chosen = 0;                // index into candidates
  uint32_t preemptions_before = 0;  // preemptions of earlier decisions
  bool current_runnable = false;    // candidates[0] is the thread that was running
  std::string where;                // "T1 at ExAllocatePool2"
};

// Chooser: picks one of `candidates` (size >= 2) at decision `index`.
class Chooser {
 public:
  virtual ~Chooser() = default;
  virtual size_t Choose(const std::vector<int>& candidates, size_t index) = 0;
  // A replay that no longer fits the body says why (empty otherwise).
  virtual std::string divergence() const { return std::string(); }
};

// ScheduleRuntime
//
// Thread-safe: every member is guarded by mu_; hooks run on any thread.
class ScheduleRuntime {
 public:
  ScheduleRuntime(Chooser* chooser, uint32_t idle_ms);
  ~ScheduleRuntime();
  ScheduleRuntime(const ScheduleRuntime&) = delete;
  ScheduleRuntime& operator=(const ScheduleRuntime&) = delete;

  // Runs `body` as thread 0 on the calling thread, then waits (as thread 0)
  // for every thread it started. Installs the scheduler hooks meanwhile.
  void Run(const std::function<void()>& body);

  // The runtime scheduling the calling thread, or null.
  static ScheduleRuntime* Current();

  // Starts `routine` as the next thread; returns its id. A switch point.
  int Start(std::function<void()> routine);
  // Blocks the calling thread until thread `id` ended.
  void Join(int id);

  // After Run.
  std::vector<Decision> decisions() const;
  uint32_t preemptions() const;
  std::string deadlocks() const;  // empty: none

 private:
  enum class Status { kRunnable, kBlocked, kFinished };
  struct ThreadRecord {
    int id = 0;
    Status status = Status::kRunnable;
    bool may_time_out = false;
    bool external = false;
    bool joining = false;  // in SimThread::Join or the end of the body
    poolsim::BlockOutcome result = poolsim::BlockOutcome::kWoken;
    std::string blocked_in;
    poolsim::StackId stack = poolsim::kNoStack;
    std::function<void()> routine;
    std::thread host;
  };
  static constexpr int kNobody = -1;  // every thread ended
  static constexpr int kIdle = -2;    // all blocked, an outside thread may wake one

  static void PointHook(void* cookie, poolsim::SwitchKind kind, const char* api);
  static poolsim::BlockOutcome BlockHook(void* cookie, const poolsim::BlockRequest& request);
  static void WakeHook(void* cookie);

  void Point(const char* api);
  poolsim::BlockOutcome Block(const poolsim::BlockRequest& request, poolsim::StackId stack);
  void WakeAll();
  void HostMain(int id);
  void Finish(int id);
  // Blocks the running thread `self` until `done()` holds.
  void BlockUntil(int self, const char* what, const std::function<bool()>& done);

  ThreadRecord& Rec(int id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return *threads_[id]; }
  std::vector<int> RunnableLocked(int first) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  int DecideLocked(const std::vector<int>& candidates, bool current_runnable, int self,
                   const char* where) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // `self` cannot go on (blocked or ended): the token goes elsewhere.
  void SwitchAwayLocked(int self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void DeadlockLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void HandTo(int next) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void WaitForTurnLocked(int self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Chooser* const chooser_;
  const uint32_t idle_ms_;
  const poolsim::ScheduleHooks hooks_;
  mutable poolsim::poolsim_internal::Mutex mu_;
  std::condition_variable_any cv_;  // running_ changed
  std::vector<std::unique_ptr<ThreadRecord>> threads_ ABSL_GUARDED_BY(mu_);
  int running_ ABSL_GUARDED_BY(mu_) = 0;
  std::chrono::steady_clock::time_point idle_since_ ABSL_GUARDED_BY(mu_);
  std::vector<Decision> decisions_ ABSL_GUARDED_BY(mu_);
  uint32_t preemptions_ ABSL_GUARDED_BY(mu_) = 0;
  std::string deadlocks_ ABSL_GUARDED_BY(mu_);
};

}  // namespace schedule_internal
}  // namespace race

#endif  // RACE_SCHEDULE_RUNTIME_H_
