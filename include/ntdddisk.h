/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * <ntdddisk.h> for driver sources compiled against fltctx (target
 * //:wdk_headers): the disk I/O control codes and structures
 * (wdkhost/wdk/disk.h). Do not put a real WDK on the same include path. */
#ifndef FLTCTX_INCLUDE_NTDDDISK_H_
#define FLTCTX_INCLUDE_NTDDDISK_H_
#include "wdkhost/wdk/disk.h"
#endif
