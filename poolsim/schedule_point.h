// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/schedule_point.h
// -----------------------------------------------------------------------------
//
// Core layer: the switch points of the simulator. The WDK surfaces announce
// here each call at which, in schedule mode, another simulated thread may
// run first (a pool allocate or free, a spin-lock acquire or release, a
// wait, a signal, a lock acquire or release, a racy filter-manager call),
// and they ask here to block cooperatively when a wait cannot be satisfied.
// A scheduler (//race:schedule) installs the hooks; poolsim names none of
// it. With no scheduler installed each call is one relaxed atomic load.
//
// The hooks are called with no library lock held (SchedulePoint), or with
// exactly the one lock the caller hands over (ScheduleBlock), which the
// scheduler releases while the thread is blocked and takes again before the
// call returns.

#ifndef POOLSIM_SCHEDULE_POINT_H_
#define POOLSIM_SCHEDULE_POINT_H_

#include <atomic>
#include <cstdint>

namespace poolsim {

// SwitchKind: what the announcing call does.
enum class SwitchKind : uint8_t {
  kAllocate,     // ExAllocatePool*
  kFree,         // ExFreePool*
  kSpinAcquire,  // KeAcquire*SpinLock*
  kSpinRelease,  // KeRelease*SpinLock*
  kWait,         // KeWaitFor*, KeDelayExecutionThread
  kSignal,       // KeSetEvent, KeReleaseSemaphore, KeReleaseMutex, ...
  kAcquire,      // ERESOURCE, fast mutex, guarded mutex, push lock
  kRelease,      // their releases
  kRacyCall,     // a racy filter-manager call (fltctx/race_point.h)
  kThread,       // a simulated thread started or ended
};

// Returns "allocate", "free", ... for reports.
const char* SwitchKindName(SwitchKind kind);

// How a cooperative block ended.
enum class BlockOutcome : uint8_t {
  kNotScheduled,  // the calling thread is not scheduled: block on the host
  kWoken,         // something changed; the caller re-checks its condition
  kTimedOut,      // the wait's own (logical) timeout passed
  kDeadlock,      // no thread can ever wake it: the caller gives up
};

// BlockRequest: what a blocking caller waits for.
struct BlockRequest {
  const char* api = "";        // the WDK name of the blocking call
  bool may_time_out = false;   // the wait has a timeout of its own
  // A thread the scheduler does not run (a library worker) may end it.
  bool external = false;
  // The lock the caller holds, released while blocked: `unlock(lock)`
  // before the thread gives up the CPU, `relock(lock)` before return.
  void (*unlock)(void* lock) = nullptr;
  void (*relock)(void* lock) = nullptr;
  void* lock = nullptr;
};

// ScheduleHooks: what a scheduler provides. Each is called on the thread
// making the call; a hook ignores threads it does not schedule.
struct ScheduleHooks {
  void (*point)(void* cookie, SwitchKind kind, const char* api);
  BlockOutcome (*block)(void* cookie, const BlockRequest& request);
  // Something that blocked threads may wait for changed (any thread).
  void (*wake_all)(void* cookie);
  void* cookie;
};

namespace poolsim_internal {
extern std::atomic<const ScheduleHooks*> g_schedule_hooks;
}  // namespace poolsim_internal

// InstallScheduleHooks()
//
// Installs `hooks` (nullptr removes them; they must outlive the
// installation) and returns the previous ones. Install before the threads
// that call the hooks start; not for concurrent use with other installers.
const ScheduleHooks* InstallScheduleHooks(const ScheduleHooks* hooks);

// SchedulePoint()
//
// A switch point: in schedule mode another simulated thread may run before
// this returns. Any IRQL; call with no library lock held.
inline void SchedulePoint(SwitchKind kind, const char* api) {
  if (poolsim_internal::g_schedule_hooks.load(std::memory_order_relaxed) == nullptr) return;
  const ScheduleHooks* h = poolsim_internal::g_schedule_hooks.load(std::memory_order_acquire);
  if (h != nullptr) h->point(h->cookie, kind, api);
}

// ScheduleBlock()
//
// Blocks the calling scheduled thread until another thread changes
// something (ScheduleWakeAll), its logical timeout passes or the scheduler
// finds a deadlock. Returns kNotScheduled at once, with the lock still held
// and untouched, when no scheduler runs this thread.
BlockOutcome ScheduleBlock(const BlockRequest& request);

// ScheduleWakeAll()
//
// Makes every cooperatively blocked thread re-check its condition. Called
// by whatever changes state a waiter may wait for; any thread, any lock.
inline void ScheduleWakeAll() {
  if (poolsim_internal::g_schedule_hooks.load(std::memory_order_relaxed) == nullptr) return;
  const ScheduleHooks* h = poolsim_internal::g_schedule_hooks.load(std::memory_order_acquire);
  if (h != nullptr) h->wake_all(h->cookie);
}

}  // namespace poolsim

#endif  // POOLSIM_SCHEDULE_POINT_H_
