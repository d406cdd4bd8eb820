/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: wdkhost/wdk/ntifs_decls.h
 * -----------------------------------------------------------------------------
 *
 * The WDK's shared declarations (host surface): the types, constants and macros of <ntifs.h>, <ntddk.h> and <wdm.h> that are not a layer's own: access masks, create options, file-information classes and structures, I/O control codes, object attributes, status values.
 * C11 and C++; driver sources reach it through <wdm.h>, <ntddk.h>, <ntifs.h>
 * and <fltKernel.h> (//:wdk_headers). */

#ifndef WDKHOST_WDK_NTIFS_DECLS_H_
#define WDKHOST_WDK_NTIFS_DECLS_H_

#include "poolsim/wdk/ntdef.h"

#endif /* WDKHOST_WDK_NTIFS_DECLS_H_ */
