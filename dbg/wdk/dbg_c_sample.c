/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: dbg/wdk/dbg_c_sample.c
 * -----------------------------------------------------------------------------
 *
 * Driver-style C (DBG 1, the default) using the debug surface as a driver
 * does; dbg_test.cc calls these functions. Compiled with -Wall -Wformat
 * -Werror: DbgPrint carries no printf format attribute, so Microsoft's codes
 * (%wZ, %ws, %I64x) need no -Wno-format. */

#include <wdm.h>

#include "dbg/wdk/dbg_c_sample.h"

VOID SampleLogOpen(PCUNICODE_STRING FileName, ULONG64 Size) {
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "sample: open %wZ size %I64x\n", FileName,
             Size);
  KdPrint(("sample: KdPrint %ws %lu\n", L"wide", (ULONG)7));
  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "sample: warning %Ix\n",
             (ULONG_PTR)0x10));
}

static VOID LogWithPrefix(PCCH Format, ...) {
  va_list args;
  va_start(args, Format);
  vDbgPrintExWithPrefix("[sample] ", DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, Format, args);
  va_end(args);
}

VOID SampleLogWithPrefix(ULONG Value) { LogWithPrefix("value %u\n", Value); }

/* The example in docs/debug-output.md. */
NTSTATUS SampleCheckedWork(ULONG Count) {
  PAGED_CODE();
  NT_ASSERT(Count != 0);
  FLT_ASSERTMSG("count must be small", Count < 100);
  ASSERT(Count != 13);
  if (!NT_VERIFY(Count != 42)) {
    return STATUS_INVALID_PARAMETER;
  }
  return STATUS_SUCCESS;
}

ULONG SampleVerifyCalls(VOID) {
  ULONG calls = 0;
  NT_VERIFY(++calls == 1);
  ASSERT(++calls == 2);
  return calls;
}

VOID SampleEnableTrace(VOID) {
  DbgSetDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, TRUE);
}

VOID SampleBreak(VOID) { KdBreakPoint(); }
