/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: wdkhost/wdk/ntifs_decls.h
 * -----------------------------------------------------------------------------
 *
 * The WDK's shared declarations (host surface): the types, constants and
 * macros of <ntifs.h>, <ntddk.h> and <wdm.h> that are not a layer's own,
 * one header per topic. C11 and C++; driver sources reach it through <wdm.h>,
 * <ntddk.h>, <ntifs.h> and <fltKernel.h> (//:wdk_headers); docs/wdk-headers.md
 * lists what each part holds. */

#ifndef WDKHOST_WDK_NTIFS_DECLS_H_
#define WDKHOST_WDK_NTIFS_DECLS_H_

#include "poolsim/wdk/ntdef.h"
#include "poolsim/wdk/wdm.h"
#include "wdkhost/wdk/macros.h"
#include "wdkhost/wdk/basetsd.h"
#include "wdkhost/wdk/ntstatus.h"
#include "wdkhost/wdk/guid.h"
#include "wdkhost/wdk/seh.h"
#include "wdkhost/wdk/objects.h"
#include "wdkhost/wdk/file_access.h"
#include "wdkhost/wdk/ioctl.h"
#include "wdkhost/wdk/file_information.h"
#include "wdkhost/wdk/registry.h"
#include "wdkhost/wdk/transactions.h"
#include "wdkhost/wdk/ecp.h"

#endif /* WDKHOST_WDK_NTIFS_DECLS_H_ */
