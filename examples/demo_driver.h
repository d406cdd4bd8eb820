/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0 */
#ifndef EXAMPLES_DEMO_DRIVER_H_
#define EXAMPLES_DEMO_DRIVER_H_

#include <wdm.h>

POOLSIM_BEGIN_EXTERN_C
VOID DemoCacheInitialize(VOID);
NTSTATUS DemoCacheInsert(PCWSTR Name);
ULONG DemoCacheTrim(VOID);
POOLSIM_END_EXTERN_C

#endif
