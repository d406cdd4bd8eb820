/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <initguid.h> for driver sources compiled against fltctx (target
 * //:wdk_headers): from here on, DEFINE_GUID defines its GUID instead of
 * declaring it (wdkhost/wdk/guid.h), whether or not a shim was included
 * before. Do not put a real WDK on the same include path. */
#ifndef INITGUID
#define INITGUID
#endif
#include "wdkhost/wdk/guid.h"
