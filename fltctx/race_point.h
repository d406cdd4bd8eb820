// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/race_point.h
// -----------------------------------------------------------------------------
//
// Core layer: the calls of the WDK surface where, on Windows, another
// thread's action can land between the driver's decision and the call taking
// effect (another open setting a context first, another thread deleting it).
// The WDK surface announces each such call here just before it acts; the
// race sweep (//race) observes the announcements and, at the point it is
// sweeping, plays the other thread. With no observer installed an
// announcement is one relaxed atomic load.

#ifndef FLTCTX_RACE_POINT_H_
#define FLTCTX_RACE_POINT_H_

#include "fltctx/objects.h"

namespace fltctx {

class FilterManager;

// RaceCall
enum class RaceCall {
  kSetContext,     // FltSet*Context: another thread may set one first
  kGetContext,     // FltGet*Context: another thread may delete it first
  kDeleteContext,  // FltDelete*Context: another thread may delete it first
};

// RacePoint
struct RacePoint {
  RaceCall call = RaceCall::kGetContext;
  const char* api = "";  // the WDK name, e.g. "FltSetStreamContext"
  FilterManager* manager = nullptr;
  ContextTarget target;
  void* context = nullptr;  // kSetContext: the context the driver sets
};

// The process-wide observer (the race sweep); `cookie` is passed back.
using RaceObserver = void (*)(const RacePoint& point, void* cookie);

// SetRaceObserver()
//
// Installs `observer` (nullptr removes it) and returns the previous one.
// Not for concurrent use with other installers.
RaceObserver SetRaceObserver(RaceObserver observer, void* cookie);

// AnnounceRacyCall()
//
// Called by the WDK surface just before a racy call takes effect, with no
// library lock held, at the caller's IRQL. Runs the observer, if any.
void AnnounceRacyCall(const RacePoint& point);

}  // namespace fltctx

#endif  // FLTCTX_RACE_POINT_H_
