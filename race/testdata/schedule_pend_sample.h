/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A filter that pends every write in its pre-operation callback and hands
 * it to a worker thread, which completes it with
 * FltCompletePendedPreOperation: the issuing thread waits inside the filter
 * manager meanwhile. One write in flight at a time. */
#ifndef RACE_TESTDATA_SCHEDULE_PEND_SAMPLE_H_
#define RACE_TESTDATA_SCHEDULE_PEND_SAMPLE_H_

#include <fltKernel.h>

#ifdef __cplusplus
extern "C" {
#endif

extern PFLT_FILTER SchedulePendFilter;

NTSTATUS SchedulePendLoad(VOID);
VOID SchedulePendUnload(VOID);
/* The worker: waits for the pended write and completes it. */
VOID SchedulePendCompleteOne(VOID);

#ifdef __cplusplus
}
#endif

#endif /* RACE_TESTDATA_SCHEDULE_PEND_SAMPLE_H_ */
