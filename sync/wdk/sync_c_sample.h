/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: sync/wdk/sync_c_sample.h
 * -----------------------------------------------------------------------------
 *
 * A C driver's use of the synchronization surface (sync_c_sample.c, compiled
 * as C11 with -Werror=incompatible-pointer-types), called by
 * c_surface_test.cc. */

#ifndef SYNC_WDK_SYNC_C_SAMPLE_H_
#define SYNC_WDK_SYNC_C_SAMPLE_H_

#include "sync/wdk/sync.h"

POOLSIM_BEGIN_EXTERN_C

/* Runs every Interlocked* form on LONG, LONG64 and typed pointers; returns
 * the number of failed checks (0). */
int SampleInterlocked(void);

/* A resource-protected table of contexts, as a filter keeps one. */
NTSTATUS SampleTableInitialize(void);
NTSTATUS SampleTableInsert(ULONG key);   /* exclusive; allocates an entry */
BOOLEAN SampleTableContains(ULONG key);  /* shared */
ULONG SampleTableCount(void);            /* shared */
VOID SampleTableDestroy(void);           /* frees the entries, deletes the resource */

/* Event hand-off: the worker waits for `request`, bumps a counter and sets
 * `reply`. */
VOID SampleWorker(PKEVENT request, PKEVENT reply, LONG volatile* counter);
NTSTATUS SampleRequestAndWait(PKEVENT request, PKEVENT reply, LONG timeout_ms);

POOLSIM_END_EXTERN_C

#endif /* SYNC_WDK_SYNC_C_SAMPLE_H_ */
