/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: rtl/wdk/rtl.h
 * -----------------------------------------------------------------------------
 *
 * The WDK-named run-time library surface: counted strings, memory helpers,
 * list helpers and generic tables (ntstrsafe.h is separate, as in the WDK:
 * rtl/wdk/ntstrsafe.h, reached as <ntstrsafe.h>). C11 and C++; driver
 * sources reach it through <wdm.h>, <ntddk.h>, <ntifs.h> and <fltKernel.h>
 * (//:wdk_headers). docs/rtl.md lists what is provided and each choice. */

#ifndef RTL_WDK_RTL_H_
#define RTL_WDK_RTL_H_

#include "poolsim/wdk/ntdef.h"
#include "rtl/wdk/rtl_strings.h"
#include "rtl/wdk/rtl_memory.h"
#include "rtl/wdk/rtl_lists.h"
#include "rtl/wdk/rtl_generic_table.h"

#endif /* RTL_WDK_RTL_H_ */
