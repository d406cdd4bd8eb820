// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/bugchecks.h
// -----------------------------------------------------------------------------
//
// The bug checks the simulated I/O path raises for a filter's misuse of it
// (test side, internal to fltctx/io): their sub-codes, named, and one raise
// helper each, all through one funnel in bugchecks.cc. Each is Filter
// Verifier's DRIVER_VERIFIER_DETECTED_VIOLATION (0xC4) and returns if the
// bug-check handler does.

#ifndef FLTCTX_IO_INTERNAL_BUGCHECKS_H_
#define FLTCTX_IO_INTERNAL_BUGCHECKS_H_

#include <cstdint>

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"

namespace fltctx {
namespace io {
namespace io_internal {

// A fltctx-defined DRIVER_VERIFIER_DETECTED_VIOLATION subcode (the range of
// docs/fltctx.md): a pre-operation status the simulation does not support.
// P2 the instance, P3 the status, P4 the major function.
constexpr uint64_t kVerifierUnsupportedPreopStatus = 0xF1010;

// A pre-operation callback returned `status`, which is not a
// FLT_PREOP_CALLBACK_STATUS the simulation supports.
void RaiseUnsupportedPreopStatus(FilterManager& manager, PFLT_INSTANCE instance, int status,
                                 UCHAR major);
// FltCompletePendedPreOperation passed `status`, which a pended operation
// may not complete with (kVerifierUnsupportedPreopStatus).
void RaiseBadPendedCompletion(FilterManager& manager, PFLT_INSTANCE instance, int status,
                              UCHAR major);
// FltCompletePendedPreOperation on `data` during a pre-operation callback
// that then did not return FLT_PREOP_PENDING (the WDK layer's
// kVerifierCompleteNotPended, P2 the callback data, P4 the major function).
void RaiseCompletedNotPended(FilterManager& manager, PFLT_CALLBACK_DATA data, UCHAR major);

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_INTERNAL_BUGCHECKS_H_
