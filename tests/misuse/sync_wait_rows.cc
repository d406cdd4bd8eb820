// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of waits, delays and the kernel's clocks
// (sync/wdk/dispatcher.h, flt_sync.h): every wait that could block runs with
// a short wait bound.
#include <climits>

#include "tests/misuse/sync_rows.h"

namespace misuse {
namespace {

// --- waits ----------------------------------------------------------------------------

MISUSE_CASE(KeWaitForSingleObject, NullObject) {
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(
      status = KeWaitForSingleObject(nullptr, Executive, KernelMode, FALSE, nullptr), 0x1E,
      {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(status, STATUS_TIMEOUT);
}

MISUSE_CASE(KeWaitForSingleObject, NotADispatcherObject) {
  KEVENT garbage;
  Garbage(&garbage);
  FAST_MUTEX fast;
  ExInitializeFastMutex(&fast);
  EX_PUSH_LOCK push = 0;
  for (PVOID object : {static_cast<PVOID>(&garbage), static_cast<PVOID>(&fast),
                       static_cast<PVOID>(&push)}) {
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    NTSTATUS status = STATUS_SUCCESS;
    EXPECT_ONLY_BUGCHECK(
        status = KeWaitForSingleObject(object, Executive, KernelMode, FALSE, &zero), kVerifier,
        {0x1002, Address(object)});
    EXPECT_EQ(status, STATUS_TIMEOUT);
  }
}

MISUSE_CASE(KeWaitForSingleObject, UndefinedReasonModeAndAlertable) {
  // WaitReason, WaitMode and Alertable are accepted and ignored: the host
  // delivers no APCs and no alerts (docs/sync.md).
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  EXPECT_NO_BUGCHECK(EXPECT_EQ(
      KeWaitForSingleObject(&e, static_cast<KWAIT_REASON>(999), static_cast<KPROCESSOR_MODE>(7),
                            TRUE, nullptr),
      STATUS_SUCCESS));
  EXPECT_NO_BUGCHECK(EXPECT_EQ(
      KeWaitForSingleObject(&e, MaximumWaitReason, UserMode, 0xFF, nullptr), STATUS_SUCCESS));
}

MISUSE_CASE(KeWaitForSingleObject, AboveDispatch) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &zero),
                         kVerifier, {0x120, HIGH_LEVEL, Address(&e), Address(&zero)});
  });
}

MISUSE_CASE(KeWaitForSingleObject, AtDispatchWithoutTimeout) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, nullptr),
                         kVerifier, {0x121, DISPATCH_LEVEL, Address(&e), 0});
  });
}

MISUSE_CASE(KeWaitForSingleObject, AtDispatchWithNonZeroTimeout) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  LARGE_INTEGER timeout;
  timeout.QuadPart = -1;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &timeout),
                         kVerifier, {0x122, DISPATCH_LEVEL, Address(&e), Address(&timeout)});
  });
}

MISUSE_CASE(KeWaitForSingleObject, AtDispatchPolling) {
  KEVENT e;
  KeInitializeEvent(&e, SynchronizationEvent, TRUE);
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_NO_BUGCHECK(EXPECT_EQ(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &zero),
                                 STATUS_SUCCESS));
    EXPECT_NO_BUGCHECK(EXPECT_EQ(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &zero),
                                 STATUS_TIMEOUT))
        << "the synchronization event was reset by the first wait";
  });
}

MISUSE_CASE(KeWaitForSingleObject, BoundaryTimeouts) {
  ScopedOptions options(ShortWaitBound);
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  LARGE_INTEGER timeout;
  for (LONGLONG value : {LONGLONG{0}, LONGLONG{-1}, LONGLONG{-10000}, LONGLONG{1}}) {
    timeout.QuadPart = value;  // a poll, 100 ns, 1 ms, an absolute time long past
    EXPECT_NO_BUGCHECK(EXPECT_EQ(
        KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &timeout), STATUS_TIMEOUT))
        << value;
  }
  for (LONGLONG value : {LLONG_MIN, LLONG_MAX}) {
    timeout.QuadPart = value;  // longer than any test: the wait bound ends them
    NTSTATUS status = STATUS_SUCCESS;
    EXPECT_ONLY_BUGCHECK(
        status = KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &timeout), kVerifier,
        {0x1001, Address(&e), kBoundMs})
        << value;
    EXPECT_EQ(status, STATUS_TIMEOUT);
  }
}

MISUSE_CASE(KeWaitForSingleObject, NeverSignaled) {
  ScopedOptions options(ShortWaitBound);
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 0, 1);
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(
      status = KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, nullptr), kVerifier,
      {0x1001, Address(&s), kBoundMs});
  EXPECT_EQ(status, STATUS_TIMEOUT);
}

MISUSE_CASE(KeWaitForSingleObject, MutexHeldElsewhere) {
  ScopedOptions options(ShortWaitBound);
  KMUTEX m;
  KeInitializeMutex(&m, 0);
  WhileHeldElsewhere(
      [&] { KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, nullptr); },
      [&] {
        EXPECT_ONLY_BUGCHECK(KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, nullptr),
                             kVerifier, {0x1001, Address(&m), kBoundMs});
        EXPECT_FALSE(KeAreApcsDisabled()) << "not acquired";
      },
      [&] { KeReleaseMutex(&m, FALSE); });
}

MISUSE_CASE(KeWaitForMultipleObjects, TooManyObjects) {
  KEVENT events[MAXIMUM_WAIT_OBJECTS + 1];
  PVOID objects[MAXIMUM_WAIT_OBJECTS + 1];
  for (int i = 0; i <= MAXIMUM_WAIT_OBJECTS; ++i) {
    KeInitializeEvent(&events[i], NotificationEvent, TRUE);
    objects[i] = &events[i];
  }
  KWAIT_BLOCK blocks[MAXIMUM_WAIT_OBJECTS + 1];
  EXPECT_ONLY_BUGCHECK(
      KeWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, objects, WaitAny, Executive, KernelMode,
                               FALSE, nullptr, blocks),
      0x0C, {MAXIMUM_WAIT_OBJECTS + 1, MAXIMUM_WAIT_OBJECTS, 0, 0});
  EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(THREAD_WAIT_OBJECTS + 1, objects, WaitAny,
                                                Executive, KernelMode, FALSE, nullptr, nullptr),
                       0x0C, {THREAD_WAIT_OBJECTS + 1, THREAD_WAIT_OBJECTS, 0, 0});
}

MISUSE_CASE(KeWaitForMultipleObjects, MaximumAndThreadWaitObjectsExactly) {
  KEVENT events[MAXIMUM_WAIT_OBJECTS];
  PVOID objects[MAXIMUM_WAIT_OBJECTS];
  for (int i = 0; i < MAXIMUM_WAIT_OBJECTS; ++i) {
    KeInitializeEvent(&events[i], NotificationEvent, TRUE);
    objects[i] = &events[i];
  }
  KWAIT_BLOCK blocks[MAXIMUM_WAIT_OBJECTS];
  EXPECT_NO_BUGCHECK(EXPECT_EQ(KeWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, objects, WaitAll,
                                                        Executive, KernelMode, FALSE, nullptr,
                                                        blocks),
                               STATUS_SUCCESS));
  KeResetEvent(&events[0]);
  EXPECT_NO_BUGCHECK(EXPECT_EQ(KeWaitForMultipleObjects(THREAD_WAIT_OBJECTS, objects, WaitAny,
                                                        Executive, KernelMode, FALSE, nullptr,
                                                        nullptr),
                               STATUS_WAIT_1));
}

MISUSE_CASE(KeWaitForMultipleObjects, CountZeroAndUndefinedWaitType) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  PVOID objects[1] = {&e};
  EXPECT_NO_BUGCHECK(EXPECT_EQ(KeWaitForMultipleObjects(0, objects, WaitAny, Executive,
                                                        KernelMode, FALSE, nullptr, nullptr),
                               STATUS_INVALID_PARAMETER));
  for (int type : {int{WaitNotification}, int{WaitDpc}, 77}) {
    EXPECT_NO_BUGCHECK(EXPECT_EQ(
        KeWaitForMultipleObjects(1, objects, static_cast<WAIT_TYPE>(type), Executive, KernelMode,
                                 FALSE, nullptr, nullptr),
        STATUS_INVALID_PARAMETER))
        << type;
  }
}

MISUSE_CASE(KeWaitForMultipleObjects, NullArrayAndNullElement) {
  EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(2, nullptr, WaitAny, Executive, KernelMode,
                                                FALSE, nullptr, nullptr),
                       0x1E, {kAccessViolation, 0, 0, 0});
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  PVOID objects[2] = {&e, nullptr};
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = KeWaitForMultipleObjects(2, objects, WaitAll, Executive,
                                                         KernelMode, FALSE, nullptr, nullptr),
                       0x1E, {kAccessViolation});
  EXPECT_EQ(status, STATUS_TIMEOUT);
}

MISUSE_CASE(KeWaitForMultipleObjects, NeverInitializedElement) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  KEVENT garbage;
  Garbage(&garbage);
  PVOID objects[2] = {&e, &garbage};
  EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                                FALSE, nullptr, nullptr),
                       kVerifier, {0x1002, Address(&garbage)});
}

MISUSE_CASE(KeWaitForMultipleObjects, IrqlLimits) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  PVOID objects[1] = {&e};
  LARGE_INTEGER timeout;
  timeout.QuadPart = -10;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(1, objects, WaitAny, Executive, KernelMode,
                                                  FALSE, &timeout, nullptr),
                         kVerifier, {0x120, HIGH_LEVEL, Address(&e), Address(&timeout)});
  });
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(1, objects, WaitAny, Executive, KernelMode,
                                                  FALSE, nullptr, nullptr),
                         kVerifier, {0x121, DISPATCH_LEVEL, Address(&e), 0});
    EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(1, objects, WaitAny, Executive, KernelMode,
                                                  FALSE, &timeout, nullptr),
                         kVerifier, {0x122, DISPATCH_LEVEL, Address(&e), Address(&timeout)});
  });
}

MISUSE_CASE(KeWaitForMultipleObjects, WaitAllNeverSatisfied) {
  ScopedOptions options(ShortWaitBound);
  KEVENT set;
  KEVENT never;
  KeInitializeEvent(&set, SynchronizationEvent, TRUE);
  KeInitializeEvent(&never, NotificationEvent, FALSE);
  PVOID objects[2] = {&set, &never};
  EXPECT_ONLY_BUGCHECK(KeWaitForMultipleObjects(2, objects, WaitAll, Executive, KernelMode,
                                                FALSE, nullptr, nullptr),
                       kVerifier, {0x1001, Address(&set), kBoundMs});
  EXPECT_EQ(KeReadStateEvent(&set), 1) << "a WaitAll that is not satisfied consumes nothing";
}

MISUSE_CASE(KeDelayExecutionThread, NullInterval) {
  EXPECT_ONLY_BUGCHECK(KeDelayExecutionThread(KernelMode, FALSE, nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
}

MISUSE_CASE(KeDelayExecutionThread, AboveApcLevel) {
  LARGE_INTEGER interval;
  interval.QuadPart = -1;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeDelayExecutionThread(KernelMode, FALSE, &interval), 0x0A,
                         {Address(&interval), DISPATCH_LEVEL, APC_LEVEL});
  });
  AtIrql(APC_LEVEL, [&] {
    EXPECT_NO_BUGCHECK(
        EXPECT_EQ(KeDelayExecutionThread(KernelMode, FALSE, &interval), STATUS_SUCCESS));
  });
}

MISUSE_CASE(KeDelayExecutionThread, BoundaryIntervals) {
  ScopedOptions options(ShortWaitBound);
  LARGE_INTEGER interval;
  for (LONGLONG value : {LONGLONG{0}, LONGLONG{-1}, LONGLONG{1}}) {
    interval.QuadPart = value;  // none, 100 ns, an absolute time long past
    EXPECT_NO_BUGCHECK(
        EXPECT_EQ(KeDelayExecutionThread(KernelMode, TRUE, &interval), STATUS_SUCCESS));
  }
  for (LONGLONG value : {LLONG_MIN, LLONG_MAX}) {
    interval.QuadPart = value;
    NTSTATUS status = STATUS_TIMEOUT;
    EXPECT_ONLY_BUGCHECK(status = KeDelayExecutionThread(KernelMode, FALSE, &interval),
                         kVerifier, {0x1001, Address(&interval), kBoundMs});
    EXPECT_EQ(status, STATUS_SUCCESS);
  }
}

MISUSE_CASE(FltCancellableWaitForSingleObject, NullObject) {
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(status = FltCancellableWaitForSingleObject(nullptr, nullptr, nullptr),
                       0x1E, {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(status, STATUS_TIMEOUT);
}

MISUSE_CASE(FltCancellableWaitForSingleObject, NullObjectAtDispatch) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltCancellableWaitForSingleObject(nullptr, nullptr, nullptr), 0xD1,
                         {0, DISPATCH_LEVEL, 1, 0});
  });
}

MISUSE_CASE(FltCancellableWaitForSingleObject, NeverInitialized) {
  KEVENT garbage;
  Garbage(&garbage);
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  EXPECT_ONLY_BUGCHECK(FltCancellableWaitForSingleObject(&garbage, &zero, nullptr), kVerifier,
                       {0x1002, Address(&garbage)});
}

MISUSE_CASE(FltCancellableWaitForSingleObject, AboveApcLevel) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  AtIrql(DISPATCH_LEVEL, [&] {
    NTSTATUS status = STATUS_SUCCESS;
    EXPECT_ONLY_BUGCHECK(status = FltCancellableWaitForSingleObject(&e, &zero, nullptr), 0x0A,
                         {Address(&e), DISPATCH_LEVEL, APC_LEVEL});
    EXPECT_EQ(status, STATUS_TIMEOUT);
  });
}

MISUSE_CASE(FltCancellableWaitForSingleObject, BoundaryTimeouts) {
  ScopedOptions options(ShortWaitBound);
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  LARGE_INTEGER timeout;
  timeout.QuadPart = 0;
  EXPECT_EQ(FltCancellableWaitForSingleObject(&e, &timeout, nullptr), STATUS_TIMEOUT);
  timeout.QuadPart = -100;
  EXPECT_EQ(FltCancellableWaitForSingleObject(&e, &timeout, nullptr), STATUS_TIMEOUT);
  EXPECT_ONLY_BUGCHECK(FltCancellableWaitForSingleObject(&e, nullptr, nullptr), kVerifier,
                       {0x1001, Address(&e), kBoundMs});
  KeSetEvent(&e, IO_NO_INCREMENT, FALSE);
  EXPECT_EQ(FltCancellableWaitForSingleObject(&e, nullptr, nullptr), STATUS_SUCCESS);
}

// --- clocks -----------------------------------------------------------------------------

// 100 ns units since 1601 of January 1, 2020: the host's clock is later.
constexpr LONGLONG k2020 = 132223104000000000LL;

MISUSE_CASE(KeQuerySystemTime, NullTime) {
  EXPECT_ONLY_BUGCHECK(KeQuerySystemTime(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeQuerySystemTime(nullptr), 0xD1, {0, HIGH_LEVEL, 1, 0});
  });
}

MISUSE_CASE(KeQuerySystemTime, AtHighLevel) {
  LARGE_INTEGER t;
  t.QuadPart = 0;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(KeQuerySystemTime(&t)); });
  EXPECT_GT(t.QuadPart, k2020);
}

MISUSE_CASE(KeQuerySystemTimePrecise, NullTime) {
  EXPECT_ONLY_BUGCHECK(KeQuerySystemTimePrecise(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeQuerySystemTimePrecise, AtHighLevel) {
  LARGE_INTEGER coarse;
  KeQuerySystemTime(&coarse);
  LARGE_INTEGER precise;
  precise.QuadPart = 0;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(KeQuerySystemTimePrecise(&precise)); });
  EXPECT_GE(precise.QuadPart, coarse.QuadPart);
}

MISUSE_CASE(KeQueryTickCount, NullTickCount) {
  EXPECT_ONLY_BUGCHECK(KeQueryTickCount(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeQueryTickCount, AtHighLevelMonotonic) {
  LARGE_INTEGER first;
  LARGE_INTEGER second;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_NO_BUGCHECK(KeQueryTickCount(&first));
    KeQueryTickCount(&second);
  });
  EXPECT_GE(second.QuadPart, first.QuadPart);
  EXPECT_GE(first.QuadPart, 0);
}

MISUSE_CASE(KeQueryTimeIncrement, AtHighLevel) {
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(EXPECT_EQ(KeQueryTimeIncrement(), 156250u)); });
}

MISUSE_CASE(KeQueryInterruptTime, AtHighLevelMonotonic) {
  ULONGLONG first = 0;
  ULONGLONG second = 0;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_NO_BUGCHECK(first = KeQueryInterruptTime());
    second = KeQueryInterruptTime();
  });
  EXPECT_GE(second, first);
  LARGE_INTEGER ticks;
  KeQueryTickCount(&ticks);
  // The tick count counts whole ticks of the same clock.
  EXPECT_LE(static_cast<ULONGLONG>(ticks.QuadPart) * KeQueryTimeIncrement(),
            KeQueryInterruptTime());
}

MISUSE_CASE(KeQueryInterruptTimePrecise, NullQpcTimeStamp) {
  ULONGLONG t = 1;
  EXPECT_ONLY_BUGCHECK(t = KeQueryInterruptTimePrecise(nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(t, 0u);
}

MISUSE_CASE(KeQueryInterruptTimePrecise, AtHighLevel) {
  ULONG64 qpc = 0;
  ULONGLONG t = 0;
  const ULONGLONG before = KeQueryInterruptTime();
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(t = KeQueryInterruptTimePrecise(&qpc)); });
  EXPECT_GE(t, before);
  EXPECT_NE(qpc, 0u);
}

MISUSE_CASE(KeQueryPerformanceCounter, NullFrequencyIsOptional) {
  LARGE_INTEGER first;
  LARGE_INTEGER frequency;
  frequency.QuadPart = 0;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_NO_BUGCHECK(first = KeQueryPerformanceCounter(nullptr));
    KeQueryPerformanceCounter(&frequency);
  });
  EXPECT_EQ(frequency.QuadPart, 10000000);
  EXPECT_GE(KeQueryPerformanceCounter(nullptr).QuadPart, first.QuadPart);
}

}  // namespace
}  // namespace misuse
