/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <dontuse.h> for driver sources compiled against fltctx (target
 * //:wdk_headers). In the WDK it marks deprecated C run-time functions for
 * the code analyzer; there is nothing to mark on the host, so it is empty.
 * Do not put a real WDK on the same include path. */
#ifndef FLTCTX_INCLUDE_DONTUSE_H_
#define FLTCTX_INCLUDE_DONTUSE_H_
#endif
