/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <ntdef.h> for driver sources compiled against fltctx (target //:wdk_headers). */
#ifndef FLTCTX_INCLUDE_NTDEF_H_
#define FLTCTX_INCLUDE_NTDEF_H_
#include "poolsim/wdk/ntdef.h"
#endif
