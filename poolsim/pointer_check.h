// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/pointer_check.h
// -----------------------------------------------------------------------------
//
// Core layer: the one funnel for a NULL pointer argument that a WDK routine
// would dereference. On Windows the routine faults on the NULL address: below
// DISPATCH_LEVEL the access violation nobody handles is
// KMODE_EXCEPTION_NOT_HANDLED (0x1E, P1 STATUS_ACCESS_VIOLATION, P3 0 for a
// read / 1 for a write, P4 the address referenced); at DISPATCH_LEVEL or above
// a page fault is DRIVER_IRQL_NOT_LESS_OR_EQUAL (0xD1, P1 the address
// referenced, P2 the IRQL, P3 0 read / 1 write). The simulated routine reports
// that stop code with the call and the parameter named, and returns without
// touching anything, so the test host does not crash and the simulator stays
// usable. Every WDK surface (poolsim/wdk, fltctx/wdk, and the layers above)
// validates its pointer arguments through this one function.

#ifndef POOLSIM_POINTER_CHECK_H_
#define POOLSIM_POINTER_CHECK_H_

#include "poolsim/environment.h"

namespace poolsim {

// How the routine would have used the pointer.
enum class PointerAccess { kRead, kWrite };

// CheckPointerArgument()
//
// Returns true if `pointer` is not null. Otherwise raises the stop code above
// through `env` (its message names `api` and `parameter`, e.g.
// "KeAcquireSpinLock", "OldIrql"), with the stack starting `skip_frames`
// frames above this call, and returns false: the caller then returns at once
// (with its documented failure value, if any). Thread-safe; any IRQL.
bool CheckPointerArgument(Environment& env, const void* pointer, const char* api,
                          const char* parameter, PointerAccess access, int skip_frames = 0);

}  // namespace poolsim

#endif  // POOLSIM_POINTER_CHECK_H_
