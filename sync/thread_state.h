// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/thread_state.h
// -----------------------------------------------------------------------------
//
// What the kernel keeps per thread for synchronization: the critical-region
// count (normal kernel APCs disabled: KeEnterCriticalRegion, FsRtl-
// EnterFileSystem, an owned KMUTEX), the guarded-region count (all APCs
// disabled: KeEnterGuardedRegion, an owned guarded mutex), and the pending
// wait of KeSetEvent(Wait = TRUE). Each host thread is one kernel thread.
// The state belongs to the ambient Environment: a thread's first call under
// a new Environment (a new test) starts from zero.
//
// Thread-compatible: each thread touches only its own state.

#ifndef SYNC_THREAD_STATE_H_
#define SYNC_THREAD_STATE_H_

#include <cstdint>

#include "poolsim/irql.h"

namespace ksync {

struct ThreadState {
  const void* env = nullptr;    // the Environment the counts belong to
  int critical_regions = 0;     // KeEnterCriticalRegion depth (and owned KMUTEXes)
  int guarded_regions = 0;      // KeEnterGuardedRegion depth (and owned guarded mutexes)
  // KeSetEvent(Wait = TRUE) left the thread at DISPATCH_LEVEL; the next wait
  // returns it to `irql_before_set`.
  bool wait_follows_set = false;
  poolsim::Irql irql_before_set = 0;
};

// Returns the calling thread's state for the ambient Environment.
ThreadState& CurrentThreadState();

// Returns true if normal kernel APCs are disabled on the calling thread: a
// critical or guarded region, or IRQL APC_LEVEL or above.
bool NormalApcsDisabled();

// The calling thread's poolsim ordinal (never 0), the owner id of locks.
uint32_t Self();

}  // namespace ksync

#endif  // SYNC_THREAD_STATE_H_
