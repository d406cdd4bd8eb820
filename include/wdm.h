/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <wdm.h> for driver sources compiled against fltctx (target //:wdk_headers).
 * Do not put a real WDK on the same include path. */
#ifndef FLTCTX_INCLUDE_WDM_H_
#define FLTCTX_INCLUDE_WDM_H_
#include "poolsim/wdk/wdm.h"
#include "wdkhost/wdk/ntifs_decls.h"
#include "rtl/wdk/rtl.h"
#include "sync/wdk/sync.h"
#include "dbg/wdk/dbg.h"
#include "ob/wdk/ob.h"
#include "registry/wdk/zw_registry.h"
#include "ob/wdk/kernel_misc.h"
#include "ob/wdk/system_routines.h"
#endif
