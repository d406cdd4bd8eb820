// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/bugchecks.h
// -----------------------------------------------------------------------------
//
// The bug checks the WDK surface raises (compat layer, C++ only): one raise
// helper each, raising a row of fltctx's catalogue table
// (fltctx/bugcheck_rules.h).
//
// IWYU pragma: private, internal to fltctx/wdk.

#ifndef FLTCTX_WDK_INTERNAL_BUGCHECKS_H_
#define FLTCTX_WDK_INTERNAL_BUGCHECKS_H_

#include <cstdint>
#include <string>

#include "fltctx/filter_manager.h"
#include "fltctx/live_handles.h"

// In fltctx_internal so reports, which drop the library's own frames, start
// stacks at the Flt* function the driver called.
namespace fltctx {
namespace fltctx_internal {

// Raises bugcheck_rule::kCompleteNotPended (0xC4 / 0xF1011) in `manager`'s
// environment: FltCompletePendedPreOperation on `callback_data`, whose
// operation is not pended (never pended, or already completed), with
// `status`; `major` is the major function (0 if unknown). Returns if the
// bug-check handler does.
// Returns true if `handle` is NULL (each routine has its own rule for that)
// or a live object of `kind` (fltctx/live_handles.h). Otherwise raises
// fltctx.handle.not_live (0x1E, the access violation Windows would take
// reading through it), naming `api` and `parameter`, with the stack starting
// `skip_frames` frames above the caller, and returns false: the routine then
// returns its failure value without touching anything.
bool CheckLiveHandle(const void* handle, HandleKind kind, const char* api, const char* parameter,
                     int skip_frames = 1);

void RaiseCompleteNotPended(FilterManager& manager, const void* callback_data, uint64_t status,
                            uint64_t major, std::string description);

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_WDK_INTERNAL_BUGCHECKS_H_
