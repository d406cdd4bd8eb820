/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: rtl/wdk/rtl_c_sample.h
 * -----------------------------------------------------------------------------
 *
 * A C driver's use of the Rtl surface (rtl_c_sample.c, compiled as C11 with
 * -Werror=incompatible-pointer-types), called by the tests beside it. Each
 * Sample* function returns the number of failed checks (0) unless it says
 * otherwise. */

#ifndef RTL_WDK_RTL_C_SAMPLE_H_
#define RTL_WDK_RTL_C_SAMPLE_H_

#include "rtl/wdk/ntstrsafe.h"
#include "rtl/wdk/rtl.h"

POOLSIM_BEGIN_EXTERN_C

/* Builds a name from constant strings and a number, compares and upcases it
 * the way a filter matches file extensions. */
int SampleStrings(void);

/* Upcases `name` into a string allocated by the routine and frees it;
 * returns the status (the error-path sweep fails the allocation). */
NTSTATUS SampleUpcaseAndFree(PCUNICODE_STRING name);

/* Leaves one RtlUpcaseUnicodeString allocation unfreed (for the leak test). */
VOID SampleLeakUpcase(PCUNICODE_STRING name);

/* Keeps pool-allocated records on a LIST_ENTRY list, walks it with
 * CONTAINING_RECORD, removes from both ends and frees everything; also a
 * SINGLE_LIST_ENTRY stack. */
int SampleLists(void);

/* The memory helpers on a pool block. */
int SampleMemory(void);

/* A queue shared between threads: ExInterlockedInsertTailList /
 * ExInterlockedRemoveHeadList under one spin lock. */
VOID SampleQueueInitialize(void);
NTSTATUS SampleQueuePush(ULONG value);    /* allocates a record */
BOOLEAN SampleQueuePop(PULONG value);     /* frees the record */

/* Removes the same entry twice (the second is list corruption). */
VOID SampleDoubleRemove(void);

/* Formats a log line and a path with ntstrsafe, as filters do. */
int SampleNtStrSafe(void);

/* A table of (key, value) records in both generic-table forms, with the
 * driver's pool-backed allocate and free routines (tag "TbpS"). */
typedef struct _SAMPLE_ENTRY {
  ULONG Key;
  ULONG Value;
} SAMPLE_ENTRY, *PSAMPLE_ENTRY;

#define SAMPLE_TABLE_TAG 'SpbT'

RTL_GENERIC_COMPARE_ROUTINE SampleCompare;
RTL_GENERIC_ALLOCATE_ROUTINE SampleAllocate;
RTL_GENERIC_FREE_ROUTINE SampleFree;
RTL_AVL_COMPARE_ROUTINE SampleCompareAvl;
RTL_AVL_ALLOCATE_ROUTINE SampleAllocateAvl;
RTL_AVL_FREE_ROUTINE SampleFreeAvl;

/* The byte count the last AllocateRoutine call asked for. */
extern CLONG g_sample_last_allocation;

/* Inserts keys, looks them up, enumerates, deletes everything; returns the
 * number of failed checks. Out of memory is handled (the insert is skipped). */
int SampleTables(void);

POOLSIM_END_EXTERN_C

#endif /* RTL_WDK_RTL_C_SAMPLE_H_ */
