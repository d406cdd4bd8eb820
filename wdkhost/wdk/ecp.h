/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: wdkhost/wdk/ecp.h
 * -----------------------------------------------------------------------------
 *
 * Extra create parameters (host surface): the opaque ECP list, the
 * allocation flags and cleanup callback type, and the system-defined ECP
 * GUIDs a filter looks up. The GUIDs are declared here and defined once in
 * //wdkhost/wdk:decls (wdkhost/wdk/definitions.c), so a filter links with or
 * without INITGUID. The functions are in fltctx/wdk/ecp.h. C and C++. */

#ifndef WDKHOST_WDK_ECP_H_
#define WDKHOST_WDK_ECP_H_

#include "poolsim/wdk/ntdef.h"
#include "wdkhost/wdk/guid.h"

POOLSIM_BEGIN_EXTERN_C

typedef struct _ECP_LIST ECP_LIST, *PECP_LIST;
typedef struct _ECP_HEADER ECP_HEADER, *PECP_HEADER;

typedef ULONG FSRTL_ALLOCATE_ECPLIST_FLAGS;
typedef ULONG FSRTL_ALLOCATE_ECP_FLAGS;
#define FSRTL_ALLOCATE_ECPLIST_FLAG_CHARGE_QUOTA 0x00000001
#define FSRTL_ALLOCATE_ECP_FLAG_CHARGE_QUOTA 0x00000001
#define FSRTL_ALLOCATE_ECP_FLAG_NONPAGED_POOL 0x00000002
#define FSRTL_ECP_LOOKASIDE_FLAG_NONPAGED_POOL 0x00000002

typedef VOID(NTAPI* PFSRTL_EXTRA_CREATE_PARAMETER_CLEANUP_CALLBACK)(PVOID EcpContext,
                                                                   LPCGUID EcpType);

extern const GUID GUID_ECP_NETWORK_OPEN_CONTEXT;
extern const GUID GUID_ECP_PREFETCH_OPEN;
extern const GUID GUID_ECP_NFS_OPEN;
extern const GUID GUID_ECP_SRV_OPEN;
extern const GUID GUID_ECP_OPLOCK_KEY;
extern const GUID GUID_ECP_DUAL_OPLOCK_KEY;

POOLSIM_END_EXTERN_C

#endif /* WDKHOST_WDK_ECP_H_ */
