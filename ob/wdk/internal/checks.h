// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ob/wdk/internal/checks.h
// -----------------------------------------------------------------------------
//
// The argument checks the object-manager and registry surfaces share
// (compat layer, C++ only). Each raises through the ambient Environment and
// returns false after a report; the caller then returns its documented
// failure value without acting.
//
// IWYU pragma: private.

#ifndef OB_WDK_INTERNAL_CHECKS_H_
#define OB_WDK_INTERNAL_CHECKS_H_

#include "poolsim/irql.h"
#include "poolsim/pointer_check.h"

namespace ob {
namespace ob_internal {

// Returns true if the IRQL is at most `max`; otherwise raises
// IRQL_NOT_LESS_OR_EQUAL (ob.irql) naming `api` and `object`.
bool IrqlAtMost(poolsim::Irql max, const void* object, const char* api);

// Returns true if `pointer` is not null; otherwise raises the access
// violation Windows takes (poolsim::CheckPointerArgument: 0x1E below
// DISPATCH_LEVEL, 0xD1 at or above).
bool NotNull(const void* pointer, const char* api, const char* parameter,
             poolsim::PointerAccess access);

}  // namespace ob_internal
}  // namespace ob

#endif  // OB_WDK_INTERNAL_CHECKS_H_
