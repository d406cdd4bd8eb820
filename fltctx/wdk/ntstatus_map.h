// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/ntstatus_map.h
// -----------------------------------------------------------------------------
//
// The one place where core outcomes become NTSTATUS values (compat layer).
// Each overload is an exhaustive switch.
//
// IWYU pragma: private, include "fltctx/wdk/fltkernel.h"

#ifndef FLTCTX_WDK_NTSTATUS_MAP_H_
#define FLTCTX_WDK_NTSTATUS_MAP_H_

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"

namespace fltctx {
namespace fltctx_internal {

NTSTATUS ToNtStatus(RegisterOutcome outcome);
NTSTATUS ToNtStatus(StartOutcome outcome);
NTSTATUS ToNtStatus(AllocateOutcome outcome);
NTSTATUS ToNtStatus(SetOutcome outcome);
NTSTATUS ToNtStatus(GetOutcome outcome);
NTSTATUS ToNtStatus(DeleteOutcome outcome);
NTSTATUS ToNtStatus(GetContextsOutcome outcome);
NTSTATUS ToNtStatus(DataScanOutcome outcome);
NTSTATUS ToNtStatus(CreateSectionOutcome outcome);
NTSTATUS ToNtStatus(CloseSectionOutcome outcome);
NTSTATUS ToNtStatus(EnlistOutcome outcome);

}  // namespace fltctx_internal
}  // namespace fltctx

#endif  // FLTCTX_WDK_NTSTATUS_MAP_H_
