// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/bugchecks.h
// -----------------------------------------------------------------------------
//
// The bug checks the WDK surface raises (compat layer, C++ only): their
// sub-codes, named, and the one helper that raises them.
//
// IWYU pragma: private, internal to fltctx/wdk and fltctx/io.

#ifndef FLTCTX_WDK_INTERNAL_BUGCHECKS_H_
#define FLTCTX_WDK_INTERNAL_BUGCHECKS_H_

#include <cstdint>
#include <string>

#include "fltctx/filter_manager.h"

// In fltctx_internal so reports, which drop the library's own frames, start
// stacks at the Flt* function the driver called.
namespace fltctx {
namespace fltctx_internal {

// A fltctx-defined DRIVER_VERIFIER_DETECTED_VIOLATION subcode (the range of
// docs/fltctx.md): FltCompletePendedPreOperation on callback data that is not
// pended (never pended, or already completed). P2 the callback data, P3 the
// status passed, P4 the major function (0 if unknown).
constexpr uint64_t kVerifierCompleteNotPended = 0xF1011;

// Raises DRIVER_VERIFIER_DETECTED_VIOLATION (0xC4) with `subcode` and
// parameters 2..4 in `manager`'s environment. Returns if the bug-check
// handler does.
void RaiseWdkVerifierViolation(FilterManager& manager, uint64_t subcode, uint64_t p2, uint64_t p3,
                               uint64_t p4, std::string description);

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_WDK_INTERNAL_BUGCHECKS_H_
