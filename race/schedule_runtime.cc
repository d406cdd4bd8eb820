// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/schedule_runtime.cc
// -----------------------------------------------------------------------------
//
// The cooperative scheduler: the run token, blocking, logical timeouts and
// deadlock detection (schedule_runtime.h).
//
// Lock order: a library lock handed to Block (the dispatcher lock, a
// library mutex) is taken before mu_; mu_ is never held while a library
// lock is taken.

#include "race/schedule_runtime.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "poolsim/report_text.h"

namespace race {
namespace schedule_internal {
namespace {

using poolsim::poolsim_internal::MutexLock;

thread_local ScheduleRuntime* t_runtime = nullptr;
thread_local int t_id = 0;

// The BasicLockable view of a held Mutex for std::condition_variable_any.
struct HeldLock {
  poolsim::poolsim_internal::Mutex* mu;
  void lock() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu->Lock(); }
  void unlock() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu->Unlock(); }
};

// Frames above the hook: the hook, ScheduleBlock, the simulator's wait.
constexpr int kBlockSkip = 3;

}  // namespace

ScheduleRuntime::ScheduleRuntime(Chooser* chooser, uint32_t idle_ms)
    : chooser_(chooser),
      idle_ms_(idle_ms),
      hooks_{&PointHook, &BlockHook, &WakeHook, this} {}

ScheduleRuntime::~ScheduleRuntime() = default;

ScheduleRuntime* ScheduleRuntime::Current() { return t_runtime; }

void ScheduleRuntime::PointHook(void* cookie, poolsim::SwitchKind kind, const char* api) {
  (void)kind;
  auto* self = static_cast<ScheduleRuntime*>(cookie);
  if (t_runtime != self) return;
  self->Point(api);
}

poolsim::BlockOutcome ScheduleRuntime::BlockHook(void* cookie,
                                                 const poolsim::BlockRequest& request) {
  auto* self = static_cast<ScheduleRuntime*>(cookie);
  if (t_runtime != self) return poolsim::BlockOutcome::kNotScheduled;
  return self->Block(request, poolsim::CaptureStack(kBlockSkip));
}

void ScheduleRuntime::WakeHook(void* cookie) { static_cast<ScheduleRuntime*>(cookie)->WakeAll(); }

std::vector<int> ScheduleRuntime::RunnableLocked(int first) {
  std::vector<int> c;
  if (first >= 0 && Rec(first).status == Status::kRunnable) c.push_back(first);
  for (const auto& r : threads_) {
    if (r->id != first && r->status == Status::kRunnable) c.push_back(r->id);
  }
  return c;
}

int ScheduleRuntime::DecideLocked(const std::vector<int>& candidates, bool current_runnable,
                                  int self, const char* where) {
  if (candidates.size() == 1) return candidates[0];
  size_t i = chooser_->Choose(candidates, decisions_.size());
  if (i >= candidates.size()) i = 0;
  Decision d;
  d.candidates = candidates;
  d.chosen = i;
  d.preemptions_before = preemptions_;
  d.current_runnable = current_runnable;
  d.where = self >= 0 ? absl::StrFormat("T%d at %s", self, where) : std::string(where);
  if (current_runnable && i != 0) ++preemptions_;
  decisions_.push_back(std::move(d));
  return candidates[i];
}

void ScheduleRuntime::HandTo(int next) {
  running_ = next;
  if (next == kIdle) idle_since_ = std::chrono::steady_clock::now();
  cv_.notify_all();
}

void ScheduleRuntime::WaitForTurnLocked(int self) {
  HeldLock held{&mu_};
  while (running_ != self) {
    if (running_ == kIdle) {
      const auto until = idle_since_ + std::chrono::milliseconds(idle_ms_);
      if (cv_.wait_until(held, until) == std::cv_status::timeout && running_ == kIdle) {
        DeadlockLocked();
      }
    } else {
      cv_.wait(held);
    }
  }
}

void ScheduleRuntime::Point(const char* api) {
  const int self = t_id;
  MutexLock l(&mu_);
  const std::vector<int> c = RunnableLocked(self);
  if (c.size() < 2) return;
  const int next = DecideLocked(c, true, self, api);
  if (next == self) return;
  HandTo(next);
  WaitForTurnLocked(self);
}

void ScheduleRuntime::SwitchAwayLocked(int self) {
  const char* where =
      Rec(self).status == Status::kFinished ? "its end" : Rec(self).blocked_in.c_str();
  const std::vector<int> c = RunnableLocked(kNobody);
  if (!c.empty()) {
    HandTo(DecideLocked(c, false, self, where));
    return;
  }
  std::vector<int> timeouts;
  bool all_finished = true;
  bool external = false;
  for (const auto& r : threads_) {
    if (r->status != Status::kFinished) all_finished = false;
    if (r->status == Status::kBlocked && r->may_time_out) timeouts.push_back(r->id);
    if (r->status == Status::kBlocked && r->external) external = true;
  }
  if (!timeouts.empty()) {
    // Nothing can run: a wait with a timeout of its own times out now.
    const int n = DecideLocked(timeouts, false, self, "a timeout");
    Rec(n).result = poolsim::BlockOutcome::kTimedOut;
    Rec(n).status = Status::kRunnable;
    HandTo(n);
    return;
  }
  if (all_finished) {
    HandTo(kNobody);
    return;
  }
  if (external) {
    HandTo(kIdle);
    return;
  }
  DeadlockLocked();
}

void ScheduleRuntime::DeadlockLocked() {
  std::string text = "deadlock: every thread is blocked and no wait can time out\n";
  for (const auto& r : threads_) {
    if (r->status == Status::kFinished) continue;
    absl::StrAppendFormat(&text, "  thread %d blocked in %s\n", r->id, r->blocked_in);
    for (const poolsim::SymbolizedFrame& f :
         poolsim::RenderedFrames(r->stack, poolsim::TextOptions())) {
      absl::StrAppendFormat(&text, "      %s %s:%d\n", f.function, f.file, f.line);
    }
  }
  absl::StrAppend(&deadlocks_, text);
  // Every blocked wait gives up, as after the wait bound.
  for (const auto& r : threads_) {
    if (r->status != Status::kBlocked) continue;
    r->status = Status::kRunnable;
    r->result = poolsim::BlockOutcome::kDeadlock;
  }
  const std::vector<int> c = RunnableLocked(kNobody);
  HandTo(c.empty() ? kNobody : DecideLocked(c, false, -1, "the end of a deadlock"));
}

poolsim::BlockOutcome ScheduleRuntime::Block(const poolsim::BlockRequest& request,
                                             poolsim::StackId stack) {
  const int self = t_id;
  poolsim::BlockOutcome outcome;
  {
    MutexLock l(&mu_);
    if (request.unlock != nullptr) request.unlock(request.lock);
    ThreadRecord& r = Rec(self);
    r.status = Status::kBlocked;
    r.may_time_out = request.may_time_out;
    r.external = request.external;
    r.joining = false;
    r.result = poolsim::BlockOutcome::kWoken;
    r.blocked_in = request.api;
    r.stack = stack;
    SwitchAwayLocked(self);
    WaitForTurnLocked(self);
    outcome = r.result;
    if (outcome == poolsim::BlockOutcome::kDeadlock && request.external) {
      // A library wait cannot give up: the thread leaves the schedule and
      // waits on the host, as it would without exploration.
      absl::StrAppendFormat(&deadlocks_, "  thread %d leaves the schedule and waits in %s\n",
                            self, r.blocked_in);
      r.status = Status::kFinished;
      SwitchAwayLocked(self);
      t_runtime = nullptr;
    }
  }
  if (request.relock != nullptr) request.relock(request.lock);
  return outcome;
}

void ScheduleRuntime::WakeAll() {
  MutexLock l(&mu_);
  bool any = false;
  for (const auto& r : threads_) {
    if (r->status != Status::kBlocked || r->joining) continue;
    r->status = Status::kRunnable;
    r->result = poolsim::BlockOutcome::kWoken;
    any = true;
  }
  // A thread outside the schedule woke a thread while none could run.
  if (any && running_ == kIdle) {
    HandTo(DecideLocked(RunnableLocked(kNobody), false, -1, "an outside thread's wake"));
  }
}

int ScheduleRuntime::Start(std::function<void()> routine) {
  int id = 0;
  {
    MutexLock l(&mu_);
    id = static_cast<int>(threads_.size());
    auto rec = std::make_unique<ThreadRecord>();
    rec->id = id;
    rec->routine = std::move(routine);
    ThreadRecord* raw = rec.get();
    threads_.push_back(std::move(rec));
    raw->host = std::thread(&ScheduleRuntime::HostMain, this, id);
  }
  Point("the start of a SimThread");
  return id;
}

void ScheduleRuntime::HostMain(int id) {
  t_runtime = this;
  t_id = id;
  std::function<void()> routine;
  {
    MutexLock l(&mu_);
    WaitForTurnLocked(id);
    routine = std::move(Rec(id).routine);
  }
  routine();
  if (t_runtime == this) Finish(id);  // not if it left the schedule
  t_runtime = nullptr;
}

void ScheduleRuntime::Finish(int id) {
  MutexLock l(&mu_);
  Rec(id).status = Status::kFinished;
  // Threads joining this one re-check.
  for (const auto& r : threads_) {
    if (r->status == Status::kBlocked && r->joining) {
      r->status = Status::kRunnable;
      r->result = poolsim::BlockOutcome::kWoken;
    }
  }
  SwitchAwayLocked(id);
}

void ScheduleRuntime::Join(int target) {
  if (t_runtime != this) {
    // A thread that left the schedule joins on the host.
    std::thread* host = nullptr;
    {
      MutexLock l(&mu_);
      host = &Rec(target).host;
    }
    if (host->joinable()) host->join();
    return;
  }
  const int self = t_id;
  const poolsim::StackId stack = poolsim::CaptureStack(1);
  std::thread* host = nullptr;
  {
    MutexLock l(&mu_);
    while (Rec(target).status != Status::kFinished) {
      ThreadRecord& r = Rec(self);
      r.status = Status::kBlocked;
      r.may_time_out = false;
      r.external = false;
      r.joining = true;
      r.blocked_in = absl::StrFormat("SimThread::Join (of thread %d)", target);
      r.stack = stack;
      SwitchAwayLocked(self);
      WaitForTurnLocked(self);
    }
    host = &Rec(target).host;
  }
  // The thread ended (it handed the token on): its host thread is leaving.
  if (host->joinable()) host->join();
}

void ScheduleRuntime::Run(const std::function<void()>& body) {
  const poolsim::ScheduleHooks* previous = poolsim::InstallScheduleHooks(&hooks_);
  {
    MutexLock l(&mu_);
    auto rec = std::make_unique<ThreadRecord>();
    rec->id = 0;
    threads_.push_back(std::move(rec));
    running_ = 0;
  }
  t_runtime = this;
  t_id = 0;
  body();
  // Thread 0 waits for every thread the body started and did not join
  // (unless it left the schedule: the host joins below wait for them).
  const poolsim::StackId stack = poolsim::CaptureStack(1);
  if (t_runtime == this) {
    MutexLock l(&mu_);
    for (;;) {
      bool all = true;
      for (const auto& r : threads_) {
        if (r->id != 0 && r->status != Status::kFinished) all = false;
      }
      if (all) break;
      ThreadRecord& r = Rec(0);
      r.status = Status::kBlocked;
      r.may_time_out = false;
      r.external = false;
      r.joining = true;
      r.blocked_in = "SimThread (the end of the body, waiting for its threads)";
      r.stack = stack;
      SwitchAwayLocked(0);
      WaitForTurnLocked(0);
    }
    Rec(0).status = Status::kFinished;
    running_ = kNobody;
  }
  t_runtime = nullptr;
  std::vector<std::thread*> hosts;
  {
    MutexLock l(&mu_);
    for (const auto& r : threads_) hosts.push_back(&r->host);
  }
  for (std::thread* h : hosts) {
    if (h->joinable()) h->join();
  }
  poolsim::InstallScheduleHooks(previous);
}

std::vector<Decision> ScheduleRuntime::decisions() const {
  MutexLock l(&mu_);
  return decisions_;
}

uint32_t ScheduleRuntime::preemptions() const {
  MutexLock l(&mu_);
  return preemptions_;
}

std::string ScheduleRuntime::deadlocks() const {
  MutexLock l(&mu_);
  return deadlocks_;
}

}  // namespace schedule_internal
}  // namespace race
