// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/race_point.cc
// -----------------------------------------------------------------------------
//
// The race-point observer slot. Core layer.

#include "fltctx/race_point.h"

#include <atomic>

#include "poolsim/schedule_point.h"

namespace fltctx {
namespace {

std::atomic<RaceObserver> observer{nullptr};
std::atomic<void*> observer_cookie{nullptr};

}  // namespace

RaceObserver SetRaceObserver(RaceObserver next, void* cookie) {
  observer_cookie.store(cookie, std::memory_order_relaxed);
  return observer.exchange(next, std::memory_order_acq_rel);
}

bool RaceObserved() { return observer.load(std::memory_order_acquire) != nullptr; }

void AnnounceRacyCall(const RacePoint& point) {
  poolsim::SchedulePoint(poolsim::SwitchKind::kRacyCall, point.api);
  const RaceObserver o = observer.load(std::memory_order_acquire);
  if (o != nullptr) o(point, observer_cookie.load(std::memory_order_relaxed));
}

bool AnnounceOperationBoundary(RaceCall call, FilterManager* manager, Instance* instance,
                               unsigned char major) {
  const RaceObserver o = observer.load(std::memory_order_acquire);
  if (o == nullptr) return false;
  bool acted = false;
  RacePoint point;
  point.call = call;
  point.api = call == RaceCall::kPreOperation ? "the pre-operation callback"
                                              : "the post-operation callback";
  point.manager = manager;
  point.target = ContextTarget::InstanceOf(instance);
  point.major = major;
  point.acted = &acted;
  o(point, observer_cookie.load(std::memory_order_relaxed));
  return acted;
}

}  // namespace fltctx
