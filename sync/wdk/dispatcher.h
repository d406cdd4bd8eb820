/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: sync/wdk/dispatcher.h
 * -----------------------------------------------------------------------------
 *
 * Dispatcher objects and waits: KEVENT, KSEMAPHORE, KMUTEX, KWAIT_BLOCK,
 * KeWaitForSingleObject / KeWaitForMultipleObjects, KeDelayExecutionThread,
 * and the kernel's clocks (KeQuerySystemTime, KeQueryTickCount,
 * KeQueryInterruptTime, KeQueryPerformanceCounter). The objects live in
 * driver memory with the x64 layouts; their state is changed only under the
 * simulator's dispatcher lock, and waits block the host thread for real,
 * bounded by poolsim's Options::wait_timeout_ms (POOLSIM_WAIT_TIMEOUT_MS).
 * WaitMode and Alertable are accepted and ignored: the host delivers no APCs
 * and no alerts, so STATUS_ALERTED / STATUS_USER_APC never come back.
 * C11 and C++. */

#ifndef SYNC_WDK_DISPATCHER_H_
#define SYNC_WDK_DISPATCHER_H_

#include "poolsim/wdk/ntdef.h"
#include "poolsim/wdk/wdm.h"

/* Wait statuses (defined only if absent). */
#ifndef STATUS_WAIT_0
#define STATUS_WAIT_0 ((NTSTATUS)0x00000000L)
#endif
#ifndef STATUS_WAIT_1
#define STATUS_WAIT_1 ((NTSTATUS)0x00000001L)
#endif
#ifndef STATUS_WAIT_2
#define STATUS_WAIT_2 ((NTSTATUS)0x00000002L)
#endif
#ifndef STATUS_WAIT_3
#define STATUS_WAIT_3 ((NTSTATUS)0x00000003L)
#endif
#ifndef STATUS_WAIT_63
#define STATUS_WAIT_63 ((NTSTATUS)0x0000003FL)
#endif
#ifndef STATUS_ABANDONED
#define STATUS_ABANDONED ((NTSTATUS)0x00000080L)
#endif
#ifndef STATUS_ABANDONED_WAIT_0
#define STATUS_ABANDONED_WAIT_0 ((NTSTATUS)0x00000080L)
#endif
#ifndef STATUS_ABANDONED_WAIT_63
#define STATUS_ABANDONED_WAIT_63 ((NTSTATUS)0x000000BFL)
#endif
#ifndef STATUS_USER_APC
#define STATUS_USER_APC ((NTSTATUS)0x000000C0L)
#endif
#ifndef STATUS_ALERTED
#define STATUS_ALERTED ((NTSTATUS)0x00000101L)
#endif
#ifndef STATUS_TIMEOUT
#define STATUS_TIMEOUT ((NTSTATUS)0x00000102L)
#endif
#ifndef STATUS_MUTANT_NOT_OWNED
#define STATUS_MUTANT_NOT_OWNED ((NTSTATUS)0xC0000046L)
#endif
#ifndef STATUS_SEMAPHORE_LIMIT_EXCEEDED
#define STATUS_SEMAPHORE_LIMIT_EXCEEDED ((NTSTATUS)0xC0000047L)
#endif

#ifndef KernelMode
typedef CCHAR KPROCESSOR_MODE;
#define KernelMode 0
#define UserMode 1
#endif

/* Wait-block limits. */
#define THREAD_WAIT_OBJECTS 3
#define MAXIMUM_WAIT_OBJECTS 64

/* Priority increments (KeSetEvent, KeReleaseSemaphore): accepted, ignored. */
#ifndef IO_NO_INCREMENT
#define IO_NO_INCREMENT 0
#endif
#ifndef EVENT_INCREMENT
#define EVENT_INCREMENT 1
#endif
#ifndef SEMAPHORE_INCREMENT
#define SEMAPHORE_INCREMENT 1
#endif
#ifndef MUTANT_INCREMENT
#define MUTANT_INCREMENT 1
#endif

typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;

typedef enum _WAIT_TYPE {
  WaitAll,
  WaitAny,
  WaitNotification,
  WaitDequeue,
  WaitDpc
} WAIT_TYPE;

typedef enum _KWAIT_REASON {
  Executive,
  FreePage,
  PageIn,
  PoolAllocation,
  DelayExecution,
  Suspended,
  UserRequest,
  WrExecutive,
  WrFreePage,
  WrPageIn,
  WrPoolAllocation,
  WrDelayExecution,
  WrSuspended,
  WrUserRequest,
  WrSpare0,
  WrQueue,
  WrLpcReceive,
  WrLpcReply,
  WrVirtualMemory,
  WrPageOut,
  WrRendezvous,
  WrKeyedEvent,
  WrTerminated,
  WrProcessInSwap,
  WrCpuRateControl,
  WrCalloutStack,
  WrKernel,
  WrResource,
  WrPushLock,
  WrMutex,
  WrQuantumEnd,
  WrDispatchInt,
  WrPreempted,
  WrYieldExecution,
  WrFastMutex,
  WrGuardedMutex,
  WrRundown,
  WrAlertByThreadId,
  WrDeferredPreempt,
  WrPhysicalFault,
  WrIoRing,
  WrMdlCache,
  MaximumWaitReason
} KWAIT_REASON;

/* The common header of dispatcher objects (x64: 24 bytes). Type says which
 * object it is; SignalState is > 0 while signaled. */
typedef struct _DISPATCHER_HEADER {
  UCHAR Type;
  UCHAR Signalling;
  UCHAR Size;
  UCHAR Reserved1;
  LONG SignalState;
  LIST_ENTRY WaitListHead;
} DISPATCHER_HEADER, *PDISPATCHER_HEADER;

typedef struct _KEVENT {
  DISPATCHER_HEADER Header;
} KEVENT, *PKEVENT, *PRKEVENT;

typedef struct _KSEMAPHORE {
  DISPATCHER_HEADER Header;
  LONG Limit;
} KSEMAPHORE, *PKSEMAPHORE, *PRKSEMAPHORE;

typedef struct _KMUTANT {
  DISPATCHER_HEADER Header;
  LIST_ENTRY MutantListEntry;
  struct _KTHREAD* OwnerThread; /* the owner's thread ordinal on the host */
  BOOLEAN Abandoned;
  UCHAR ApcDisable;
} KMUTANT, *PKMUTANT, *PRKMUTANT, KMUTEX, *PKMUTEX, *PRKMUTEX;

typedef struct _KWAIT_BLOCK {
  LIST_ENTRY WaitListEntry;
  UCHAR WaitType;
  volatile UCHAR BlockState;
  USHORT WaitKey;
  LONG SpareLong;
  struct _KTHREAD* Thread;
  PVOID Object;
  PVOID SparePtr;
} KWAIT_BLOCK, *PKWAIT_BLOCK, *PRKWAIT_BLOCK;

POOLSIM_BEGIN_EXTERN_C

/* Events. IRQL <= DISPATCH_LEVEL (KeInitializeEvent: any). Each call takes an
 * event only: a semaphore, a mutex or garbage is 0xC4/0x1002, as is a
 * semaphore call on another kind of object and a mutex call likewise. */
/* An undefined Type leaves an object no call accepts (0xC4/0x1002 at its
 * first use). */
NTKERNELAPI VOID NTAPI KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State);
/* Returns the previous state. Wait = TRUE: the caller stays at
 * DISPATCH_LEVEL until its next KeWaitFor* call, which returns it to its IRQL
 * before KeSetEvent. Above DISPATCH_LEVEL: 0xC4/0x80. */
NTKERNELAPI LONG NTAPI KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait);
NTKERNELAPI VOID NTAPI KeClearEvent(PRKEVENT Event);
NTKERNELAPI LONG NTAPI KeResetEvent(PRKEVENT Event); /* returns the previous state */
NTKERNELAPI LONG NTAPI KeReadStateEvent(PRKEVENT Event);
NTKERNELAPI LONG NTAPI KePulseEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait);

/* Semaphores. KeReleaseSemaphore returns the previous count; a release past
 * the limit raises STATUS_SEMAPHORE_LIMIT_EXCEEDED (an unhandled exception on
 * the host: 0x1E). */
NTKERNELAPI VOID NTAPI KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit);
NTKERNELAPI LONG NTAPI KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment,
                                          LONG Adjustment, BOOLEAN Wait);
NTKERNELAPI LONG NTAPI KeReadStateSemaphore(PRKSEMAPHORE Semaphore);

/* Mutexes (acquired with KeWaitFor*; recursive; owning one disables normal
 * kernel APCs). A release by a thread that does not own it raises
 * STATUS_MUTANT_NOT_OWNED (0x1E on the host). */
NTKERNELAPI VOID NTAPI KeInitializeMutex(PRKMUTEX Mutex, ULONG Level);
NTKERNELAPI LONG NTAPI KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait);
NTKERNELAPI LONG NTAPI KeReadStateMutex(PRKMUTEX Mutex);

/* Waits. IRQL <= APC_LEVEL, or DISPATCH_LEVEL with a zero timeout (0xC4/
 * 0x120, 0x121, 0x122 otherwise). Timeout: NULL waits forever, negative is
 * relative (100 ns units), positive is an absolute system time, zero polls.
 * Returns STATUS_SUCCESS / STATUS_WAIT_0 + n, or STATUS_TIMEOUT. */
NTKERNELAPI NTSTATUS NTAPI KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
                                                 KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                                 PLARGE_INTEGER Timeout);
/* Count <= THREAD_WAIT_OBJECTS may pass a NULL WaitBlockArray; up to
 * MAXIMUM_WAIT_OBJECTS with an array of Count blocks (0xC otherwise). */
NTKERNELAPI NTSTATUS NTAPI KeWaitForMultipleObjects(ULONG Count, PVOID Object[],
                                                    WAIT_TYPE WaitType, KWAIT_REASON WaitReason,
                                                    KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                                    PLARGE_INTEGER Timeout,
                                                    PKWAIT_BLOCK WaitBlockArray);
#define KeWaitForMutexObject KeWaitForSingleObject

/* Sleeps for Interval (negative: relative, positive: absolute). IRQL <=
 * APC_LEVEL. Returns STATUS_SUCCESS. */
NTKERNELAPI NTSTATUS NTAPI KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                                  PLARGE_INTEGER Interval);

/* Clocks: the host's real time (100 ns units since 1601), its monotonic clock
 * for the interrupt time and tick count, a 10 MHz performance counter. */
NTKERNELAPI VOID NTAPI KeQuerySystemTime(PLARGE_INTEGER CurrentTime);
NTKERNELAPI VOID NTAPI KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime);
NTKERNELAPI VOID NTAPI KeQueryTickCount(PLARGE_INTEGER TickCount);
NTKERNELAPI ULONG NTAPI KeQueryTimeIncrement(void);
NTKERNELAPI ULONGLONG NTAPI KeQueryInterruptTime(void);
/* QpcTimeStamp is an out parameter, not optional (NULL: 0x1E, result 0). */
NTKERNELAPI ULONGLONG NTAPI KeQueryInterruptTimePrecise(PULONG64 QpcTimeStamp);
NTKERNELAPI LARGE_INTEGER NTAPI KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency);

POOLSIM_END_EXTERN_C

#endif /* SYNC_WDK_DISPATCHER_H_ */
