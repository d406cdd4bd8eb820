/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: rtl/wdk/rtl.h
 * -----------------------------------------------------------------------------
 *
 * The WDK-named run-time library surface: counted strings, ntstrsafe, memory helpers, list helpers, generic tables.
 * C11 and C++; driver sources reach it through <wdm.h>, <ntddk.h>, <ntifs.h>
 * and <fltKernel.h> (//:wdk_headers). */

#ifndef RTL_WDK_RTL_H_
#define RTL_WDK_RTL_H_

#include "poolsim/wdk/ntdef.h"

#endif /* RTL_WDK_RTL_H_ */
