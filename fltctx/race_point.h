// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/race_point.h
// -----------------------------------------------------------------------------
//
// Core layer: the calls of the WDK surface, and the boundaries of the
// simulated I/O path, where on Windows another thread's action can land
// between the driver's decision and the call taking effect (another open
// setting a context first, another thread deleting it, the volume going away
// while an operation is in flight). The WDK surface and the dispatcher
// announce each such point here just before it takes effect; the race sweep
// (//race) observes the announcements and, at the point it is sweeping,
// plays the other thread. With no observer installed an announcement is one
// atomic load.

#ifndef FLTCTX_RACE_POINT_H_
#define FLTCTX_RACE_POINT_H_

#include "fltctx/objects.h"

namespace fltctx {

class FilterManager;

// RaceCall
enum class RaceCall {
  kSetContext,        // FltSet*Context: another thread may set one first
  kGetContext,        // FltGet*Context: another thread may delete it first
  kDeleteContext,     // FltDelete*Context: another thread may delete it first
  // FltGet*Context found `context` and is about to return it: another thread
  // may delete it before the driver uses it (the driver's reference keeps it).
  kContextReturned,
  kReleaseContext,    // FltReleaseContext(context): another thread may delete it first
  kReferenceContext,  // FltReferenceContext(context): likewise
  kDeleteByPointer,   // FltDeleteContext(context): likewise
  // The simulated I/O path is about to call the pre- (post-) operation
  // callback of `target.instance` for `major`: the instance may be torn down
  // first (the volume dismounted).
  kPreOperation,
  kPostOperation,
};

// RacePoint
struct RacePoint {
  RaceCall call = RaceCall::kGetContext;
  const char* api = "";  // the WDK name, e.g. "FltSetStreamContext"
  FilterManager* manager = nullptr;
  ContextTarget target;
  void* context = nullptr;  // the context the driver passes (or gets back)
  unsigned char major = 0;  // kPreOperation, kPostOperation: IRP_MJ_*
  // If not null, the observer sets *acted when its racer changed something.
  bool* acted = nullptr;
};

// The process-wide observer (the race sweep); `cookie` is passed back.
using RaceObserver = void (*)(const RacePoint& point, void* cookie);

// SetRaceObserver()
//
// Installs `observer` (nullptr removes it) and returns the previous one.
// Not for concurrent use with other installers.
RaceObserver SetRaceObserver(RaceObserver observer, void* cookie);

// RaceObserved()
//
// Returns true if an observer is installed (one atomic load), so a caller
// can skip building a RacePoint nobody looks at.
bool RaceObserved();

// AnnounceRacyCall()
//
// Called by the WDK surface just before a racy call takes effect, with no
// library lock held, at the caller's IRQL. Runs the observer, if any.
void AnnounceRacyCall(const RacePoint& point);

// AnnounceOperationBoundary()
//
// Called by the simulated I/O path, with no lock held, just before it calls
// the pre- or post-operation callback (`call` kPreOperation or
// kPostOperation) of `instance` for `major`. Returns true when the observer's
// racer acted (tore the instance down): a pre-operation callback is then not
// called. One atomic load when no observer is installed.
bool AnnounceOperationBoundary(RaceCall call, FilterManager* manager, Instance* instance,
                               unsigned char major);

}  // namespace fltctx

#endif  // FLTCTX_RACE_POINT_H_
