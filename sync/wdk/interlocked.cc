// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: sync/wdk/interlocked.cc
// -----------------------------------------------------------------------------
//
// The NULL-target report of the interlocked operations, through the one
// pointer-argument funnel.

#include "poolsim/environment.h"
#include "poolsim/pointer_check.h"
#include "sync/wdk/internal/interlocked_check.h"

extern "C" int SyncReportNullInterlockedTarget(const char* api, const char* parameter,
                                               int write) {
  poolsim::CheckPointerArgument(
      poolsim::Ambient(), nullptr, api, parameter,
      write != 0 ? poolsim::PointerAccess::kWrite : poolsim::PointerAccess::kRead, 1);
  return 0;
}
