/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/wdk/flt_objects.h
 * -----------------------------------------------------------------------------
 *
 * The filter manager's object queries (host surface): the requesting process
 * of an operation (FltGetRequestorProcess*) and FltGetRoutineAddress. C and C++; reached through
 * <fltKernel.h> and <ntifs.h>. The process an operation comes from is the one
 * the issuing host thread acts for (ob/processes.h: ob::ScopedProcess). */

#ifndef FLTCTX_WDK_FLT_OBJECTS_H_
#define FLTCTX_WDK_FLT_OBJECTS_H_

#include "fltctx/wdk/fltkernel.h"
#include "ob/wdk/ob.h"

POOLSIM_BEGIN_EXTERN_C

/* The ID of the process that issued the operation CallbackData describes (the
 * process of CallbackData->Thread); 0 when the operation has no thread or
 * Thread is not a thread object. Any IRQL. A NULL CallbackData is the access
 * violation Windows takes (0x1E below DISPATCH_LEVEL, 0xD1 at or above). */
ULONG FLTAPI FltGetRequestorProcessId(PFLT_CALLBACK_DATA CallbackData);

/* The same, as a HANDLE (Windows 7 and later). */
HANDLE FLTAPI FltGetRequestorProcessIdEx(PFLT_CALLBACK_DATA CallbackData);

/* The process object that issued the operation (no reference taken), or NULL
 * as FltGetRequestorProcessId returns 0. */
PEPROCESS FLTAPI FltGetRequestorProcess(PFLT_CALLBACK_DATA CallbackData);

/* The address of the filter-manager routine FltMgrRoutineName names (the
 * fltmgr.sys exports the host provides), or NULL. PASSIVE_LEVEL. A NULL name
 * is the access violation Windows takes (0x1E). Defined with
 * MmGetSystemRoutineAddress (ob/wdk/system_routines.cc). */
PVOID FLTAPI FltGetRoutineAddress(PCSTR FltMgrRoutineName);

POOLSIM_END_EXTERN_C

#endif /* FLTCTX_WDK_FLT_OBJECTS_H_ */
