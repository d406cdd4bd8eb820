// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of events, semaphores and mutexes
// (sync/wdk/dispatcher.h): NULL, garbage, an object of another kind, the
// IRQL, limits and counts.
#include "tests/misuse/sync_rows.h"

namespace misuse {
namespace {

// --- events -------------------------------------------------------------------------

MISUSE_CASE(KeInitializeEvent, NullEvent) {
  EXPECT_ONLY_BUGCHECK(KeInitializeEvent(nullptr, NotificationEvent, FALSE), 0x1E,
                       {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeInitializeEvent, GarbageStorageAtHighLevel) {
  KEVENT e;
  Garbage(&e);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_NO_BUGCHECK(KeInitializeEvent(&e, SynchronizationEvent, TRUE));  // any IRQL
  });
  EXPECT_EQ(KeReadStateEvent(&e), 1);
}

MISUSE_CASE(KeInitializeEvent, UndefinedType) {
  KEVENT e;
  for (int type : {2, 5, 0x7F, 0xFF}) {
    EXPECT_NO_BUGCHECK(KeInitializeEvent(&e, static_cast<EVENT_TYPE>(type), TRUE)) << type;
    EXPECT_ONLY_BUGCHECK(KeSetEvent(&e, IO_NO_INCREMENT, FALSE), kVerifier,
                         {0x1002, Address(&e)})
        << type;
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    EXPECT_ONLY_BUGCHECK(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &zero),
                         kVerifier, {0x1002, Address(&e)})
        << type << ": not a mutex or semaphore either";
  }
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  EXPECT_EQ(KeReadStateEvent(&e), 1) << "a defined type initializes it again";
}

// NULL, never initialized, another kind of object.
#define SYNC_EVENT_OBJECT_ROWS(api, access, ...)                                             \
  MISUSE_CASE(api, NullEvent) {                                                              \
    EXPECT_ONLY_BUGCHECK(api(nullptr __VA_ARGS__), 0x1E, {kAccessViolation, 0, access, 0});  \
  }                                                                                          \
  MISUSE_CASE(api, NeverInitialized) {                                                       \
    KEVENT e;                                                                                \
    Garbage(&e);                                                                             \
    EXPECT_ONLY_BUGCHECK(EXPECT_EQ(api(&e __VA_ARGS__), 0), kVerifier, {0x1002, Address(&e)}); \
  }                                                                                          \
  MISUSE_CASE(api, SemaphoreIsNotAnEvent) {                                                  \
    KSEMAPHORE s;                                                                            \
    KeInitializeSemaphore(&s, 1, 1);                                                         \
    EXPECT_ONLY_BUGCHECK(api(reinterpret_cast<PRKEVENT>(&s) __VA_ARGS__), kVerifier,         \
                         {0x1002, Address(&s)});                                             \
    EXPECT_EQ(KeReadStateSemaphore(&s), 1) << "untouched";                                   \
  }                                                                                          \
  MISUSE_CASE(api, MutexIsNotAnEvent) {                                                      \
    KMUTEX m;                                                                                \
    KeInitializeMutex(&m, 0);                                                                \
    EXPECT_ONLY_BUGCHECK(api(reinterpret_cast<PRKEVENT>(&m) __VA_ARGS__), kVerifier,         \
                         {0x1002, Address(&m)});                                             \
    EXPECT_EQ(KeReadStateMutex(&m), 1) << "untouched";                                       \
  }

SYNC_EVENT_OBJECT_ROWS(KeSetEvent, 1, , IO_NO_INCREMENT, FALSE)
SYNC_EVENT_OBJECT_ROWS(KePulseEvent, 1, , IO_NO_INCREMENT, FALSE)
SYNC_EVENT_OBJECT_ROWS(KeResetEvent, 1)
SYNC_EVENT_OBJECT_ROWS(KeReadStateEvent, 0)

MISUSE_CASE(KeClearEvent, NullEvent) {
  EXPECT_ONLY_BUGCHECK(KeClearEvent(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeClearEvent, NeverInitialized) {
  KEVENT e;
  Garbage(&e);
  EXPECT_ONLY_BUGCHECK(KeClearEvent(&e), kVerifier, {0x1002, Address(&e)});
}

MISUSE_CASE(KeClearEvent, SemaphoreIsNotAnEvent) {
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 2, 2);
  EXPECT_ONLY_BUGCHECK(KeClearEvent(reinterpret_cast<PRKEVENT>(&s)), kVerifier,
                       {0x1002, Address(&s)});
  EXPECT_EQ(KeReadStateSemaphore(&s), 2) << "untouched";
}

MISUSE_CASE(KeSetEvent, AboveDispatch) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeSetEvent(&e, IO_NO_INCREMENT, FALSE), kVerifier,
                         {0x80, HIGH_LEVEL, Address(&e)});
  });
  EXPECT_EQ(KeReadStateEvent(&e), 0) << "not set";
}

MISUSE_CASE(KeSetEvent, TwiceReturnsThePreviousState) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_EQ(KeSetEvent(&e, IO_NO_INCREMENT, FALSE), 0);
    EXPECT_EQ(KeSetEvent(&e, IO_NO_INCREMENT, FALSE), 1);
  });
}

MISUSE_CASE(KeSetEvent, WaitTrueIsFollowedByAWait) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  EXPECT_EQ(KeSetEvent(&e, IO_NO_INCREMENT, TRUE), 0);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL) << "until the next wait";
  EXPECT_NO_BUGCHECK(
      EXPECT_EQ(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS));
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KePulseEvent, AboveDispatch) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KePulseEvent(&e, IO_NO_INCREMENT, FALSE), kVerifier,
                         {0x80, HIGH_LEVEL, Address(&e)});
  });
  EXPECT_EQ(KeReadStateEvent(&e), 1) << "untouched";
}

MISUSE_CASE(KePulseEvent, LeavesTheEventReset) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  EXPECT_EQ(KePulseEvent(&e, IO_NO_INCREMENT, FALSE), 1);
  EXPECT_EQ(KeReadStateEvent(&e), 0);
  EXPECT_EQ(KePulseEvent(&e, IO_NO_INCREMENT, FALSE), 0);
}

// The IRQL limit of the calls allowed up to DISPATCH_LEVEL.
#define SYNC_EVENT_IRQL_ROW(api)                                                        \
  MISUSE_CASE(api, AboveDispatch) {                                                     \
    KEVENT e;                                                                           \
    KeInitializeEvent(&e, NotificationEvent, TRUE);                                     \
    AtIrql(HIGH_LEVEL, [&] {                                                            \
      EXPECT_ONLY_BUGCHECK(api(&e), 0x0A, {Address(&e), HIGH_LEVEL, DISPATCH_LEVEL});   \
    });                                                                                 \
    AtIrql(DISPATCH_LEVEL, [&] { EXPECT_NO_BUGCHECK(api(&e)); });                       \
  }

SYNC_EVENT_IRQL_ROW(KeClearEvent)
SYNC_EVENT_IRQL_ROW(KeResetEvent)
SYNC_EVENT_IRQL_ROW(KeReadStateEvent)

MISUSE_CASE(KeResetEvent, ReturnsThePreviousState) {
  KEVENT e;
  KeInitializeEvent(&e, SynchronizationEvent, TRUE);
  EXPECT_EQ(KeResetEvent(&e), 1);
  EXPECT_EQ(KeResetEvent(&e), 0);
}

// --- semaphores ---------------------------------------------------------------------

MISUSE_CASE(KeInitializeSemaphore, NullSemaphore) {
  EXPECT_ONLY_BUGCHECK(KeInitializeSemaphore(nullptr, 0, 1), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeInitializeSemaphore, GarbageStorageAtHighLevel) {
  KSEMAPHORE s;
  Garbage(&s);
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(KeInitializeSemaphore(&s, kLongMax, kLongMax)); });
  EXPECT_EQ(KeReadStateSemaphore(&s), kLongMax);
}

MISUSE_CASE(KeReleaseSemaphore, NullSemaphore) {
  EXPECT_ONLY_BUGCHECK(KeReleaseSemaphore(nullptr, 0, 1, FALSE), 0x1E,
                       {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeReleaseSemaphore, NeverInitialized) {
  KSEMAPHORE s;
  Garbage(&s);
  EXPECT_ONLY_BUGCHECK(KeReleaseSemaphore(&s, 0, 1, FALSE), kVerifier, {0x1002, Address(&s)});
}

MISUSE_CASE(KeReleaseSemaphore, EventIsNotASemaphore) {
  // An event's header is shorter than a semaphore: nothing past it is read.
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  EXPECT_ONLY_BUGCHECK(KeReleaseSemaphore(reinterpret_cast<PRKSEMAPHORE>(&e), 0, 1, FALSE),
                       kVerifier, {0x1002, Address(&e)});
  EXPECT_EQ(KeReadStateEvent(&e), 0);
}

MISUSE_CASE(KeReleaseSemaphore, AboveDispatch) {
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 0, 1);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseSemaphore(&s, 0, 1, FALSE), 0x0A,
                         {Address(&s), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  EXPECT_EQ(KeReadStateSemaphore(&s), 0);
}

MISUSE_CASE(KeReleaseSemaphore, PastTheLimit) {
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 1, 2);
  LONG previous = -1;
  EXPECT_ONLY_BUGCHECK(previous = KeReleaseSemaphore(&s, 0, 2, FALSE), 0x1E,
                       {kSemaphoreLimitExceeded, 0, 0, 0});
  EXPECT_EQ(previous, 1);
  EXPECT_EQ(KeReadStateSemaphore(&s), 1) << "the count is unchanged";
  EXPECT_NO_BUGCHECK(EXPECT_EQ(KeReleaseSemaphore(&s, 0, 1, FALSE), 1)) << "up to the limit";
  EXPECT_EQ(KeReadStateSemaphore(&s), 2);
}

MISUSE_CASE(KeReleaseSemaphore, AdjustmentNotPositive) {
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 1, 5);
  for (LONG adjustment : {0, -1, kLongMin}) {
    EXPECT_ONLY_BUGCHECK(KeReleaseSemaphore(&s, 0, adjustment, FALSE), 0x1E,
                         {kSemaphoreLimitExceeded})
        << adjustment;
  }
  EXPECT_EQ(KeReadStateSemaphore(&s), 1);
}

MISUSE_CASE(KeReleaseSemaphore, AdjustmentThatOverflows) {
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 1, kLongMax);
  EXPECT_ONLY_BUGCHECK(KeReleaseSemaphore(&s, 0, kLongMax, FALSE), 0x1E,
                       {kSemaphoreLimitExceeded});
  EXPECT_EQ(KeReadStateSemaphore(&s), 1);
  EXPECT_NO_BUGCHECK(KeReleaseSemaphore(&s, 0, kLongMax - 1, FALSE));
  EXPECT_EQ(KeReadStateSemaphore(&s), kLongMax);
}

MISUSE_CASE(KeReadStateSemaphore, NullSemaphore) {
  EXPECT_ONLY_BUGCHECK(KeReadStateSemaphore(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
}

MISUSE_CASE(KeReadStateSemaphore, NeverInitializedAndMutex) {
  KSEMAPHORE s;
  Garbage(&s);
  EXPECT_ONLY_BUGCHECK(EXPECT_EQ(KeReadStateSemaphore(&s), 0), kVerifier, {0x1002, Address(&s)});
  KMUTEX m;
  KeInitializeMutex(&m, 0);
  EXPECT_ONLY_BUGCHECK(KeReadStateSemaphore(reinterpret_cast<PRKSEMAPHORE>(&m)), kVerifier,
                       {0x1002, Address(&m)});
}

MISUSE_CASE(KeReadStateSemaphore, AboveDispatch) {
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 3, 3);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReadStateSemaphore(&s), 0x0A,
                         {Address(&s), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_EQ(KeReadStateSemaphore(&s), 3); });
}

// --- mutexes ------------------------------------------------------------------------

MISUSE_CASE(KeInitializeMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(KeInitializeMutex(nullptr, 0), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeInitializeMutex, GarbageStorageAtHighLevel) {
  KMUTEX m;
  Garbage(&m);
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(KeInitializeMutex(&m, 0xFFFFFFFF)); });
  EXPECT_EQ(KeReadStateMutex(&m), 1) << "signaled";
}

MISUSE_CASE(KeReleaseMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(KeReleaseMutex(nullptr, FALSE), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeReleaseMutex, NotOwnedAndOnceTooOften) {
  KMUTEX m;
  KeInitializeMutex(&m, 0);
  EXPECT_ONLY_BUGCHECK(KeReleaseMutex(&m, FALSE), 0x1E, {kMutantNotOwned, 0, 0, 0});
  // Recursive: two acquisitions, two releases; the third is not owned.
  KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, nullptr);
  KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, nullptr);
  EXPECT_EQ(KeReadStateMutex(&m), -1);
  EXPECT_NO_BUGCHECK(KeReleaseMutex(&m, FALSE));
  EXPECT_NO_BUGCHECK(KeReleaseMutex(&m, FALSE));
  EXPECT_ONLY_BUGCHECK(KeReleaseMutex(&m, FALSE), 0x1E, {kMutantNotOwned});
  EXPECT_EQ(KeReadStateMutex(&m), 1);
  EXPECT_FALSE(KeAreApcsDisabled()) << "the owner's critical region ended with the last release";
}

MISUSE_CASE(KeReleaseMutex, NeverInitialized) {
  KMUTEX m;
  Garbage(&m);
  EXPECT_ONLY_BUGCHECK(KeReleaseMutex(&m, FALSE), kVerifier, {0x1002, Address(&m)});
}

MISUSE_CASE(KeReleaseMutex, EventIsNotAMutex) {
  KEVENT e;
  KeInitializeEvent(&e, SynchronizationEvent, FALSE);
  EXPECT_ONLY_BUGCHECK(KeReleaseMutex(reinterpret_cast<PRKMUTEX>(&e), FALSE), kVerifier,
                       {0x1002, Address(&e)});
  EXPECT_EQ(KeReadStateEvent(&e), 0);
}

MISUSE_CASE(KeReleaseMutex, AboveDispatch) {
  KMUTEX m;
  KeInitializeMutex(&m, 0);
  KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, nullptr);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseMutex(&m, FALSE), 0x0A,
                         {Address(&m), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  EXPECT_EQ(KeReadStateMutex(&m), 0) << "still owned";
  KeReleaseMutex(&m, FALSE);
}

MISUSE_CASE(KeReleaseMutex, HeldByAnotherThread) {
  KMUTEX m;
  KeInitializeMutex(&m, 0);
  WhileHeldElsewhere(
      [&] { KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, nullptr); },
      [&] {
        EXPECT_ONLY_BUGCHECK(KeReleaseMutex(&m, FALSE), 0x1E, {kMutantNotOwned});
        EXPECT_EQ(KeReadStateMutex(&m), 0);
      },
      [&] { KeReleaseMutex(&m, FALSE); });
  EXPECT_EQ(KeReadStateMutex(&m), 1);
}

MISUSE_CASE(KeReadStateMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(KeReadStateMutex(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
}

MISUSE_CASE(KeReadStateMutex, NeverInitializedAndSemaphore) {
  KMUTEX m;
  Garbage(&m);
  EXPECT_ONLY_BUGCHECK(EXPECT_EQ(KeReadStateMutex(&m), 0), kVerifier, {0x1002, Address(&m)});
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 1, 1);
  EXPECT_ONLY_BUGCHECK(KeReadStateMutex(reinterpret_cast<PRKMUTEX>(&s)), kVerifier,
                       {0x1002, Address(&s)});
}

MISUSE_CASE(KeReadStateMutex, AboveDispatch) {
  KMUTEX m;
  KeInitializeMutex(&m, 0);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReadStateMutex(&m), 0x0A, {Address(&m), HIGH_LEVEL, DISPATCH_LEVEL});
  });
}

}  // namespace
}  // namespace misuse
