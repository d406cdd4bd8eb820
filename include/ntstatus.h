/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <ntstatus.h> for driver sources compiled against fltctx (target
 * //:wdk_headers): the NTSTATUS values (wdkhost/wdk/ntstatus.h). Do not put a
 * real WDK on the same include path. */
#ifndef FLTCTX_INCLUDE_NTSTATUS_H_
#define FLTCTX_INCLUDE_NTSTATUS_H_
#include "wdkhost/wdk/ntstatus.h"
#endif
