// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/wdk/internal/timeouts.h
// -----------------------------------------------------------------------------
//
// The WDK's time values for the synchronization surface: a wait timeout
// (LARGE_INTEGER, 100 ns units: negative relative, positive absolute system
// time, zero a poll) as a host deadline, and the system time.

#ifndef SYNC_WDK_INTERNAL_TIMEOUTS_H_
#define SYNC_WDK_INTERNAL_TIMEOUTS_H_

#include <chrono>
#include <cstdint>

#include "poolsim/wdk/ntdef.h"

namespace ksync {
namespace sync_internal {

// The system time: 100 ns units since January 1, 1601 (UTC).
int64_t SystemTime100ns();
// The interrupt time: 100 ns units of the host's monotonic clock.
int64_t InterruptTime100ns();

// Converts `timeout` (NULL: infinite) to a deadline.
void ToDeadline(const LARGE_INTEGER* timeout, bool* infinite, bool* poll,
                std::chrono::steady_clock::time_point* until);

}  // namespace sync_internal
}  // namespace ksync

#endif  // SYNC_WDK_INTERNAL_TIMEOUTS_H_
