/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <suppress.h> for driver sources compiled against fltctx (target
 * //:wdk_headers). In the WDK it holds code-analysis suppressions; on the
 * host it defines nothing and the #pragma warning / prefast lines drivers
 * write are ignored (build with -Wno-unknown-pragmas, as wdk_driver_library
 * does). Do not put a real WDK on the same include path. */
#ifndef FLTCTX_INCLUDE_SUPPRESS_H_
#define FLTCTX_INCLUDE_SUPPRESS_H_
#endif
