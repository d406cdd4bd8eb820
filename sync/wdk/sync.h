/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: sync/wdk/sync.h
 * -----------------------------------------------------------------------------
 *
 * The WDK-named kernel synchronization surface: executive resources, critical regions, push locks, fast mutexes, events and waits, interlocked operations.
 * C11 and C++; driver sources reach it through <wdm.h>, <ntddk.h>, <ntifs.h>
 * and <fltKernel.h> (//:wdk_headers). docs/sync.md describes it. */

#ifndef SYNC_WDK_SYNC_H_
#define SYNC_WDK_SYNC_H_

#include "poolsim/wdk/ntdef.h"
#include "sync/wdk/dispatcher.h"
#include "sync/wdk/fast_mutex.h"
#include "sync/wdk/flt_sync.h"
#include "sync/wdk/interlocked.h"
#include "sync/wdk/resource.h"

#endif /* SYNC_WDK_SYNC_H_ */
