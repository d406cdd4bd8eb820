// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/wait.h
// -----------------------------------------------------------------------------
//
// Waiting on a std::condition_variable_any with the annotated library lock
// held (test side, internal to fltctx/io). The caller loops on its condition
// itself, so the guarded state is read where the analysis knows the lock is
// held:
//
//   poolsim_internal::MutexLock l(&mu_);
//   while (!done_) WaitOn(cv_, mu_);

#ifndef FLTCTX_IO_INTERNAL_WAIT_H_
#define FLTCTX_IO_INTERNAL_WAIT_H_

#include <condition_variable>

#include "absl/base/thread_annotations.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace io {
namespace io_internal {

// Blocks until `cv` is notified (or wakes spuriously), releasing `mu` while
// blocked; `mu` is held again on return.
inline void WaitOn(std::condition_variable_any& cv, poolsim::poolsim_internal::Mutex& mu)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
  // The lock/unlock pair condition_variable_any drives, over the held `mu`.
  struct Relock {
    poolsim::poolsim_internal::Mutex* mu;
    void lock() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu->Lock(); }
    void unlock() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu->Unlock(); }
  };
  Relock relock{&mu};
  cv.wait(relock);
}

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_INTERNAL_WAIT_H_
