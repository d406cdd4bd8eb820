/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0 */
#ifndef EXAMPLES_DEMO_FILTER_H_
#define EXAMPLES_DEMO_FILTER_H_

#include <fltKernel.h>

POOLSIM_BEGIN_EXTERN_C
NTSTATUS DemoFilterEntry(PFLT_FILTER* Filter);
NTSTATUS DemoFilterOnWrite(PCFLT_RELATED_OBJECTS FltObjects);
ULONG DemoFilterWriteCount(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject);
VOID DemoFilterUnload(VOID);
POOLSIM_END_EXTERN_C

#endif
