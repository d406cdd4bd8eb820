/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: dbg/wdk/dbg_c_sample.h
 * -----------------------------------------------------------------------------
 *
 * The C samples' functions (dbg_c_sample.c with DBG 1, dbg_off_sample.c
 * with DBG 0), for dbg_test.cc. */

#ifndef DBG_WDK_DBG_C_SAMPLE_H_
#define DBG_WDK_DBG_C_SAMPLE_H_

#include "poolsim/wdk/wdm.h"

POOLSIM_BEGIN_EXTERN_C

VOID SampleLogOpen(PCUNICODE_STRING FileName, ULONG64 Size);
VOID SampleLogWithPrefix(ULONG Value);
NTSTATUS SampleCheckedWork(ULONG Count);
ULONG SampleVerifyCalls(VOID);
VOID SampleEnableTrace(VOID);
VOID SampleBreak(VOID);

/* DBG 0. */
VOID OffSampleLog(VOID);
ULONG OffSampleAssertCalls(VOID);
VOID OffSamplePagedCode(VOID);
VOID OffSampleBreak(VOID);

POOLSIM_END_EXTERN_C

#endif /* DBG_WDK_DBG_C_SAMPLE_H_ */
