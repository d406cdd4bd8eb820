// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/internal/dispatcher_lock.cc
// -----------------------------------------------------------------------------
//
// The dispatcher lock, its condition variable and bounded waits.

#include "sync/internal/dispatcher_lock.h"

#include <condition_variable>

#include "poolsim/environment.h"
#include "poolsim/schedule_point.h"

namespace ksync {
namespace sync_internal {

poolsim::poolsim_internal::Mutex g_dispatcher_mu;

namespace {

std::condition_variable_any& Cv() {
  static auto* cv = new std::condition_variable_any();
  return *cv;
}

// The BasicLockable view of the held dispatcher lock.
struct HeldLock {
  void lock() ABSL_NO_THREAD_SAFETY_ANALYSIS { g_dispatcher_mu.Lock(); }
  void unlock() ABSL_NO_THREAD_SAFETY_ANALYSIS { g_dispatcher_mu.Unlock(); }
};

void UnlockDispatcher(void*) ABSL_NO_THREAD_SAFETY_ANALYSIS { g_dispatcher_mu.Unlock(); }
void RelockDispatcher(void*) ABSL_NO_THREAD_SAFETY_ANALYSIS { g_dispatcher_mu.Lock(); }

// A cooperative block that hands the dispatcher lock back while blocked.
poolsim::BlockRequest ScheduledWait(bool may_time_out) {
  poolsim::BlockRequest r;
  r.api = "a wait of the synchronization layer (KeWaitFor*, a resource, a fast mutex, a push lock)";
  r.may_time_out = may_time_out;
  r.unlock = &UnlockDispatcher;
  r.relock = &RelockDispatcher;
  return r;
}

}  // namespace

void NotifyAll() {
  poolsim::ScheduleWakeAll();
  Cv().notify_all();
}

Deadline Deadline::Make(bool infinite, Clock::time_point user) {
  Deadline d;
  d.has_user = !infinite;
  d.user = user;
  d.bound_ms = poolsim::Ambient().options().wait_timeout_ms;
  if (d.bound_ms != 0) {
    d.has_bound = true;
    d.bound = Clock::now() + std::chrono::milliseconds(d.bound_ms);
  }
  return d;
}

WaitState WaitForChange(const Deadline& d) {
  // In schedule mode (//race:schedule) the wait is cooperative and logical.
  switch (poolsim::ScheduleBlock(ScheduledWait(d.has_user))) {
    case poolsim::BlockOutcome::kNotScheduled:
      break;
    case poolsim::BlockOutcome::kWoken:
      return WaitState::kReady;
    case poolsim::BlockOutcome::kTimedOut:
      return WaitState::kUserTimeout;
    case poolsim::BlockOutcome::kDeadlock:
      return WaitState::kBoundExpired;
  }
  const Clock::time_point now = Clock::now();
  if (d.has_user && now >= d.user) return WaitState::kUserTimeout;
  if (d.has_bound && now >= d.bound) {
    // A caller's own timeout that ends first is not the bound's business.
    if (!(d.has_user && d.user <= d.bound)) return WaitState::kBoundExpired;
  }
  HeldLock held;
  if (!d.has_user && !d.has_bound) {
    Cv().wait(held);
    return WaitState::kReady;
  }
  Clock::time_point until = d.has_user ? d.user : d.bound;
  if (d.has_user && d.has_bound && d.bound < until) until = d.bound;
  Cv().wait_until(held, until);
  return WaitState::kReady;
}

}  // namespace sync_internal
}  // namespace ksync
