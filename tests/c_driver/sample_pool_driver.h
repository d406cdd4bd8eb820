/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0 */
#ifndef TESTS_C_DRIVER_SAMPLE_POOL_DRIVER_H_
#define TESTS_C_DRIVER_SAMPLE_POOL_DRIVER_H_

#include <wdm.h>

POOLSIM_BEGIN_EXTERN_C
VOID SampleInitialize(VOID);
NTSTATUS SampleInsert(ULONG Value);
ULONG SampleDrain(BOOLEAN Leak);
PVOID SampleAllocatePagedScratch(SIZE_T Bytes);
VOID SampleFreeScratch(PVOID Scratch, ULONG Tag);
POOLSIM_END_EXTERN_C

#endif
