// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/pending.h
// -----------------------------------------------------------------------------
//
// FLT_PREOP_PENDING and FltCompletePendedPreOperation (test side, internal to
// fltctx/io): while a pre-operation callback runs, and while the issuing
// thread waits after it returned FLT_PREOP_PENDING, its callback data is
// registered so the completion (from any thread, possibly before the
// callback returned) reaches it.
//
// Lock order: the registry's lock -> one ScopedPended's lock.

#ifndef FLTCTX_IO_INTERNAL_PENDING_H_
#define FLTCTX_IO_INTERNAL_PENDING_H_


#include "absl/base/thread_annotations.h"
#include "fltctx/wdk/fltkernel.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace io {
namespace io_internal {

// ScopedPended
//
// Registers `data` for the duration of one pre-operation callback (and the
// wait that follows a PENDING). Used by one thread; completed from any.
class ScopedPended {
 public:
  explicit ScopedPended(PFLT_CALLBACK_DATA data);
  ~ScopedPended() { Unregister(); }
  ScopedPended(const ScopedPended&) = delete;
  ScopedPended& operator=(const ScopedPended&) = delete;

  // Stops accepting completions; returns true if one arrived.
  bool Unregister();
  // Waits for FltCompletePendedPreOperation; returns its status and context.
  void Wait(FLT_PREOP_CALLBACK_STATUS* status, PVOID* context);

  // Records a completion; false if one was already recorded.
  bool Complete(FLT_PREOP_CALLBACK_STATUS status, PVOID context);

 private:
  const PFLT_CALLBACK_DATA data_;
  bool registered_ = true;  // under the registry's lock

  poolsim::poolsim_internal::Mutex mu_;
  poolsim::poolsim_internal::CondVar cv_;
  bool completed_ ABSL_GUARDED_BY(mu_) = false;
  FLT_PREOP_CALLBACK_STATUS status_ ABSL_GUARDED_BY(mu_) = FLT_PREOP_SUCCESS_NO_CALLBACK;
  PVOID context_ ABSL_GUARDED_BY(mu_) = nullptr;
};

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_INTERNAL_PENDING_H_
