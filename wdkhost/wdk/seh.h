/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: wdkhost/wdk/seh.h
 * -----------------------------------------------------------------------------
 *
 * Structured exception handling as <excpt.h> spells it (host surface): the
 * exception record and pointers types, the filter results
 * (EXCEPTION_EXECUTE_HANDLER, ...) and, opt-in, the keywords.
 *
 * The host has no structured exceptions: nothing raises one into driver code
 * (ExRaiseStatus is a bug check, docs/wdk-headers.md). With
 * FLTCTX_SEH_KEYWORDS defined (wdk_driver_library defines it), the keywords
 * compile as plain C control flow:
 *
 *   __try { body } __finally { cleanup }   body runs, then cleanup, always;
 *                                          __leave jumps to the cleanup.
 *   __try { body } __except (filter) { h } body runs; the filter is never
 *                                          evaluated and h never runs.
 *
 * and in C (not C++, where try is a keyword) the spellings try, except,
 * finally and leave map to them, as <excpt.h> does. Limits, which a driver
 * that relies on them must know: __leave is a `break`, so inside a loop or
 * switch nested in the __try body it leaves that loop instead; a `return`,
 * `goto` or `continue` out of the body skips the __finally block (on Windows
 * the block would run as an abnormal termination); AbnormalTermination() is
 * always FALSE. C and C++. */

#ifndef WDKHOST_WDK_SEH_H_
#define WDKHOST_WDK_SEH_H_

#include "poolsim/wdk/ntdef.h"

#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)
#define EXCEPTION_MAXIMUM_PARAMETERS 15
#define EXCEPTION_NONCONTINUABLE 0x1

typedef enum _EXCEPTION_DISPOSITION {
  ExceptionContinueExecution,
  ExceptionContinueSearch,
  ExceptionNestedException,
  ExceptionCollidedUnwind
} EXCEPTION_DISPOSITION;

typedef struct _EXCEPTION_RECORD {
  NTSTATUS ExceptionCode;
  ULONG ExceptionFlags;
  struct _EXCEPTION_RECORD* ExceptionRecord;
  PVOID ExceptionAddress;
  ULONG NumberParameters;
  ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD, *PEXCEPTION_RECORD;

/* The processor context is not modelled. */
typedef struct _CONTEXT CONTEXT, *PCONTEXT;

typedef struct _EXCEPTION_POINTERS {
  PEXCEPTION_RECORD ExceptionRecord;
  PCONTEXT ContextRecord;
} EXCEPTION_POINTERS, *PEXCEPTION_POINTERS;

/* Only meaningful inside a filter or handler, which never run on the host:
 * they give a value of the right type. */
#define GetExceptionCode() ((NTSTATUS)STATUS_UNSUCCESSFUL)
#define GetExceptionInformation() ((PEXCEPTION_POINTERS)NULL)
#define AbnormalTermination() (FALSE)
#define _exception_code() GetExceptionCode()
#define _exception_info() ((PVOID)GetExceptionInformation())
#define _abnormal_termination() AbnormalTermination()

#if defined(FLTCTX_SEH_KEYWORDS)
#define __try do
#define __finally \
  while (0)       \
    ;
/* The filter is named (so a filter function counts as used) but never
 * evaluated: `0 &&` short-circuits it. */
#define __except(filter) \
  while (0)              \
    ;                    \
  if (0 && (filter))
#define __leave break
#ifndef __cplusplus
#define try __try
#define except __except
#define finally __finally
#define leave __leave
#endif
#endif

#endif /* WDKHOST_WDK_SEH_H_ */
