// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: wdkhost/wdk/driver_context.cc
// -----------------------------------------------------------------------------
//
// IoInitializeDriverCreateContext (host surface): an inline in the WDK, a
// function here so that a NULL argument is a report, not a host crash.

#include <cstring>

#include "poolsim/environment.h"
#include "poolsim/pointer_check.h"
#include "wdkhost/wdk/flt_types.h"

extern "C" VOID NTAPI IoInitializeDriverCreateContext(PIO_DRIVER_CREATE_CONTEXT DriverContext) {
  if (!poolsim::CheckPointerArgument(poolsim::Ambient(), DriverContext,
                                     "IoInitializeDriverCreateContext", "DriverContext",
                                     poolsim::PointerAccess::kWrite, 1)) {
    return;
  }
  std::memset(DriverContext, 0, sizeof(IO_DRIVER_CREATE_CONTEXT));
  DriverContext->Size = static_cast<CSHORT>(sizeof(IO_DRIVER_CREATE_CONTEXT));
}
