/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: sync/wdk/internal/interlocked_check.h
 * -----------------------------------------------------------------------------
 *
 * The one out-of-line part of the header-only interlocked operations
 * (sync/wdk/interlocked.h): the report of a NULL target. On Windows the
 * locked instruction faults on address 0; here the operation reports that
 * fault through poolsim::CheckPointerArgument (0x1E below DISPATCH_LEVEL,
 * 0xD1 at or above it) and returns 0 without touching memory. C11 and C++. */

#ifndef SYNC_WDK_INTERNAL_INTERLOCKED_CHECK_H_
#define SYNC_WDK_INTERNAL_INTERLOCKED_CHECK_H_

#include "poolsim/wdk/ntdef.h"

POOLSIM_BEGIN_EXTERN_C

/* Reports the NULL `parameter` of `api` (`write`: 1 if the operation writes
 * through it, 0 if it only reads); returns 0. Any IRQL; thread-safe. */
int SyncReportNullInterlockedTarget(const char* api, const char* parameter, int write);

POOLSIM_END_EXTERN_C

/* Evaluates to nonzero if `target` is not NULL; otherwise reports it. */
#define SYNC_TARGET_OK(target, api, parameter, write) \
  (__builtin_expect((target) != 0, 1) || SyncReportNullInterlockedTarget((api), (parameter), (write)))

#endif /* SYNC_WDK_INTERNAL_INTERLOCKED_CHECK_H_ */
