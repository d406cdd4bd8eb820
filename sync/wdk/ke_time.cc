// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/wdk/ke_time.cc
// -----------------------------------------------------------------------------
//
// The kernel's clocks on the host's clocks, and timeout conversion.

#include <time.h>

#include <chrono>

#include "sync/internal/raise.h"
#include "sync/wdk/dispatcher.h"
#include "sync/wdk/internal/timeouts.h"

namespace ksync {
namespace sync_internal {

namespace {
// 100 ns units between 1601-01-01 and 1970-01-01.
constexpr int64_t kEpochDelta = 116444736000000000LL;
// The clock tick: 15.625 ms in 100 ns units.
constexpr ULONG kTimeIncrement = 156250;
// Timeouts beyond this (about 3 years) count as infinite.
constexpr int64_t kLongest = 1000000000000000LL;

int64_t Read(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 10000000 + ts.tv_nsec / 100;
}
}  // namespace

int64_t SystemTime100ns() { return Read(CLOCK_REALTIME) + kEpochDelta; }
int64_t InterruptTime100ns() { return Read(CLOCK_MONOTONIC); }

void ToDeadline(const LARGE_INTEGER* timeout, bool* infinite, bool* poll,
                std::chrono::steady_clock::time_point* until) {
  const auto now = std::chrono::steady_clock::now();
  *infinite = false;
  *poll = false;
  *until = now;
  if (timeout == nullptr) {
    *infinite = true;
    return;
  }
  const int64_t q = timeout->QuadPart;
  if (q == 0) {
    *poll = true;
    return;
  }
  int64_t delta = 0;
  if (q < 0) {
    delta = q < -kLongest ? kLongest + 1 : -q;
  } else {
    delta = q - SystemTime100ns();
    if (delta < 0) delta = 0;
  }
  if (delta > kLongest) {
    *infinite = true;
    return;
  }
  *until = now + std::chrono::nanoseconds(delta * 100);
}

}  // namespace sync_internal
}  // namespace ksync

extern "C" {

VOID NTAPI KeQuerySystemTime(PLARGE_INTEGER CurrentTime) {
  if (!ksync::sync_internal::NotNull(CurrentTime, "time", "KeQuerySystemTime", 0)) return;
  CurrentTime->QuadPart = ksync::sync_internal::SystemTime100ns();
}

VOID NTAPI KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime) {
  if (!ksync::sync_internal::NotNull(CurrentTime, "time", "KeQuerySystemTimePrecise", 0)) return;
  CurrentTime->QuadPart = ksync::sync_internal::SystemTime100ns();
}

VOID NTAPI KeQueryTickCount(PLARGE_INTEGER TickCount) {
  if (!ksync::sync_internal::NotNull(TickCount, "tick count", "KeQueryTickCount", 0)) return;
  TickCount->QuadPart = ksync::sync_internal::InterruptTime100ns() / ksync::sync_internal::kTimeIncrement;
}

ULONG NTAPI KeQueryTimeIncrement(void) { return ksync::sync_internal::kTimeIncrement; }

ULONGLONG NTAPI KeQueryInterruptTime(void) {
  return static_cast<ULONGLONG>(ksync::sync_internal::InterruptTime100ns());
}

ULONGLONG NTAPI KeQueryInterruptTimePrecise(PULONG64 QpcTimeStamp) {
  if (!ksync::sync_internal::NotNull(QpcTimeStamp, "QpcTimeStamp", "KeQueryInterruptTimePrecise",
                                     0)) {
    return 0;
  }
  const int64_t now = ksync::sync_internal::InterruptTime100ns();
  *QpcTimeStamp = static_cast<ULONG64>(now);
  return static_cast<ULONGLONG>(now);
}

LARGE_INTEGER NTAPI KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency) {
  if (PerformanceFrequency != nullptr) PerformanceFrequency->QuadPart = 10000000;
  LARGE_INTEGER now;
  now.QuadPart = ksync::sync_internal::InterruptTime100ns();
  return now;
}

}  // extern "C"
