/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: sync/wdk/flt_sync.h
 * -----------------------------------------------------------------------------
 *
 * The filter manager's synchronization helpers: push locks (EX_PUSH_LOCK,
 * FltInitializePushLock ...), FltAcquireResourceExclusive / Shared /
 * FltReleaseResource (a critical region around an ERESOURCE acquisition), and
 * FltCancellableWaitForSingleObject. Push locks are reader/writer locks, not
 * recursive; the simulator keeps their owners host-side keyed by address.
 * IRQL <= APC_LEVEL. C11 and C++. */

#ifndef SYNC_WDK_FLT_SYNC_H_
#define SYNC_WDK_FLT_SYNC_H_

#include "poolsim/wdk/ntdef.h"
#include "sync/wdk/resource.h"

typedef ULONG_PTR EX_PUSH_LOCK, *PEX_PUSH_LOCK;

struct _FLT_CALLBACK_DATA;

#ifndef FLT_PUSH_LOCK_ENABLE_AUTO_BOOST
#define FLT_PUSH_LOCK_ENABLE_AUTO_BOOST 0x00000001
#define FLT_PUSH_LOCK_DISABLE_AUTO_BOOST 0x00000002
#define FLT_PUSH_LOCK_VALID_FLAGS 0x00000003
#endif

POOLSIM_BEGIN_EXTERN_C

NTKERNELAPI VOID NTAPI FltInitializePushLock(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID NTAPI FltDeletePushLock(PEX_PUSH_LOCK PushLock);
/* Call inside a critical region (0xC4/0xEA under the verifier checks). */
NTKERNELAPI VOID NTAPI FltAcquirePushLockExclusive(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID NTAPI FltAcquirePushLockShared(PEX_PUSH_LOCK PushLock);
NTKERNELAPI VOID NTAPI FltReleasePushLock(PEX_PUSH_LOCK PushLock);
/* Flags: FLT_PUSH_LOCK_*; they change nothing on the host. */
NTKERNELAPI VOID NTAPI FltAcquirePushLockExclusiveEx(PEX_PUSH_LOCK PushLock, ULONG Flags);
NTKERNELAPI VOID NTAPI FltAcquirePushLockSharedEx(PEX_PUSH_LOCK PushLock, ULONG Flags);
NTKERNELAPI VOID NTAPI FltReleasePushLockEx(PEX_PUSH_LOCK PushLock, ULONG Flags);

/* KeEnterCriticalRegion + ExAcquireResource*Lite(Wait = TRUE), and back. */
NTKERNELAPI VOID NTAPI FltAcquireResourceExclusive(PERESOURCE Resource);
NTKERNELAPI VOID NTAPI FltAcquireResourceShared(PERESOURCE Resource);
NTKERNELAPI VOID NTAPI FltReleaseResource(PERESOURCE Resource);

/* KeWaitForSingleObject(Executive, KernelMode, not alertable) that the I/O
 * operation's cancellation would end with STATUS_CANCELLED. Nothing cancels
 * an operation in the simulator yet, so it returns STATUS_SUCCESS or
 * STATUS_TIMEOUT. IRQL <= APC_LEVEL. */
NTKERNELAPI NTSTATUS NTAPI FltCancellableWaitForSingleObject(
    PVOID Object, PLARGE_INTEGER Timeout, struct _FLT_CALLBACK_DATA* CallbackData);

POOLSIM_END_EXTERN_C

#endif /* SYNC_WDK_FLT_SYNC_H_ */
