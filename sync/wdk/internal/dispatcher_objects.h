// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/wdk/internal/dispatcher_objects.h
// -----------------------------------------------------------------------------
//
// The state machine of dispatcher objects (events, semaphores, mutexes) kept
// in their DISPATCHER_HEADER in driver memory, and waits on them. As in the
// kernel, a signal satisfies blocked waits at once, in arrival order (so a
// pulsed event releases its waiters, and a synchronization event wakes
// exactly one); a wait that cannot be satisfied blocks the host thread until
// it is, until its timeout, or until the wait bound (Options::
// wait_timeout_ms). Every state change happens under the dispatcher lock.
//
// Thread-safe.

#ifndef SYNC_WDK_INTERNAL_DISPATCHER_OBJECTS_H_
#define SYNC_WDK_INTERNAL_DISPATCHER_OBJECTS_H_

#include <chrono>
#include <cstdint>

#include "sync/wdk/dispatcher.h"

namespace ksync {

// The Type values of the objects provided (Windows' values).
enum class ObjectType : uint8_t {
  kNotificationEvent = 0,
  kSynchronizationEvent = 1,
  kMutant = 2,
  kSemaphore = 5,
};

// Initializes the header of an object of `type` with `signal_state`.
void InitializeObject(DISPATCHER_HEADER* header, ObjectType type, LONG signal_state);

// Writes a header no call accepts (Type `type`, Size 0): what an
// initialization with an undefined type leaves, so every later use of the
// object reports it.
void InitializeUnusableObject(DISPATCHER_HEADER* header, UCHAR type);

// Returns true if `header` looks like an initialized object of the types
// provided (its Type and Size agree).
bool IsValidObject(const DISPATCHER_HEADER* header);

// Returns true and sets `type` if `header` is an initialized object of the
// types provided (as IsValidObject).
bool ValidObjectType(const DISPATCHER_HEADER* header, ObjectType* type);

// Reads SignalState under the dispatcher lock.
LONG ReadSignalState(const DISPATCHER_HEADER* header);

enum class SignalOp { kSet, kReset, kPulse };
// Changes an event's state (satisfying waits as it becomes signaled);
// returns the previous state.
LONG SignalEvent(DISPATCHER_HEADER* header, SignalOp op);

enum class ReleaseResult { kReleased, kLimitExceeded, kNotOwner };
// Adds `adjustment` to a semaphore's count unless that passes `limit`.
ReleaseResult ReleaseSemaphore(KSEMAPHORE* semaphore, LONG adjustment, LONG* previous);
// Releases one acquisition of a mutex by the calling thread.
ReleaseResult ReleaseMutex(KMUTANT* mutex, LONG* previous);

// WaitRequest
struct WaitRequest {
  DISPATCHER_HEADER* const* objects = nullptr;
  uint32_t count = 0;
  bool wait_all = false;
  bool infinite = true;                    // no timeout
  bool poll = false;                       // a zero timeout
  std::chrono::steady_clock::time_point until;  // the timeout's deadline
};

enum class WaitOutcome { kSatisfied, kTimeout, kBoundExpired };
// Waits; `index` receives the satisfied object's index (WaitAny) or 0.
WaitOutcome Wait(const WaitRequest& request, uint32_t* index);

// Sleeps until `until` (or forever), bounded like a wait.
WaitOutcome Delay(bool infinite, std::chrono::steady_clock::time_point until);

}  // namespace ksync

#endif  // SYNC_WDK_INTERNAL_DISPATCHER_OBJECTS_H_
