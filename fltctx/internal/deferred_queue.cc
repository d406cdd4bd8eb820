// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/internal/deferred_queue.cc
// -----------------------------------------------------------------------------
//
// The deferred-release queue and its worker thread (internal to fltctx, core
// layer).

#include "fltctx/internal/deferred_queue.h"

#include <utility>

#include "poolsim/irql.h"

namespace fltctx {
namespace fltctx_internal {

using poolsim::poolsim_internal::Mutex;
using poolsim::poolsim_internal::MutexLock;

DeferredQueue::DeferredQueue(DeferredWork mode, std::function<void(ContextRecord*)> run)
    : mode_(mode), run_(std::move(run)) {}

DeferredQueue::~DeferredQueue() { Stop(); }

void DeferredQueue::Push(ContextRecord* rec) {
  MutexLock lock(&mu_);
  queue_.push_back(rec);
  if (mode_ == DeferredWork::kWorkerThread) {
    if (!worker_.joinable() && !stop_) worker_ = std::thread([this] { Loop(); });
    cv_.NotifyAll();
  }
}

size_t DeferredQueue::Drain() {
  size_t ran = 0;
  for (;;) {
    ContextRecord* rec = nullptr;
    {
      MutexLock lock(&mu_);
      if (queue_.empty()) {
        while (in_flight_ != 0) idle_cv_.Wait(&mu_);
        if (queue_.empty()) return ran;
        continue;
      }
      rec = queue_.front();
      queue_.pop_front();
      ++in_flight_;
    }
    RunOne(rec);
    ++ran;
  }
}

size_t DeferredQueue::Pending() {
  MutexLock lock(&mu_);
  return queue_.size() + in_flight_;
}

void DeferredQueue::Stop() {
  std::thread worker;
  {
    MutexLock lock(&mu_);
    stop_ = true;
    cv_.NotifyAll();
    worker = std::move(worker_);
  }
  if (worker.joinable()) worker.join();
}

void DeferredQueue::RunOne(ContextRecord* rec) {
  {
    poolsim::ScopedIrql passive(poolsim::kPassiveLevel);
    run_(rec);
  }
  MutexLock lock(&mu_);
  --in_flight_;
  idle_cv_.NotifyAll();
}

void DeferredQueue::Loop() {
  for (;;) {
    ContextRecord* rec = nullptr;
    {
      MutexLock lock(&mu_);
      while (!stop_ && queue_.empty()) cv_.Wait(&mu_);
      if (queue_.empty()) return;  // stopping
      rec = queue_.front();
      queue_.pop_front();
      ++in_flight_;
    }
    RunOne(rec);
  }
}

}  // namespace fltctx_internal
}  // namespace fltctx
