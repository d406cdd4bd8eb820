// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/deferred_queue.h
// -----------------------------------------------------------------------------
//
// The deferred-release queue (internal to fltctx, core layer): final
// releases made at DISPATCH_LEVEL run later at PASSIVE_LEVEL, on a simulated
// system worker thread or when the test drains the queue
// (Options::deferred_work).
//
// IWYU pragma: private, internal to fltctx.

#ifndef FLTCTX_INTERNAL_DEFERRED_QUEUE_H_
#define FLTCTX_INTERNAL_DEFERRED_QUEUE_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "fltctx/options.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace fltctx_internal {

struct ContextRecord;

// DeferredQueue
//
// Runs `run` for each pushed record, at PASSIVE_LEVEL, with no lock held.
//
// Thread-safe.
class DeferredQueue {
 public:
  DeferredQueue(DeferredWork mode, std::function<void(ContextRecord*)> run);
  ~DeferredQueue();
  DeferredQueue(const DeferredQueue&) = delete;
  DeferredQueue& operator=(const DeferredQueue&) = delete;

  // Queues `rec`; in kWorkerThread mode starts the worker if needed.
  void Push(ContextRecord* rec);
  // Runs every queued record on the calling thread and waits for the
  // worker's in-flight one. Returns how many this call ran.
  size_t Drain();
  // Returns the records queued or running.
  size_t Pending();
  // Stops and joins the worker; later pushes stay queued for Drain.
  void Stop();

 private:
  void RunOne(ContextRecord* rec);
  void Loop();

  const DeferredWork mode_;
  const std::function<void(ContextRecord*)> run_;
  poolsim::poolsim_internal::Mutex mu_;
  poolsim::poolsim_internal::CondVar cv_;       // work queued or stopping
  poolsim::poolsim_internal::CondVar idle_cv_;  // in_flight_ dropped
  std::deque<ContextRecord*> queue_ ABSL_GUARDED_BY(mu_);
  size_t in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread worker_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_INTERNAL_DEFERRED_QUEUE_H_
