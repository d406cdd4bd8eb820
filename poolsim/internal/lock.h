// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/lock.h
// -----------------------------------------------------------------------------
//
// The mutex every fltctx library object uses, carrying Abseil's
// thread-safety attributes so ABSL_GUARDED_BY and -Wthread-safety work.
//
// It wraps std::mutex by default. Two measured reasons: Debian's prebuilt
// Abseil is compiled without NDEBUG, so every absl::Mutex lock runs its debug
// deadlock detector (about 100 ns per allocate/free pair on the pool's hot
// path), and that library is not built with ThreadSanitizer, which would
// therefore not see absl::Mutex as synchronization. Define
// POOLSIM_USE_ABSL_MUTEX to use absl::Mutex with an Abseil built in release
// mode.
//
// IWYU pragma: private, internal to fltctx.

#ifndef POOLSIM_INTERNAL_LOCK_H_
#define POOLSIM_INTERNAL_LOCK_H_

#include "absl/base/thread_annotations.h"
#include "poolsim/schedule_point.h"

#if !defined(POOLSIM_USE_ABSL_MUTEX)
#define POOLSIM_USE_STD_MUTEX 1
#endif

#include <condition_variable>

#if defined(POOLSIM_USE_STD_MUTEX)
#include <mutex>
#else
#include "absl/synchronization/mutex.h"
#endif

namespace poolsim {
namespace poolsim_internal {

// Mutex
//
// A non-recursive exclusive lock.
//
// Thread-safe.
class ABSL_LOCKABLE Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

#if defined(POOLSIM_USE_STD_MUTEX)
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION() { mu_.unlock(); }
#else
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.Lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION() { mu_.Unlock(); }
#endif

 private:
#if defined(POOLSIM_USE_STD_MUTEX)
  std::mutex mu_;
#else
  absl::Mutex mu_;
#endif
};

// MutexLock
//
// Holds a Mutex for the lifetime of the object.
class ABSL_SCOPED_LOCKABLE MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) {
    mu_->Lock();
  }
  ~MutexLock() ABSL_UNLOCK_FUNCTION() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

// CondVar
//
// A condition variable for Mutex. The caller loops on its own condition, so
// the guarded state is read where the analysis knows the lock is held:
//
//   MutexLock lock(&mu_);
//   while (!done_) done_cv_.Wait(&mu_);
//
// Thread-safe.
class CondVar {
 public:
  CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  // Blocks until notified (or a spurious wake-up), releasing `mu` while
  // blocked; `mu` is held again on return.
  // A thread that schedule exploration runs (poolsim/schedule_point.h)
  // blocks cooperatively instead.
  void Wait(Mutex* mu) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (ScheduledWait(mu)) return;
    HeldLock held{mu};
    cv_.wait(held);
  }
  void NotifyOne() {
    ScheduleWakeAll();
    cv_.notify_one();
  }
  void NotifyAll() {
    ScheduleWakeAll();
    cv_.notify_all();
  }

 private:
  // The BasicLockable view of the held Mutex that the standard condition
  // variable drives: unlocked while blocked, locked again before returning.
  struct HeldLock {
    Mutex* mu;
    void lock() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu->Lock(); }
    void unlock() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu->Unlock(); }
  };

  static void UnlockOf(void* mu) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    static_cast<Mutex*>(mu)->Unlock();
  }
  static void RelockOf(void* mu) ABSL_NO_THREAD_SAFETY_ANALYSIS { static_cast<Mutex*>(mu)->Lock(); }
  // True after a cooperative block (`mu` released meanwhile, held again).
  static bool ScheduledWait(Mutex* mu) {
    BlockRequest r;
    r.api = "a wait inside the library (a pended operation, a drain)";
    r.external = true;  // a library worker thread may end it
    r.unlock = &UnlockOf;
    r.relock = &RelockOf;
    r.lock = mu;
    const BlockOutcome o = ScheduleBlock(r);
    return o == BlockOutcome::kWoken || o == BlockOutcome::kTimedOut;
  }

  std::condition_variable_any cv_;
};

}  // namespace poolsim_internal
}  // namespace poolsim

#endif  // POOLSIM_INTERNAL_LOCK_H_
