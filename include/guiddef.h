/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <guiddef.h> for driver sources compiled against fltctx (target
 * //:wdk_headers): GUID, REFGUID, IsEqualGUID, DEFINE_GUID
 * (wdkhost/wdk/guid.h). Do not put a real WDK on the same include path. */
#include "wdkhost/wdk/guid.h"
