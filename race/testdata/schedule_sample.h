/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A filter's shared scan buffer, created on first use by whichever thread
 * (an I/O path, a worker) needs it first, in two versions. The buggy one
 * tests for NULL and publishes its buffer without the lock: two threads
 * that both see NULL both allocate, the later store wins and the earlier
 * buffer leaks. The fixed one allocates, then publishes under the spin lock
 * and frees its own buffer when another thread published first. Each
 * version is correct on one thread, and on two threads in every order but
 * the one where the second thread runs between the first's test and its
 * store; schedule exploration finds that order. */
#ifndef RACE_TESTDATA_SCHEDULE_SAMPLE_H_
#define RACE_TESTDATA_SCHEDULE_SAMPLE_H_

#include <wdm.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SCHEDULE_SAMPLE_TAG 'fbcS'
#define SCHEDULE_SAMPLE_BYTES 256

typedef struct _SCHEDULE_SAMPLE_BUFFER {
  KSPIN_LOCK Lock;
  PVOID Buffer; /* the shared scan buffer, or NULL before first use */
} SCHEDULE_SAMPLE_BUFFER, *PSCHEDULE_SAMPLE_BUFFER;

VOID ScheduleSampleInitialize(PSCHEDULE_SAMPLE_BUFFER Shared);
/* Return the shared buffer, creating it on first use (NULL: no memory). */
PVOID ScheduleSampleGetBuggy(PSCHEDULE_SAMPLE_BUFFER Shared);
PVOID ScheduleSampleGetFixed(PSCHEDULE_SAMPLE_BUFFER Shared);
/* Frees the shared buffer (at unload, when no thread uses it). */
VOID ScheduleSampleTeardown(PSCHEDULE_SAMPLE_BUFFER Shared);

#ifdef __cplusplus
}
#endif

#endif /* RACE_TESTDATA_SCHEDULE_SAMPLE_H_ */
