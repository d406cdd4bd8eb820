// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/bugcheck_rules.cc
// -----------------------------------------------------------------------------
//
// Catalogue table (ksalloc layer): registers ksalloc's rows
// (ksalloc/bugcheck_rules.h) with poolsim's bug-check catalogue, in the order
// docs/bugchecks.md lists them. Registered at static initialization; the
// library is alwayslink.

#include "ksalloc/bugcheck_rules.h"

#include "poolsim/bugcheck_catalogue.h"

namespace ksalloc {
namespace {

namespace r = bugcheck_rule;

const poolsim::BugCheckTableRegistrar kRegistrar(
    "ksalloc", {},
    {
        // Frames.
        &r::kFrameMisaligned,
        &r::kFrameTooSmall,
        &r::kFrameWrongPool,
        &r::kPagedFrameAtDispatch,
        // Free.
        &r::kFreeNotAllocated,
        &r::kFreeTwice,
        // DeleteAllocator.
        &r::kFramesOutstandingAtDelete,
        // User mode.
        &r::kKernelFrameToUserMode,
        // Pin callbacks.
        &r::kSetDeviceStatePending,
        &r::kPinCallbackIrql,
        // IRQL.
        &r::kIrqlTooHigh,
    });

}  // namespace
}  // namespace ksalloc
