/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: rtl/wdk/rtl_doc_example.h
 * -----------------------------------------------------------------------------
 *
 * The example of docs/rtl.md (rtl_doc_example.c, compiled as a driver source
 * through //:wdk_headers); doc_example_test.cc runs it and checks that the
 * page shows exactly this code. */

#ifndef RTL_WDK_RTL_DOC_EXAMPLE_H_
#define RTL_WDK_RTL_DOC_EXAMPLE_H_

#include <ntifs.h>

POOLSIM_BEGIN_EXTERN_C

NTSTATUS ExampleStart(void);
NTSTATUS ExampleRemember(PCUNICODE_STRING Name, ULONG Hits);
ULONG ExampleHits(PCUNICODE_STRING Name);
NTSTATUS ExampleDescribe(PWSTR Buffer, size_t BufferChars);
VOID ExampleStop(void);

POOLSIM_END_EXTERN_C

#endif /* RTL_WDK_RTL_DOC_EXAMPLE_H_ */
