// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/bugchecks.h
// -----------------------------------------------------------------------------
//
// The bug checks the simulated I/O path raises for a filter's misuse of it
// (test side, internal to fltctx/io): one raise helper each, raising a row of
// fltctx's catalogue table (fltctx/bugcheck_rules.h). Each is Filter
// Verifier's DRIVER_VERIFIER_DETECTED_VIOLATION (0xC4) and returns if the
// bug-check handler does.

#ifndef FLTCTX_IO_INTERNAL_BUGCHECKS_H_
#define FLTCTX_IO_INTERNAL_BUGCHECKS_H_

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"

namespace fltctx {
namespace io {
namespace io_internal {

// A pre-operation callback returned `status`, which is not a
// FLT_PREOP_CALLBACK_STATUS the simulation supports
// (bugcheck_rule::kUnsupportedPreopStatus, 0xF1010).
void RaiseUnsupportedPreopStatus(FilterManager& manager, PFLT_INSTANCE instance, int status,
                                 UCHAR major);
// FltCompletePendedPreOperation passed `status`, which a pended operation
// may not complete with (bugcheck_rule::kUnsupportedPreopStatus).
void RaiseBadPendedCompletion(FilterManager& manager, PFLT_INSTANCE instance, int status,
                              UCHAR major);
// FltCompletePendedPreOperation on `data` during a pre-operation callback
// that then did not return FLT_PREOP_PENDING (bugcheck_rule::kCompleteNotPended,
// 0xF1011, with P3 0).
void RaiseCompletedNotPended(FilterManager& manager, PFLT_CALLBACK_DATA data, UCHAR major);

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_INTERNAL_BUGCHECKS_H_
