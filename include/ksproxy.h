/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <ksproxy.h> for kernel-streaming proxy code compiled against fltctx (target
 * //:wdk_headers, C++ only): IKsAllocator, IKsAllocatorEx, IKsObject, IKsPin,
 * ALLOCATOR_PROPERTIES_EX, KSALLOCATORMODE and the HRESULT values, with the
 * <ks.h> types they use. Do not put a real WDK or SDK on the same include
 * path. */
#ifndef FLTCTX_INCLUDE_KSPROXY_H_
#define FLTCTX_INCLUDE_KSPROXY_H_
#include <ks.h>
#include "ksalloc/wdk/ksproxy.h"
#endif
