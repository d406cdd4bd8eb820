/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: wdkhost/wdk/definitions.c
 * -----------------------------------------------------------------------------
 *
 * The data and functions the shared declarations define once (host surface):
 * the system-defined ECP GUIDs and the driver run-time opt-in
 * (ExInitializeDriverRuntime and the defaults it changes). */

#include "wdkhost/wdk/ecp.h"
#include "wdkhost/wdk/objects.h"

const GUID GUID_ECP_NETWORK_OPEN_CONTEXT = {
    0xc584edbf, 0x00df, 0x4d28, {0xb8, 0x84, 0x35, 0xba, 0xca, 0x89, 0x11, 0xe8}};
const GUID GUID_ECP_PREFETCH_OPEN = {
    0xe1777b21, 0x847e, 0x4837, {0xaa, 0x45, 0x64, 0x16, 0x1d, 0x28, 0x06, 0x55}};
const GUID GUID_ECP_NFS_OPEN = {
    0xf326d30c, 0xe5f8, 0x4fe7, {0xab, 0x74, 0xf5, 0xa3, 0x19, 0x6d, 0x92, 0xdb}};
const GUID GUID_ECP_SRV_OPEN = {
    0xbebfaebc, 0xaabf, 0x489d, {0x9d, 0x2c, 0xe9, 0xe3, 0x61, 0x10, 0x28, 0x53}};
const GUID GUID_ECP_OPLOCK_KEY = {
    0x48850596, 0x3050, 0x4be7, {0x98, 0x63, 0xfe, 0xc3, 0x50, 0xce, 0x8d, 0x7f}};
const GUID GUID_ECP_DUAL_OPLOCK_KEY = {
    0x41621a14, 0xb08b, 0x4df1, {0xb6, 0x76, 0xa0, 0x5f, 0xfd, 0xf0, 0x1b, 0xea}};

/* What NonPagedPool means for a driver built with POOL_NX_OPTIN, and the MDL
 * mapping protection it adds, until and after ExInitializeDriverRuntime. */
POOL_TYPE ExDefaultNonPagedPoolType = NonPagedPool;
ULONG ExDefaultMdlProtection = 0;

VOID NTAPI ExInitializeDriverRuntime(ULONG RuntimeFlags) {
  if ((RuntimeFlags & DrvRtPoolNxOptIn) != 0) {
    __atomic_store_n(&ExDefaultNonPagedPoolType, NonPagedPoolNx, __ATOMIC_SEQ_CST);
    __atomic_store_n(&ExDefaultMdlProtection, (ULONG)MdlMappingNoExecute, __ATOMIC_SEQ_CST);
  }
}
