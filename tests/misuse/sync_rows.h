// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/misuse/sync_rows.h
// -----------------------------------------------------------------------------
//
// What the synchronization rows (sync_*rows.cc) share: the stop codes and
// statuses they assert, garbage storage, the option changes (a short wait
// bound, the verifier's checks), a resource that lives for one case, and a
// lock held by another thread.

#ifndef TESTS_MISUSE_SYNC_ROWS_H_
#define TESTS_MISUSE_SYNC_ROWS_H_

#include <cstdint>
#include <cstring>
#include <future>
#include <thread>

#include "sync/wdk/sync.h"
#include "tests/misuse/matrix.h"

namespace misuse {

inline constexpr uint64_t kAccessViolation = 0xC0000005;
inline constexpr uint32_t kVerifier = 0xC4;
// The wait bound of the cases that would block (ms).
inline constexpr uint32_t kBoundMs = 40;
inline constexpr ULONG kSemaphoreLimitExceeded = 0xC0000047;
inline constexpr ULONG kMutantNotOwned = 0xC0000046;
// The LLP64 LONG's range (the host's long is wider).
inline constexpr LONG kLongMax = 0x7FFFFFFF;
inline constexpr LONG kLongMin = -kLongMax - 1;

inline uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// Storage never initialized: garbage, as on a stack.
template <typename T>
void Garbage(T* object) {
  std::memset(static_cast<void*>(object), 0xA5, sizeof(*object));
}

inline void ShortWaitBound(poolsim::Options& o) { o.wait_timeout_ms = kBoundMs; }
inline void VerifierChecks(poolsim::Options& o) { o.checks = poolsim::CheckMode::kVerifier; }

// The calling thread's id as resources, mutexes and push locks report it.
inline ULONG Self() { return static_cast<ULONG>(ExGetCurrentResourceThread()); }

// A resource initialized for the case and deleted at its end.
struct Resource {
  ERESOURCE r;
  Resource() { ExInitializeResourceLite(&r); }
  ~Resource() { ExDeleteResourceLite(&r); }
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;
};

// Runs `hold` on another thread, then `body` on this one while that thread
// is still inside `hold`'s effect, then `release` on the other thread.
template <typename Hold, typename Body, typename Release>
void WhileHeldElsewhere(Hold hold, Body body, Release release) {
  std::promise<void> held;
  std::promise<void> done;
  std::thread other([&] {
    hold();
    held.set_value();
    done.get_future().wait();
    release();
  });
  held.get_future().wait();
  body();
  done.set_value();
  other.join();
}

}  // namespace misuse

#endif  // TESTS_MISUSE_SYNC_ROWS_H_
