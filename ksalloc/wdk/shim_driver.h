/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: ksalloc/wdk/shim_driver.h
 * -----------------------------------------------------------------------------
 *
 * The C pin of shim_driver.c: its descriptor and the frames it holds. */

#ifndef KSALLOC_WDK_SHIM_DRIVER_H_
#define KSALLOC_WDK_SHIM_DRIVER_H_

#include <ks.h>

POOLSIM_BEGIN_EXTERN_C

extern const KSPIN_DESCRIPTOR_EX ShimPinDescriptor;
extern ULONG ShimLiveFrames;

POOLSIM_END_EXTERN_C

#endif /* KSALLOC_WDK_SHIM_DRIVER_H_ */
