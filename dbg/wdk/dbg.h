/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: dbg/wdk/dbg.h
 * -----------------------------------------------------------------------------
 *
 * The WDK-named debug surface: DbgPrint and its family, ASSERT, NT_ASSERT, FLT_ASSERT, PAGED_CODE.
 * C11 and C++; driver sources reach it through <wdm.h>, <ntddk.h>, <ntifs.h>
 * and <fltKernel.h> (//:wdk_headers). */

#ifndef DBG_WDK_DBG_H_
#define DBG_WDK_DBG_H_

#include "poolsim/wdk/ntdef.h"

#endif /* DBG_WDK_DBG_H_ */
