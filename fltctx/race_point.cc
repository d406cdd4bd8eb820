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

void AnnounceRacyCall(const RacePoint& point) {
  poolsim::SchedulePoint(poolsim::SwitchKind::kRacyCall, point.api);
  const RaceObserver o = observer.load(std::memory_order_acquire);
  if (o != nullptr) o(point, observer_cookie.load(std::memory_order_relaxed));
}

}  // namespace fltctx
