// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/lock.h
// -----------------------------------------------------------------------------
//
// The mutex every fltctx library object uses. It is absl::Mutex, except under
// ThreadSanitizer, where it is std::mutex: the system Abseil is not built
// with TSan, so TSan would not see absl::Mutex as synchronization and would
// report false races. Both spellings carry Abseil's thread-safety attributes,
// so ABSL_GUARDED_BY works either way.
//
// IWYU pragma: private, internal to fltctx.

#ifndef POOLSIM_INTERNAL_LOCK_H_
#define POOLSIM_INTERNAL_LOCK_H_

#include "absl/base/thread_annotations.h"

#if defined(__SANITIZE_THREAD__)
#define POOLSIM_USE_STD_MUTEX 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define POOLSIM_USE_STD_MUTEX 1
#endif
#endif

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

}  // namespace poolsim_internal
}  // namespace poolsim

#endif  // POOLSIM_INTERNAL_LOCK_H_
