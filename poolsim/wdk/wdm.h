/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: poolsim/wdk/wdm.h
 * -----------------------------------------------------------------------------
 *
 * The WDK-named pool and IRQL surface of poolsim: the executive pool
 * (ExAllocatePool2 and friends), IRQL (KeRaiseIrql, ...) and spin locks, with
 * the WDK's exact names, signatures and constant values. Each function is a
 * thin wrapper over the ambient poolsim::Environment (poolsim/environment.h).
 * C and C++; driver sources reach it as <wdm.h> through //:wdk_headers.
 *
 * Misuse never returns an error code: it raises a bug check (see
 * docs/poolsim.md for every check and its stop code). */

#ifndef POOLSIM_WDK_WDM_H_
#define POOLSIM_WDK_WDM_H_

#include "poolsim/wdk/ntdef.h"

POOLSIM_BEGIN_EXTERN_C

/* ---------------------------------------------------------------------------
 * IRQL
 * ------------------------------------------------------------------------- */

typedef UCHAR KIRQL, *PKIRQL;

#define PASSIVE_LEVEL 0
#define LOW_LEVEL 0
#define APC_LEVEL 1
#define DISPATCH_LEVEL 2
#define CMCI_LEVEL 5
#define CLOCK_LEVEL 13
#define IPI_LEVEL 14
#define DRS_LEVEL 14
#define POWER_LEVEL 14
#define PROFILE_LEVEL 15
#define HIGH_LEVEL 15

/* Returns the calling thread's simulated IRQL. Any IRQL. */
NTHALAPI KIRQL NTAPI KeGetCurrentIrql(void);
/* Raises to NewIrql (which must not be below the current IRQL) and stores the
 * previous IRQL. Misuse: 0x9 IRQL_NOT_GREATER_OR_EQUAL, or 0xC4/0x30 under
 * the verifier. */
NTHALAPI VOID NTAPI KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql);
NTHALAPI KIRQL FASTCALL KfRaiseIrql(KIRQL NewIrql);
/* Lowers to NewIrql (which must not be above the current IRQL). Misuse: 0xA
 * IRQL_NOT_LESS_OR_EQUAL, or 0xC4/0x31 under the verifier. */
NTHALAPI VOID NTAPI KeLowerIrql(KIRQL NewIrql);
NTHALAPI VOID FASTCALL KfLowerIrql(KIRQL NewIrql);
/* Raises to DISPATCH_LEVEL from at most DISPATCH_LEVEL; returns the previous
 * IRQL. */
NTHALAPI KIRQL NTAPI KeRaiseIrqlToDpcLevel(void);
#define KzRaiseIrql KfRaiseIrql
#define KzLowerIrql KfLowerIrql

/* ---------------------------------------------------------------------------
 * Spin locks. They really exclude other host threads and raise to
 * DISPATCH_LEVEL. IRQL misuse raises 0xC4 (0x32, 0x40, 0x41, 0x42); a
 * recursive acquire (a deadlock on Windows) raises 0xF SPIN_LOCK_ALREADY_OWNED
 * and releasing a lock not held 0x10 SPIN_LOCK_NOT_OWNED, or 0xC4/0x1001 and
 * 0xC4/0x32 under the verifier.
 * ------------------------------------------------------------------------- */

typedef ULONG_PTR KSPIN_LOCK, *PKSPIN_LOCK;

typedef struct _KSPIN_LOCK_QUEUE {
  struct _KSPIN_LOCK_QUEUE* volatile Next;
  PKSPIN_LOCK volatile Lock;
} KSPIN_LOCK_QUEUE, *PKSPIN_LOCK_QUEUE;

typedef struct _KLOCK_QUEUE_HANDLE {
  KSPIN_LOCK_QUEUE LockQueue;
  KIRQL OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;

NTKERNELAPI VOID NTAPI KeInitializeSpinLock(PKSPIN_LOCK SpinLock);
NTKERNELAPI VOID NTAPI KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql);
NTKERNELAPI KIRQL NTAPI KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock);
NTKERNELAPI VOID NTAPI KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql);
NTKERNELAPI VOID NTAPI KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
NTKERNELAPI VOID NTAPI KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock);
NTKERNELAPI BOOLEAN FASTCALL KeTestSpinLock(PKSPIN_LOCK SpinLock);
NTKERNELAPI BOOLEAN FASTCALL KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
NTKERNELAPI VOID FASTCALL KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock,
                                                         PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI VOID FASTCALL KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI VOID FASTCALL KeAcquireInStackQueuedSpinLockAtDpcLevel(
    PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI VOID FASTCALL KeReleaseInStackQueuedSpinLockFromDpcLevel(
    PKLOCK_QUEUE_HANDLE LockHandle);

/* ---------------------------------------------------------------------------
 * Bug checks and exceptions
 * ------------------------------------------------------------------------- */

/* Raises a bug check with the driver's own code and parameters. Under
 * poolsim's GoogleTest integration it fails the test and returns;
 * otherwise it prints the report and ends the process. */
NTKERNELAPI VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1,
                                    ULONG_PTR BugCheckParameter2,
                                    ULONG_PTR BugCheckParameter3,
                                    ULONG_PTR BugCheckParameter4);
NTKERNELAPI VOID NTAPI KeBugCheck(ULONG BugCheckCode);
/* Deviation: there is no structured exception handling on the host, so a
 * raised status is an unhandled kernel exception: bug check 0x1E
 * KMODE_EXCEPTION_NOT_HANDLED with P1 = Status, and the call returns. */
NTSYSAPI VOID NTAPI ExRaiseStatus(NTSTATUS Status);

/* ---------------------------------------------------------------------------
 * Pool
 * ------------------------------------------------------------------------- */

typedef enum _POOL_TYPE {
  NonPagedPool = 0,
  NonPagedPoolExecute = 0,
  PagedPool = 1,
  NonPagedPoolMustSucceed = 2,
  DontUseThisType = 3,
  NonPagedPoolCacheAligned = 4,
  PagedPoolCacheAligned = 5,
  NonPagedPoolCacheAlignedMustS = 6,
  MaxPoolType = 7,
  NonPagedPoolBase = 0,
  NonPagedPoolBaseMustSucceed = 2,
  NonPagedPoolBaseCacheAligned = 4,
  NonPagedPoolBaseCacheAlignedMustS = 6,
  NonPagedPoolSession = 32,
  PagedPoolSession = 33,
  NonPagedPoolMustSucceedSession = 34,
  DontUseThisTypeSession = 35,
  NonPagedPoolCacheAlignedSession = 36,
  PagedPoolCacheAlignedSession = 37,
  NonPagedPoolCacheAlignedMustSSession = 38,
  NonPagedPoolNx = 512,
  NonPagedPoolNxCacheAligned = 516,
  NonPagedPoolSessionNx = 544
} POOL_TYPE;

/* Modifier bits ORed into a POOL_TYPE argument. */
#define POOL_QUOTA_FAIL_INSTEAD_OF_RAISE 8
#define POOL_RAISE_IF_ALLOCATION_FAILURE 16
#define POOL_COLD_ALLOCATION 256
#define POOL_NX_ALLOCATION 512
#define POOL_ZERO_ALLOCATION 1024

#define PROTECTED_POOL 0x80000000

typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_REQUIRED_START 0x0000000000000001ULL
#define POOL_FLAG_USE_QUOTA 0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED 0x0000000000000002ULL
#define POOL_FLAG_SESSION 0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED 0x0000000000000008ULL
#define POOL_FLAG_RESERVED1 0x0000000000000010ULL
#define POOL_FLAG_RAISE_ON_FAILURE 0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED 0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE 0x0000000000000080ULL
#define POOL_FLAG_PAGED 0x0000000000000100ULL
#define POOL_FLAG_RESERVED2 0x0000000000000200ULL
#define POOL_FLAG_RESERVED3 0x0000000000000400ULL
#define POOL_FLAG_REQUIRED_END 0x0000000080000000ULL
#define POOL_FLAG_OPTIONAL_START 0x0000000100000000ULL
#define POOL_FLAG_SPECIAL_POOL 0x0000000100000000ULL
#define POOL_FLAG_OPTIONAL_END 0x8000000000000000ULL

typedef enum _EX_POOL_PRIORITY {
  LowPoolPriority = 0,
  LowPoolPrioritySpecialPoolOverrun = 8,
  LowPoolPrioritySpecialPoolUnderrun = 9,
  NormalPoolPriority = 16,
  NormalPoolPrioritySpecialPoolOverrun = 24,
  NormalPoolPrioritySpecialPoolUnderrun = 25,
  HighPoolPriority = 32,
  HighPoolPrioritySpecialPoolOverrun = 40,
  HighPoolPrioritySpecialPoolUnderrun = 41
} EX_POOL_PRIORITY;

typedef enum POOL_EXTENDED_PARAMETER_TYPE {
  PoolExtendedParameterInvalidType = 0,
  PoolExtendedParameterPriority = 1,
  PoolExtendedParameterSecurePool = 2,
  PoolExtendedParameterNumaNode = 3,
  PoolExtendedParameterMax = 4
} POOL_EXTENDED_PARAMETER_TYPE, *PPOOL_EXTENDED_PARAMETER_TYPE;

#define POOL_EXTENDED_PARAMETER_TYPE_BITS 8
#define POOL_EXTENDED_PARAMETER_REQUIRED_FIELD_BITS 1
#define POOL_EXTENDED_PARAMETER_RESERVED_BITS (64 - 8 - 1)
#define MM_ANY_NODE_OK 0x80000000

typedef struct _POOL_EXTENDED_PARAMS_SECURE_POOL POOL_EXTENDED_PARAMS_SECURE_POOL;

typedef struct _POOL_EXTENDED_PARAMETER {
  struct {
    ULONG64 Type : POOL_EXTENDED_PARAMETER_TYPE_BITS;
    ULONG64 Optional : POOL_EXTENDED_PARAMETER_REQUIRED_FIELD_BITS;
    ULONG64 Reserved : POOL_EXTENDED_PARAMETER_RESERVED_BITS;
  };
  union {
    ULONG64 Reserved2;
    PVOID Reserved3;
    EX_POOL_PRIORITY Priority;
    POOL_EXTENDED_PARAMS_SECURE_POOL* SecurePoolParams;
    ULONG PreferredNode;
  };
} POOL_EXTENDED_PARAMETER, *PPOOL_EXTENDED_PARAMETER;
typedef const POOL_EXTENDED_PARAMETER* PCPOOL_EXTENDED_PARAMETER;

/* Zeroed unless POOL_FLAG_UNINITIALIZED. Returns NULL on tag 0, invalid
 * flags or insufficient resources (raises with POOL_FLAG_RAISE_ON_FAILURE).
 * IRQL <= DISPATCH_LEVEL; paged only at <= APC_LEVEL. */
NTKERNELAPI PVOID NTAPI ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag);
NTKERNELAPI PVOID NTAPI ExAllocatePool3(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag,
                                        PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
                                        ULONG ExtendedParametersCount);
/* Not zeroed. NULL on failure; raises with POOL_RAISE_IF_ALLOCATION_FAILURE.
 * Tag 0, "BIG " and tags without letters or digits bug-check (0xC2 0x9B,
 * 0x9C, 0x9D). */
NTKERNELAPI PVOID NTAPI ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                              ULONG Tag);
NTKERNELAPI PVOID NTAPI ExAllocatePoolWithTagPriority(POOL_TYPE PoolType,
                                                      SIZE_T NumberOfBytes, ULONG Tag,
                                                      EX_POOL_PRIORITY Priority);
/* Raises on failure unless POOL_QUOTA_FAIL_INSTEAD_OF_RAISE. */
NTKERNELAPI PVOID NTAPI ExAllocatePoolWithQuotaTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                                   ULONG Tag);
/* Untagged: the block gets the tag "None" and is counted as "with no tag". */
NTKERNELAPI PVOID NTAPI ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes);
NTKERNELAPI PVOID NTAPI ExAllocatePoolWithQuota(POOL_TYPE PoolType, SIZE_T NumberOfBytes);
/* The inline wrappers of the WDK, as functions: zeroed / not zeroed. */
PVOID NTAPI ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
PVOID NTAPI ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
PVOID NTAPI ExAllocatePoolQuotaZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
PVOID NTAPI ExAllocatePoolQuotaUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                             ULONG Tag);
PVOID NTAPI ExAllocatePoolPriorityZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                                       EX_POOL_PRIORITY Priority);
PVOID NTAPI ExAllocatePoolPriorityUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                                ULONG Tag, EX_POOL_PRIORITY Priority);

/* Frees a block. ExFreePool does not compare tags; ExFreePoolWithTag and
 * ExFreePool2 bug-check 0xC2/0x0A on a mismatch. IRQL <= DISPATCH_LEVEL;
 * paged only at <= APC_LEVEL. */
NTKERNELAPI VOID NTAPI ExFreePoolWithTag(PVOID P, ULONG Tag);
NTKERNELAPI VOID NTAPI ExFreePool(PVOID P);
NTKERNELAPI VOID NTAPI ExFreePool2(PVOID P, ULONG Tag,
                                   PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
                                   ULONG ExtendedParametersCount);

/* ---------------------------------------------------------------------------
 * Lookaside lists. Entries are reused LIFO and not zeroed; the simulated
 * depth is Options::lookaside_depth (POOLSIM_LOOKASIDE_DEPTH), 0 sending
 * every call to the pool. Verifier checks: 0xC4/0xCA re-initialising a live
 * list, 0xCB deleting (or using) a list never initialised, 0xCC freeing pool
 * that holds a live list, 0xCD entry size below the minimum, 0xC4/0x16 an
 * entry freed to a list that did not hand it out; 0xCE at unload for a list
 * never deleted.
 * ------------------------------------------------------------------------- */

typedef struct DECLSPEC_ALIGN(16) _SLIST_ENTRY {
  struct _SLIST_ENTRY* Next;
} SLIST_ENTRY, *PSLIST_ENTRY;

typedef union DECLSPEC_ALIGN(16) _SLIST_HEADER {
  struct {
    ULONGLONG Alignment;
    ULONGLONG Region;
  };
  SINGLE_LIST_ENTRY Single;
} SLIST_HEADER, *PSLIST_HEADER;

typedef PVOID(NTAPI* PALLOCATE_FUNCTION)(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
typedef VOID(NTAPI* PFREE_FUNCTION)(PVOID Buffer);
struct _LOOKASIDE_LIST_EX;
typedef PVOID(NTAPI* PALLOCATE_FUNCTION_EX)(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                                            struct _LOOKASIDE_LIST_EX* Lookaside);
typedef VOID(NTAPI* PFREE_FUNCTION_EX)(PVOID Buffer, struct _LOOKASIDE_LIST_EX* Lookaside);

typedef struct DECLSPEC_ALIGN(16) _GENERAL_LOOKASIDE {
  union {
    SLIST_HEADER ListHead;
    SINGLE_LIST_ENTRY SingleListHead;
  };
  USHORT Depth;
  USHORT MaximumDepth;
  ULONG TotalAllocates;
  union {
    ULONG AllocateMisses;
    ULONG AllocateHits;
  };
  ULONG TotalFrees;
  union {
    ULONG FreeMisses;
    ULONG FreeHits;
  };
  POOL_TYPE Type;
  ULONG Tag;
  ULONG Size;
  union {
    PALLOCATE_FUNCTION_EX AllocateEx;
    PALLOCATE_FUNCTION Allocate;
  };
  union {
    PFREE_FUNCTION_EX FreeEx;
    PFREE_FUNCTION Free;
  };
  LIST_ENTRY ListEntry;
  ULONG LastTotalAllocates;
  union {
    ULONG LastAllocateMisses;
    ULONG LastAllocateHits;
  };
  ULONG Future[2];
} GENERAL_LOOKASIDE, *PGENERAL_LOOKASIDE;
typedef GENERAL_LOOKASIDE GENERAL_LOOKASIDE_POOL, *PGENERAL_LOOKASIDE_POOL;

typedef struct _NPAGED_LOOKASIDE_LIST {
  GENERAL_LOOKASIDE L;
} NPAGED_LOOKASIDE_LIST, *PNPAGED_LOOKASIDE_LIST;

typedef struct _PAGED_LOOKASIDE_LIST {
  GENERAL_LOOKASIDE L;
} PAGED_LOOKASIDE_LIST, *PPAGED_LOOKASIDE_LIST;

typedef struct _LOOKASIDE_LIST_EX {
  GENERAL_LOOKASIDE_POOL L;
} LOOKASIDE_LIST_EX, *PLOOKASIDE_LIST_EX;

#define LOOKASIDE_MINIMUM_BLOCK_SIZE (RTL_SIZEOF_THROUGH_FIELD(SLIST_ENTRY, Next))
#define EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL 0x00000001UL
#define EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE 0x00000002UL
#define EX_MAXIMUM_LOOKASIDE_DEPTH_BASE 256
#define EX_MAXIMUM_LOOKASIDE_DEPTH_LIMIT 1024

NTKERNELAPI VOID NTAPI ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                                       PALLOCATE_FUNCTION Allocate,
                                                       PFREE_FUNCTION Free, ULONG Flags,
                                                       SIZE_T Size, ULONG Tag, USHORT Depth);
NTKERNELAPI PVOID NTAPI ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside);
NTKERNELAPI VOID NTAPI ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                                   PVOID Entry);
NTKERNELAPI VOID NTAPI ExDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside);

NTKERNELAPI VOID NTAPI ExInitializePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside,
                                                      PALLOCATE_FUNCTION Allocate,
                                                      PFREE_FUNCTION Free, ULONG Flags,
                                                      SIZE_T Size, ULONG Tag, USHORT Depth);
NTKERNELAPI PVOID NTAPI ExAllocateFromPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside);
NTKERNELAPI VOID NTAPI ExFreeToPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry);
NTKERNELAPI VOID NTAPI ExDeletePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside);

/* Returns STATUS_SUCCESS, STATUS_INVALID_PARAMETER_4 for a bad PoolType or
 * STATUS_INVALID_PARAMETER_5 for bad Flags. */
NTKERNELAPI NTSTATUS NTAPI ExInitializeLookasideListEx(PLOOKASIDE_LIST_EX Lookaside,
                                                       PALLOCATE_FUNCTION_EX Allocate,
                                                       PFREE_FUNCTION_EX Free,
                                                       POOL_TYPE PoolType, ULONG Flags,
                                                       SIZE_T Size, ULONG Tag, USHORT Depth);
NTKERNELAPI PVOID NTAPI ExAllocateFromLookasideListEx(PLOOKASIDE_LIST_EX Lookaside);
NTKERNELAPI VOID NTAPI ExFreeToLookasideListEx(PLOOKASIDE_LIST_EX Lookaside, PVOID Entry);
NTKERNELAPI VOID NTAPI ExFlushLookasideListEx(PLOOKASIDE_LIST_EX Lookaside);
NTKERNELAPI VOID NTAPI ExDeleteLookasideListEx(PLOOKASIDE_LIST_EX Lookaside);

/* ---------------------------------------------------------------------------
 * Memory helpers drivers use with pool blocks.
 * ------------------------------------------------------------------------- */
#include <string.h>
#ifndef RtlZeroMemory
#define RtlZeroMemory(dst, len) memset((dst), 0, (len))
#endif
#ifndef RtlFillMemory
#define RtlFillMemory(dst, len, fill) memset((dst), (fill), (len))
#endif
#ifndef RtlCopyMemory
#define RtlCopyMemory(dst, src, len) memcpy((dst), (src), (len))
#endif
#ifndef RtlMoveMemory
#define RtlMoveMemory(dst, src, len) memmove((dst), (src), (len))
#endif
#ifndef RtlEqualMemory
#define RtlEqualMemory(a, b, len) (!memcmp((a), (b), (len)))
#endif
#ifndef RtlCompareMemory
#define RtlCompareMemory poolsim_RtlCompareMemory
#endif
SIZE_T NTAPI poolsim_RtlCompareMemory(const VOID* Source1, const VOID* Source2, SIZE_T Length);

POOLSIM_END_EXTERN_C

#endif /* POOLSIM_WDK_WDM_H_ */
