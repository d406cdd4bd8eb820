// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/internal/dispatcher_lock.h
// -----------------------------------------------------------------------------
//
// The one host lock of the synchronization layer, as Windows has a dispatcher
// lock: every event, semaphore, mutex, fast mutex, resource and push lock
// state change happens under it, and every release or signal wakes all
// blocked host threads, which re-check what they wait for. Simple and
// obviously correct; test workloads have few threads. Also the deadline
// arithmetic of bounded waits (Options::wait_timeout_ms).
//
// Lock order: DispatcherMutex() is taken before an Environment's own locks
// (RegisterLiveObject); it is never held while a bug check is raised.

#ifndef SYNC_INTERNAL_DISPATCHER_LOCK_H_
#define SYNC_INTERNAL_DISPATCHER_LOCK_H_

#include <chrono>
#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "poolsim/internal/lock.h"

namespace ksync {
namespace sync_internal {

using Clock = std::chrono::steady_clock;

// The dispatcher lock.
extern poolsim::poolsim_internal::Mutex g_dispatcher_mu;

// Wakes every thread blocked in WaitForChange.
void NotifyAll();

// Deadline
//
// When a wait gives up: `user` is the caller's timeout (absent: infinite),
// `bound` the wait bound (absent: 0 configured).
struct Deadline {
  bool has_user = false;
  Clock::time_point user;
  bool has_bound = false;
  Clock::time_point bound;
  uint32_t bound_ms = 0;

  // A wait with the caller's `user` deadline (none if `infinite`) and the
  // ambient Environment's wait bound.
  static Deadline Make(bool infinite, Clock::time_point user);
};

enum class WaitState { kReady, kUserTimeout, kBoundExpired };

// Blocks until NotifyAll or the earlier deadline; returns kReady after a
// wake-up (the caller re-checks), or which deadline passed.
WaitState WaitForChange(const Deadline& deadline) ABSL_EXCLUSIVE_LOCKS_REQUIRED(g_dispatcher_mu);

}  // namespace sync_internal
}  // namespace ksync

#endif  // SYNC_INTERNAL_DISPATCHER_LOCK_H_
