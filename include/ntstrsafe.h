/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <ntstrsafe.h> for driver sources compiled against fltctx (target
 * //:wdk_headers): the safe string functions of rtl/wdk/ntstrsafe.h.
 * Do not put a real WDK on the same include path. */
#ifndef FLTCTX_INCLUDE_NTSTRSAFE_H_
#define FLTCTX_INCLUDE_NTSTRSAFE_H_
#include "rtl/wdk/ntstrsafe.h"
#endif
