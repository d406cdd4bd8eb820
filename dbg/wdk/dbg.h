/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: dbg/wdk/dbg.h
 * -----------------------------------------------------------------------------
 *
 * The WDK-named debug surface: DbgPrint and its family, KdPrint, the
 * DPFLTR_* component ids and levels, the filter calls, DbgBreakPoint,
 * ASSERT, NT_ASSERT, FLT_ASSERT, RtlAssert and PAGED_CODE.
 * C11 and C++; driver sources reach it through <wdm.h>, <ntddk.h>, <ntifs.h>
 * and <fltKernel.h> (//:wdk_headers). Output is captured per test (C++:
 * dbg/debug_output.h); docs/debug-output.md has the details.
 *
 * DBG: 1 unless the build defines it. With DBG 0, KdPrint, KdPrintEx and
 * KdBreakPoint vanish, ASSERT / NT_ASSERT / FLT_ASSERT do not evaluate their
 * expression, NT_VERIFY evaluates it without checking; PAGED_CODE still
 * checks the IRQL (see PAGED_CODE below).
 *
 * GCC's -Wformat does not know Microsoft's codes (%wZ, %ws, %I64x, LLP64
 * %lx): DbgPrint is declared without a format attribute, so -Wformat stays
 * quiet on it. */

#ifndef DBG_WDK_DBG_H_
#define DBG_WDK_DBG_H_

#include <stdarg.h>

#include "poolsim/wdk/ntdef.h"

#ifndef DBG
#define DBG 1
#endif

POOLSIM_BEGIN_EXTERN_C

/* ---------------------------------------------------------------------------
 * Types and status values this surface needs (guarded: shared headers may
 * define them first).
 * ------------------------------------------------------------------------- */

#ifndef FLTCTX_ANSI_STRING_DEFINED
#define FLTCTX_ANSI_STRING_DEFINED
typedef struct _STRING {
  USHORT Length;        /* bytes, without a terminator */
  USHORT MaximumLength; /* bytes */
  PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING, OEM_STRING, *POEM_STRING;
typedef const STRING* PCSTRING;
typedef const ANSI_STRING* PCANSI_STRING;
#endif
#ifndef FLTCTX_PCCH_DEFINED
#define FLTCTX_PCCH_DEFINED
typedef const CHAR* PCCH;
#endif
#ifndef STATUS_BREAKPOINT
#define STATUS_BREAKPOINT ((NTSTATUS)0x80000003L)
#endif
#ifndef STATUS_ASSERTION_FAILURE
#define STATUS_ASSERTION_FAILURE ((NTSTATUS)0xC0000420L)
#endif

/* ---------------------------------------------------------------------------
 * Component ids and levels (DbgPrintEx, KdPrintEx, the filter calls).
 * A Level of 0..31 selects bit Level of the component's mask; a Level above
 * 31 is itself the mask.
 * ------------------------------------------------------------------------- */

typedef enum _DPFLTR_TYPE {
  DPFLTR_SYSTEM_ID = 0,
  DPFLTR_IHVDRIVER_ID = 77,
  DPFLTR_IHVVIDEO_ID = 78,
  DPFLTR_IHVAUDIO_ID = 79,
  DPFLTR_IHVNETWORK_ID = 80,
  DPFLTR_IHVSTREAMING_ID = 81,
  DPFLTR_IHVBUS_ID = 82,
  DPFLTR_DEFAULT_ID = 101
} DPFLTR_TYPE;

#define DPFLTR_ERROR_LEVEL 0
#define DPFLTR_WARNING_LEVEL 1
#define DPFLTR_TRACE_LEVEL 2
#define DPFLTR_INFO_LEVEL 3
#define DPFLTR_MASK 0x80000000

/* ---------------------------------------------------------------------------
 * Printing. Each returns STATUS_SUCCESS (as a ULONG). IRQL <= DIRQL (a call
 * above DIRQL fails the test); the Unicode codes (%C, %S, %lc, %ls, %wc,
 * %ws, %wZ) only at PASSIVE_LEVEL (above it: 0xA IRQL_NOT_LESS_OR_EQUAL).
 * A NULL Format: 0x1E with STATUS_ACCESS_VIOLATION. At most 512 bytes of a
 * call's text are kept.
 * ------------------------------------------------------------------------- */

/* As DbgPrintEx(DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, ...). */
NTSYSAPI ULONG __cdecl DbgPrint(PCSTR Format, ...);
NTSYSAPI ULONG __cdecl DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...);
NTSYSAPI ULONG NTAPI vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format, va_list arglist);
/* Prints Prefix, then the formatted text. */
NTSYSAPI ULONG NTAPI vDbgPrintExWithPrefix(PCCH Prefix, ULONG ComponentId, ULONG Level,
                                           PCCH Format, va_list arglist);
/* As DbgPrint (there is no debugger to send CTRL+C). */
NTSYSAPI ULONG __cdecl DbgPrintReturnControlC(PCCH Format, ...);

/* Returns (NTSTATUS)TRUE if a message of ComponentId / Level would be
 * printed, (NTSTATUS)FALSE if not; STATUS_INVALID_PARAMETER_1 for a component
 * id without a mask. Any IRQL. */
NTSYSAPI NTSTATUS NTAPI DbgQueryDebugFilterState(ULONG ComponentId, ULONG Level);
/* Sets (State TRUE) or clears the bits Level stands for in the component's
 * mask. STATUS_SUCCESS, or STATUS_INVALID_PARAMETER_1 for a component id
 * without a mask. Any IRQL. */
NTSYSAPI NTSTATUS NTAPI DbgSetDebugFilterState(ULONG ComponentId, ULONG Level, BOOLEAN State);

/* Recorded in the debug output; never traps (there is no debugger). */
NTSYSAPI VOID NTAPI DbgBreakPoint(VOID);
NTSYSAPI VOID NTAPI DbgBreakPointWithStatus(ULONG Status);

#if DBG
#define KdPrint(_x_) DbgPrint _x_
#define KdPrintEx(_x_) DbgPrintEx _x_
#define vKdPrintEx(_x_) vDbgPrintEx _x_
#define vKdPrintExWithPrefix(_x_) vDbgPrintExWithPrefix _x_
#define KdBreakPoint() DbgBreakPoint()
#define KdBreakPointWithStatus(s) DbgBreakPointWithStatus(s)
#else
#define KdPrint(_x_)
#define KdPrintEx(_x_)
#define vKdPrintEx(_x_)
#define vKdPrintExWithPrefix(_x_)
#define KdBreakPoint()
#define KdBreakPointWithStatus(s)
#endif

/* ---------------------------------------------------------------------------
 * Assertions. A failed one prints its message (always shown) and raises the
 * bug check Windows raises with no kernel debugger attached:
 * KMODE_EXCEPTION_NOT_HANDLED 0x1E with STATUS_BREAKPOINT (ASSERT,
 * ASSERTMSG, RtlAssert) or STATUS_ASSERTION_FAILURE (NT_ASSERT*, NT_VERIFY*,
 * FLT_ASSERT*). Under the leak-check listener the test fails with the
 * expression, message, file, line and stack, and execution continues.
 * ------------------------------------------------------------------------- */

/* What ASSERT calls. VoidFailedAssertion and VoidFileName are strings;
 * MutableMessage may be NULL. Any IRQL. */
NTSYSAPI VOID NTAPI RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber,
                              PSTR MutableMessage);
/* Host entry points behind NT_ASSERT* and PAGED_CODE (not WDK names). */
NTSYSAPI VOID NTAPI FltctxDbgAssertionFailure(PCSTR Expression, PCSTR Message,
                                              PCWSTR WideMessage, PCSTR FileName,
                                              ULONG LineNumber);
NTSYSAPI VOID NTAPI FltctxDbgPagedCode(BOOLEAN DbgBuild, PCSTR FileName, ULONG LineNumber);

#if DBG
#define ASSERT(exp) \
  ((exp) ? TRUE : (RtlAssert((PVOID) #exp, (PVOID)__FILE__, __LINE__, NULL), FALSE))
#define ASSERTMSG(msg, exp) \
  ((exp) ? TRUE : (RtlAssert((PVOID) #exp, (PVOID)__FILE__, __LINE__, (PSTR)(msg)), FALSE))
#define NT_ASSERT(exp) \
  ((exp) ? TRUE : (FltctxDbgAssertionFailure(#exp, NULL, NULL, __FILE__, __LINE__), FALSE))
#define NT_ASSERTMSG(msg, exp) \
  ((exp) ? TRUE : (FltctxDbgAssertionFailure(#exp, (msg), NULL, __FILE__, __LINE__), FALSE))
#define NT_ASSERTMSGW(msg, exp) \
  ((exp) ? TRUE : (FltctxDbgAssertionFailure(#exp, NULL, (msg), __FILE__, __LINE__), FALSE))
#define NT_VERIFY(exp) NT_ASSERT(exp)
#define NT_VERIFYMSG(msg, exp) NT_ASSERTMSG(msg, exp)
#define NT_VERIFYMSGW(msg, exp) NT_ASSERTMSGW(msg, exp)
#else
#define ASSERT(exp) ((void)0)
#define ASSERTMSG(msg, exp) ((void)0)
#define NT_ASSERT(exp) ((void)0)
#define NT_ASSERTMSG(msg, exp) ((void)0)
#define NT_ASSERTMSGW(msg, exp) ((void)0)
#define NT_VERIFY(exp) ((exp) ? TRUE : FALSE)
#define NT_VERIFYMSG(msg, exp) ((exp) ? TRUE : FALSE)
#define NT_VERIFYMSGW(msg, exp) ((exp) ? TRUE : FALSE)
#endif
#define NT_ASSERT_ASSUME(exp) NT_ASSERT(exp)
#define NT_ASSERTMSG_ASSUME(msg, exp) NT_ASSERTMSG(msg, exp)
#define FLT_ASSERT(exp) NT_ASSERT(exp)
#define FLT_ASSERTMSG(msg, exp) NT_ASSERTMSG(msg, exp)

/* ---------------------------------------------------------------------------
 * Pageable code. PAGED_CODE() above APC_LEVEL: with DBG nonzero, fails as
 * NT_ASSERT(KeGetCurrentIrql() <= APC_LEVEL) after printing the IRQL; with
 * DBG 0 (where the WDK's macro is empty and Windows faults only when the
 * page is not resident), raises 0xD1 DRIVER_IRQL_NOT_LESS_OR_EQUAL, as Driver
 * Verifier makes it happen every time. PAGED_CODE_LOCKED() marks pageable
 * code the driver locked into memory: legal at any IRQL, no check.
 * ------------------------------------------------------------------------- */

#define PAGED_CODE() FltctxDbgPagedCode((BOOLEAN)(DBG), __FILE__, __LINE__)
#define PAGED_CODE_LOCKED() ((void)0)

POOLSIM_END_EXTERN_C

#endif /* DBG_WDK_DBG_H_ */
