/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <excpt.h> for driver sources compiled against fltctx (target
 * //:wdk_headers): the exception types and filter values, and, with
 * FLTCTX_SEH_KEYWORDS defined, the __try / __except / __finally / __leave
 * keywords (and try / except / finally / leave in C) as plain control flow
 * (wdkhost/wdk/seh.h, docs/wdk-headers.md). Do not put a real WDK on the
 * same include path. */
#ifndef FLTCTX_INCLUDE_EXCPT_H_
#define FLTCTX_INCLUDE_EXCPT_H_
#include "wdkhost/wdk/seh.h"
#endif
