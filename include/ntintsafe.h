/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <ntintsafe.h> for driver sources compiled against fltctx (target
 * //:wdk_headers): overflow-checked integer arithmetic and conversions
 * (wdkhost/wdk/intsafe.h). Do not put a real WDK on the same include path. */
#ifndef FLTCTX_INCLUDE_NTINTSAFE_H_
#define FLTCTX_INCLUDE_NTINTSAFE_H_
#include "wdkhost/wdk/intsafe.h"
#endif
