// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/thread_state.cc
// -----------------------------------------------------------------------------
//
// Per-thread synchronization state (thread_local), reset per Environment.

#include "sync/thread_state.h"

#include "poolsim/bugcheck.h"
#include "poolsim/environment.h"

namespace ksync {

ThreadState& CurrentThreadState() {
  thread_local ThreadState state;
  const void* env = &poolsim::Ambient();
  if (state.env != env) state = ThreadState{env};
  return state;
}

bool NormalApcsDisabled() {
  const ThreadState& s = CurrentThreadState();
  return s.critical_regions > 0 || s.guarded_regions > 0 ||
         poolsim::CurrentIrql() >= poolsim::kApcLevel;
}

uint32_t Self() { return poolsim::CurrentThreadOrdinal(); }

}  // namespace ksync
