/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: dbg/wdk/dbg_off_sample.c
 * -----------------------------------------------------------------------------
 *
 * The same calls compiled with DBG=0 (a release build of the driver); see
 * dbg_test.cc. */

#include <wdm.h>

#include "dbg/wdk/dbg_c_sample.h"

#if DBG
#error "this file must be compiled with -DDBG=0"
#endif

VOID OffSampleLog(VOID) {
  KdPrint(("off: never printed %d\n", 1));
  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "off: never printed either\n"));
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "off: DbgPrintEx still prints\n");
}

static ULONG Count(ULONG* calls) { return ++*calls; }

/* ASSERT and NT_ASSERT do not evaluate; NT_VERIFY does. */
ULONG OffSampleAssertCalls(VOID) {
  ULONG calls = 0;
  ASSERT(Count(&calls) == 100);
  NT_ASSERT(Count(&calls) == 100);
  FLT_ASSERT(Count(&calls) == 100);
  NT_VERIFY(Count(&calls) == 1);
  return calls;
}

VOID OffSamplePagedCode(VOID) { PAGED_CODE(); }

VOID OffSampleBreak(VOID) { KdBreakPoint(); }
