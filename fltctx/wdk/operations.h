// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/operations.h
// -----------------------------------------------------------------------------
//
// A filter's FLT_OPERATION_REGISTRATION array, decoded once at
// FltRegisterFilter into a table indexed by major function code (compat
// layer, C++ only). The simulated I/O path (fltctx/io) reads it to call the
// filter's pre- and post-operation callbacks.

#ifndef FLTCTX_WDK_OPERATIONS_H_
#define FLTCTX_WDK_OPERATIONS_H_

#include <cstdint>

#include "fltctx/wdk/fltkernel.h"

namespace fltctx {
namespace wdk {

// OperationTable
//
// Immutable after registration. Thread-safe (read-only).
struct OperationTable {
  // Indexed by MajorFunction (UCHAR; the FsFilter codes are 0xEC..0xFF).
  bool registered[256] = {};
  PFLT_PRE_OPERATION_CALLBACK pre[256] = {};
  PFLT_POST_OPERATION_CALLBACK post[256] = {};
  FLT_OPERATION_REGISTRATION_FLAGS flags[256] = {};
};

// Returns the table of `filter` (null if it registered no operations).
const OperationTable* OperationsOf(PFLT_FILTER filter);

// What FltCompletePendedPreOperation calls (set by the simulated I/O path).
// Returns false if `data` is not an operation pended and not yet completed.
using PendedCompletionHandler = bool (*)(PFLT_CALLBACK_DATA data,
                                         FLT_PREOP_CALLBACK_STATUS status, PVOID context);
void SetPendedCompletionHandler(PendedCompletionHandler handler);

// A fltctx-defined DRIVER_VERIFIER_DETECTED_VIOLATION subcode:
// FltCompletePendedPreOperation on callback data that is not pended (never
// pended, or already completed). P2 the callback data, P3 the status passed.
constexpr uint64_t kVerifierCompleteNotPended = 0xF1011;

}  // namespace wdk
}  // namespace fltctx

#endif  // FLTCTX_WDK_OPERATIONS_H_
