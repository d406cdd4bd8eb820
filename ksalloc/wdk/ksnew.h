/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: ksalloc/wdk/ksnew.h
 * -----------------------------------------------------------------------------
 *
 * For a C++ driver that replaces global operator new / delete with pool
 * calls (ksalloc's WDK surface). Force-include this header into the source
 * file that defines the driver's operator functions, and nowhere else:
 *
 *   cc_library(
 *       name = "my_driver_new",
 *       srcs = ["new_delete.cpp"],           # the driver's operators, unchanged
 *       copts = ["-include", "ksalloc/wdk/ksnew.h"],
 *       deps = ["//ksalloc/wdk:ksnew", "//:wdk_headers"],
 *   )
 *
 * In that file the pool calls below become ksalloc's routing functions,
 * with the same parameters: an allocation the driver's (or the test's) code
 * asks for goes to the pool with the driver's tag and flags, exactly as the
 * unchanged call would; one the framework asks for (GoogleTest, the standard
 * library, the simulated kernel itself, which all call the process's
 * operator new) gets host memory, never reported and never failed by the
 * fault injector; a free of host memory goes back to the host. See
 * docs/ksalloc.md, "C++ drivers". C and C++. */

#ifndef KSALLOC_WDK_KSNEW_H_
#define KSALLOC_WDK_KSNEW_H_

#include "poolsim/wdk/wdm.h"

POOLSIM_BEGIN_EXTERN_C

PVOID NTAPI KsSimNewAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag);
PVOID NTAPI KsSimNewAllocatePool3(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag,
                                  PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
                                  ULONG ExtendedParametersCount);
PVOID NTAPI KsSimNewAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
PVOID NTAPI KsSimNewAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
PVOID NTAPI KsSimNewAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                              ULONG Tag);
PVOID NTAPI KsSimNewAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes);
VOID NTAPI KsSimNewFreePoolWithTag(PVOID P, ULONG Tag);
VOID NTAPI KsSimNewFreePool(PVOID P);
VOID NTAPI KsSimNewFreePool2(PVOID P, ULONG Tag, PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
                             ULONG ExtendedParametersCount);

POOLSIM_END_EXTERN_C

#define ExAllocatePool2 KsSimNewAllocatePool2
#define ExAllocatePool3 KsSimNewAllocatePool3
#define ExAllocatePoolWithTag KsSimNewAllocatePoolWithTag
#define ExAllocatePoolZero KsSimNewAllocatePoolZero
#define ExAllocatePoolUninitialized KsSimNewAllocatePoolUninitialized
#define ExAllocatePool KsSimNewAllocatePool
#define ExFreePoolWithTag KsSimNewFreePoolWithTag
#define ExFreePool KsSimNewFreePool
#define ExFreePool2 KsSimNewFreePool2

#endif /* KSALLOC_WDK_KSNEW_H_ */
