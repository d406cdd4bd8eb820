/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: sync/wdk/fast_mutex.h
 * -----------------------------------------------------------------------------
 *
 * Fast mutexes (FAST_MUTEX) and guarded mutexes (KGUARDED_MUTEX). Not
 * recursive. ExAcquireFastMutex raises the caller to APC_LEVEL and
 * ExReleaseFastMutex restores the IRQL saved in the mutex, as on Windows; a
 * guarded mutex enters a guarded region instead. The ...Unsafe forms change
 * nothing: the caller must already be at APC_LEVEL or in a critical region.
 * The state is kept in the structure (x64 layouts), changed only under the
 * simulator's dispatcher lock; a blocked acquisition waits for real, bounded
 * by Options::wait_timeout_ms. IRQL <= APC_LEVEL (0xC4/0x33); the
 * initializations <= DISPATCH_LEVEL (0x0A). C11 and C++. */

#ifndef SYNC_WDK_FAST_MUTEX_H_
#define SYNC_WDK_FAST_MUTEX_H_

#include "poolsim/wdk/ntdef.h"
#include "sync/wdk/dispatcher.h"

typedef struct _FAST_MUTEX {
  volatile LONG Count; /* 1: free, 0: owned */
  PVOID Owner;         /* the owner's thread ordinal on the host */
  ULONG Contention;
  KEVENT Event;
  ULONG OldIrql;
} FAST_MUTEX, *PFAST_MUTEX, KGUARDED_MUTEX, *PKGUARDED_MUTEX;

POOLSIM_BEGIN_EXTERN_C

NTKERNELAPI VOID NTAPI ExInitializeFastMutex(PFAST_MUTEX FastMutex);
NTKERNELAPI VOID FASTCALL ExAcquireFastMutex(PFAST_MUTEX FastMutex);
NTKERNELAPI VOID FASTCALL ExReleaseFastMutex(PFAST_MUTEX FastMutex);
NTKERNELAPI BOOLEAN FASTCALL ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex);
NTKERNELAPI VOID FASTCALL ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex);
NTKERNELAPI VOID FASTCALL ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex);

NTKERNELAPI VOID FASTCALL KeInitializeGuardedMutex(PKGUARDED_MUTEX Mutex);
NTKERNELAPI VOID FASTCALL KeAcquireGuardedMutex(PKGUARDED_MUTEX Mutex);
NTKERNELAPI VOID FASTCALL KeReleaseGuardedMutex(PKGUARDED_MUTEX Mutex);
NTKERNELAPI BOOLEAN FASTCALL KeTryToAcquireGuardedMutex(PKGUARDED_MUTEX Mutex);
NTKERNELAPI VOID FASTCALL KeAcquireGuardedMutexUnsafe(PKGUARDED_MUTEX Mutex);
NTKERNELAPI VOID FASTCALL KeReleaseGuardedMutexUnsafe(PKGUARDED_MUTEX Mutex);

POOLSIM_END_EXTERN_C

#endif /* SYNC_WDK_FAST_MUTEX_H_ */
