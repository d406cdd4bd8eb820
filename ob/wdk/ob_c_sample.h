/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: ob/wdk/ob_c_sample.h
 * -----------------------------------------------------------------------------
 *
 * Driver-style C code that uses object references, handles and processes
 * (tests only): what ob/wdk/ob_test.cc calls. */

#ifndef OB_WDK_OB_C_SAMPLE_H_
#define OB_WDK_OB_C_SAMPLE_H_

#include <ntifs.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Opens a kernel handle to the current process, references the process
 * through the handle, closes the handle; returns the referenced process in
 * *Process (the caller dereferences it). */
NTSTATUS ObSampleReferenceCurrentProcess(PEPROCESS* Process);

/* Opens the process ProcessId with ZwOpenProcess and returns its handle. */
NTSTATUS ObSampleOpenProcess(HANDLE ProcessId, PHANDLE Handle);

/* Returns the ID of the process Handle refers to (0 on failure). */
ULONG ObSampleProcessIdOfHandle(HANDLE Handle);

/* Takes a reference to Object and forgets it (a leak). */
VOID ObSampleLeakReference(PVOID Object);

#ifdef __cplusplus
}
#endif

#endif /* OB_WDK_OB_C_SAMPLE_H_ */
