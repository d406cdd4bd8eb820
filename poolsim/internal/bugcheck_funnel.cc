// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/bugcheck_funnel.cc
// -----------------------------------------------------------------------------
//
// The one bug-check funnel, Environment::RaiseBugCheck: every bug check any
// layer raises passes here, is checked against the catalogue
// (poolsim/bugcheck_catalogue.h), recorded, and handed to the handler with
// no lock held. Core layer, private to poolsim.

#include <utility>
#include <vector>

#include "poolsim/bugcheck_catalogue.h"
#include "poolsim/environment.h"
#include "poolsim/internal/environment_impl.h"
#include "poolsim/irql.h"
#include "poolsim/stack_trace.h"

namespace poolsim {

using poolsim_internal::MutexLock;

void Environment::RaiseBugCheck(BugCheck b, int skip_frames) {
  if (b.stack == kNoStack && impl_->options.capture_stacks) {
    b.stack = CaptureStack(skip_frames + 1, impl_->options.stack_depth);
  }
  if (b.thread == 0) {
    b.irql = CurrentIrql();
    b.thread = CurrentThreadOrdinal();
  }
  // Every raise names a registered row (or is a driver-requested stop).
  poolsim_internal::CheckCatalogued(b);
  impl_->bug_check_count.fetch_add(1, std::memory_order_relaxed);
  BugCheckHandler handler;
  {
    MutexLock lock(&impl_->mu);
    impl_->bug_checks.push_back(b);
    handler = impl_->handler;
  }
  if (handler) {
    handler(b);
  } else {
    poolsim_internal::RunDefaultBugCheckHandler(b);
  }
}

BugCheckHandler Environment::SetBugCheckHandler(BugCheckHandler handler) {
  MutexLock lock(&impl_->mu);
  std::swap(impl_->handler, handler);
  return handler;
}

std::vector<BugCheck> Environment::BugChecks() const {
  MutexLock lock(&impl_->mu);
  return impl_->bug_checks;
}

}  // namespace poolsim
