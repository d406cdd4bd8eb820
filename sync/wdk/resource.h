/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: sync/wdk/resource.h
 * -----------------------------------------------------------------------------
 *
 * Executive resources (ERESOURCE) and critical / guarded regions. The
 * ERESOURCE lives in driver memory (nonpaged, x64 size); the simulator keeps
 * its owners and waiters host-side, keyed by its address, and registers it as
 * a live object: one never deleted is reported at unload (0xCE), and freeing
 * the pool that holds a live one is reported by the pool (0xC4/0xCC).
 *
 * IRQL (Microsoft's documented limits): acquisitions, ExConvertExclusive-
 * ToSharedLite, ExDeleteResourceLite and ExReleaseResourceAndLeaveCritical-
 * Region <= APC_LEVEL; initialization, releases and queries <= DISPATCH_LEVEL
 * (IRQL_NOT_LESS_OR_EQUAL otherwise). A NULL resource is the access
 * violation Windows takes (0x1E, 0xD1 at DISPATCH_LEVEL); any other call on a
 * resource never initialized or deleted is 0xC4/0x1002. Acquire inside a critical region (under
 * poolsim's verifier checks 0xC4/0x37 otherwise). A shared owner that asks
 * for exclusive access with Wait = TRUE would hang forever on Windows: here it
 * is reported (0xC4/0x1000) and the call returns FALSE. C11 and C++. */

#ifndef SYNC_WDK_RESOURCE_H_
#define SYNC_WDK_RESOURCE_H_

#include "poolsim/wdk/ntdef.h"

typedef ULONG_PTR ERESOURCE_THREAD, *PERESOURCE_THREAD;

typedef struct _OWNER_ENTRY {
  ERESOURCE_THREAD OwnerThread;
  ULONG TableSize;
  ULONG Reserved;
} OWNER_ENTRY, *POWNER_ENTRY;

/* x64 layout (104 bytes); the simulator does not read the members. */
typedef struct _ERESOURCE {
  LIST_ENTRY SystemResourcesList;
  POWNER_ENTRY OwnerTable;
  SHORT ActiveCount;
  USHORT Flag;
  PVOID SharedWaiters;
  PVOID ExclusiveWaiters;
  OWNER_ENTRY OwnerEntry;
  ULONG ActiveEntries;
  ULONG ContentionCount;
  ULONG NumberOfSharedWaiters;
  ULONG NumberOfExclusiveWaiters;
  PVOID Reserved2;
  PVOID Address;
  ULONG_PTR SpinLock;
} ERESOURCE, *PERESOURCE;

POOLSIM_BEGIN_EXTERN_C

/* Returns STATUS_SUCCESS. Re-initializing a live resource: 0xC4/0xD0. */
NTKERNELAPI NTSTATUS NTAPI ExInitializeResourceLite(PERESOURCE Resource);
/* Returns STATUS_SUCCESS. Never initialized (or deleted twice): 0xC4/0xD1;
 * still owned: 0xC4/0x100B (and the resource stays). */
NTKERNELAPI NTSTATUS NTAPI ExDeleteResourceLite(PERESOURCE Resource);
/* Resets a resource nobody owns; owned: 0xC4/0x100B. Returns STATUS_SUCCESS. */
NTKERNELAPI NTSTATUS NTAPI ExReinitializeResourceLite(PERESOURCE Resource);

/* TRUE when acquired; FALSE if Wait is FALSE and it is not available now. */
NTKERNELAPI BOOLEAN NTAPI ExAcquireResourceExclusiveLite(PERESOURCE Resource, BOOLEAN Wait);
NTKERNELAPI BOOLEAN NTAPI ExAcquireResourceSharedLite(PERESOURCE Resource, BOOLEAN Wait);
/* Shared even when exclusive waiters exist. */
NTKERNELAPI BOOLEAN NTAPI ExAcquireSharedStarveExclusive(PERESOURCE Resource, BOOLEAN Wait);
/* Shared, behind exclusive waiters (as ExAcquireResourceSharedLite here). */
NTKERNELAPI BOOLEAN NTAPI ExAcquireSharedWaitForExclusive(PERESOURCE Resource, BOOLEAN Wait);

/* A release by a thread that owns nothing: RESOURCE_NOT_OWNED (0xE3). */
NTKERNELAPI VOID FASTCALL ExReleaseResourceLite(PERESOURCE Resource);
NTKERNELAPI VOID NTAPI ExReleaseResourceForThreadLite(PERESOURCE Resource,
                                                      ERESOURCE_THREAD ResourceThreadId);
NTKERNELAPI ERESOURCE_THREAD NTAPI ExGetCurrentResourceThread(void);
NTKERNELAPI VOID NTAPI ExConvertExclusiveToSharedLite(PERESOURCE Resource);

NTKERNELAPI BOOLEAN NTAPI ExIsResourceAcquiredExclusiveLite(PERESOURCE Resource);
/* The number of the caller's acquisitions (shared or exclusive); 0 if none. */
NTKERNELAPI ULONG NTAPI ExIsResourceAcquiredSharedLite(PERESOURCE Resource);
NTKERNELAPI ULONG NTAPI ExGetExclusiveWaiterCount(PERESOURCE Resource);
NTKERNELAPI ULONG NTAPI ExGetSharedWaiterCount(PERESOURCE Resource);

/* Critical region + acquisition; the result is opaque (ignore it), NULL when
 * the call is refused (the region is then left as it was). */
NTKERNELAPI PVOID NTAPI ExEnterCriticalRegionAndAcquireResourceExclusive(PERESOURCE Resource);
NTKERNELAPI PVOID NTAPI ExEnterCriticalRegionAndAcquireResourceShared(PERESOURCE Resource);
NTKERNELAPI PVOID NTAPI ExEnterCriticalRegionAndAcquireSharedWaitForExclusive(
    PERESOURCE Resource);
NTKERNELAPI VOID FASTCALL ExReleaseResourceAndLeaveCriticalRegion(PERESOURCE Resource);

/* Critical regions (normal kernel APCs disabled) and guarded regions (all
 * APCs disabled). IRQL <= APC_LEVEL (0xC4/0x11A, 0x11B); a leave without an
 * enter: 0xC4/0x3E. */
NTKERNELAPI VOID NTAPI KeEnterCriticalRegion(void);
NTKERNELAPI VOID NTAPI KeLeaveCriticalRegion(void);
NTKERNELAPI VOID NTAPI KeEnterGuardedRegion(void);
NTKERNELAPI VOID NTAPI KeLeaveGuardedRegion(void);
/* TRUE inside a critical or guarded region (or at IRQL >= APC_LEVEL). */
NTKERNELAPI BOOLEAN NTAPI KeAreApcsDisabled(void);
/* TRUE inside a guarded region (or at IRQL >= APC_LEVEL). */
NTKERNELAPI BOOLEAN NTAPI KeAreAllApcsDisabled(void);

POOLSIM_END_EXTERN_C

/* The file-system forms: a critical region. */
#define FsRtlEnterFileSystem() KeEnterCriticalRegion()
#define FsRtlExitFileSystem() KeLeaveCriticalRegion()

#endif /* SYNC_WDK_RESOURCE_H_ */
