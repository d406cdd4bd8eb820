/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/wdk/flt_objects_c_sample.h
 * -----------------------------------------------------------------------------
 *
 * A minifilter in C that records who opens files and enumerates the filter
 * manager's objects (tests only): what fltctx/wdk/flt_objects_test.cc drives. */

#ifndef FLTCTX_WDK_FLT_OBJECTS_C_SAMPLE_H_
#define FLTCTX_WDK_FLT_OBJECTS_C_SAMPLE_H_

#include <fltKernel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The filter's registration (a pre-create callback that records the
 * requestor). */
extern const FLT_REGISTRATION g_SampleRegistration;

/* What the last pre-create saw: FltGetRequestorProcessId, and whether
 * FltGetRequestorProcess agreed with PsGetProcessId. */
extern ULONG g_SampleLastRequestor;
extern BOOLEAN g_SampleRequestorAgrees;

/* How many instances of Filter exist, over every volume (enumerates the
 * volumes, then each volume's instances; releases every reference). */
ULONG SampleCountInstances(PFLT_FILTER Filter);

/* Takes a reference to Instance's volume and forgets it (a leak). */
NTSTATUS SampleLeakVolumeReference(PFLT_INSTANCE Instance);

#ifdef __cplusplus
}
#endif

#endif /* FLTCTX_WDK_FLT_OBJECTS_C_SAMPLE_H_ */
