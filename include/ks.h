/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <ks.h> for AVStream minidriver sources compiled against fltctx (target
 * //:wdk_headers): framing, pins, KSALLOCATOR_DISPATCH, KsEdit and the object
 * bag, the default allocator, and the pool, IRQL and status definitions under
 * them. Do not put a real WDK on the same include path. */
#ifndef FLTCTX_INCLUDE_KS_H_
#define FLTCTX_INCLUDE_KS_H_
#include "poolsim/wdk/wdm.h"
#include "wdkhost/wdk/ntifs_decls.h"
#include "rtl/wdk/rtl.h"
#include "sync/wdk/sync.h"
#include "dbg/wdk/dbg.h"
#include "ksalloc/wdk/ks.h"
#endif
