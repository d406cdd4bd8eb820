/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <ntifs.h> for minifilter sources compiled against fltctx (target
 * //:wdk_headers): the filter-manager context API and the pool, IRQL and
 * status definitions under it. Do not put a real WDK on the same include path. */
#ifndef FLTCTX_INCLUDE_NTIFS_H_
#define FLTCTX_INCLUDE_NTIFS_H_
#include "poolsim/wdk/wdm.h"
#include "wdkhost/wdk/ntifs_decls.h"
#include "rtl/wdk/rtl.h"
#include "sync/wdk/sync.h"
#include "dbg/wdk/dbg.h"
#include "ob/wdk/ob.h"
#include "registry/wdk/zw_registry.h"
#include "ob/wdk/kernel_misc.h"
#include "ob/wdk/system_routines.h"
#include "fltctx/wdk/fltkernel.h"
#include "fltctx/wdk/flt_objects.h"
#include "wdkhost/wdk/flt_functions.h"
#include "fltctx/wdk/ports.h"
#include "fltctx/wdk/ecp.h"
#include "fltctx/wdk/issued_io.h"
#endif
