// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/operations.h
// -----------------------------------------------------------------------------
//
// The private contract between the WDK surface and the simulated I/O path
// (compat layer, C++ only): a filter's FLT_OPERATION_REGISTRATION array,
// decoded once at FltRegisterFilter into a table indexed by major function
// code, which fltctx/io reads to call the filter's pre- and post-operation
// callbacks; and the hook through which FltCompletePendedPreOperation reaches
// the operation fltctx/io holds pended.
//
// IWYU pragma: private, internal to fltctx/wdk and fltctx/io.

#ifndef FLTCTX_WDK_INTERNAL_OPERATIONS_H_
#define FLTCTX_WDK_INTERNAL_OPERATIONS_H_

#include <memory>

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

// Decodes an IRP_MJ_OPERATION_END-terminated array (at most `max_entries`
// entries are read); the first entry for a major function counts.
std::shared_ptr<const OperationTable> DecodeOperations(const FLT_OPERATION_REGISTRATION* entries,
                                                       int max_entries);

// Returns the table of `filter` (null if it registered no operations).
const OperationTable* OperationsOf(PFLT_FILTER filter);

// What FltCompletePendedPreOperation calls (set by the simulated I/O path).
// Returns false if `data` is not an operation pended and not yet completed.
using PendedCompletionHandler = bool (*)(PFLT_CALLBACK_DATA data,
                                         FLT_PREOP_CALLBACK_STATUS status, PVOID context);
void SetPendedCompletionHandler(PendedCompletionHandler handler);
// Passes a completion to the handler; false if there is none or it refused.
bool CompletePended(PFLT_CALLBACK_DATA data, FLT_PREOP_CALLBACK_STATUS status, PVOID context);

}  // namespace wdk
}  // namespace fltctx

#endif  // FLTCTX_WDK_INTERNAL_OPERATIONS_H_
