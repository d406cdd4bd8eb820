// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/schedule_point.cc
// -----------------------------------------------------------------------------
//
// The scheduler hook slot (schedule_point.h). Core layer.

#include "poolsim/schedule_point.h"

namespace poolsim {
namespace poolsim_internal {

std::atomic<const ScheduleHooks*> g_schedule_hooks{nullptr};

}  // namespace poolsim_internal

const char* SwitchKindName(SwitchKind kind) {
  switch (kind) {
    case SwitchKind::kAllocate:
      return "allocate";
    case SwitchKind::kFree:
      return "free";
    case SwitchKind::kSpinAcquire:
      return "spin-lock acquire";
    case SwitchKind::kSpinRelease:
      return "spin-lock release";
    case SwitchKind::kWait:
      return "wait";
    case SwitchKind::kSignal:
      return "signal";
    case SwitchKind::kAcquire:
      return "lock acquire";
    case SwitchKind::kRelease:
      return "lock release";
    case SwitchKind::kRacyCall:
      return "racy call";
    case SwitchKind::kThread:
      return "thread";
  }
  return "?";
}

const ScheduleHooks* InstallScheduleHooks(const ScheduleHooks* hooks) {
  return poolsim_internal::g_schedule_hooks.exchange(hooks, std::memory_order_acq_rel);
}

BlockOutcome ScheduleBlock(const BlockRequest& request) {
  if (poolsim_internal::g_schedule_hooks.load(std::memory_order_relaxed) == nullptr) {
    return BlockOutcome::kNotScheduled;
  }
  const ScheduleHooks* h = poolsim_internal::g_schedule_hooks.load(std::memory_order_acquire);
  if (h == nullptr) return BlockOutcome::kNotScheduled;
  return h->block(h->cookie, request);
}

}  // namespace poolsim
