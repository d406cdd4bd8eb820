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

}  // namespace

void NotifyAll() { Cv().notify_all(); }

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
