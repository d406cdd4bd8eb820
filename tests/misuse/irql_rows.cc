// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of IRQL, spin locks, bug checks and raised statuses
// (poolsim/wdk/wdm.h). Default (retail) checks.

#include <cstdint>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr KIRQL kGarbageIrql = 200;

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

void ShortSpinTimeout(poolsim::Options& o) { o.spin_timeout_ms = 20; }

// IRQL.

MISUSE_CASE(KeGetCurrentIrql, AtEveryLevel) {
  for (KIRQL level :
       {KIRQL{APC_LEVEL}, KIRQL{DISPATCH_LEVEL}, KIRQL{HIGH_LEVEL}}) {
    AtIrql(level, [&] { EXPECT_EQ(KeGetCurrentIrql(), level); });
  }
}

MISUSE_CASE(KeRaiseIrql, NullOldIrql) {
  EXPECT_ONLY_BUGCHECK(KeRaiseIrql(DISPATCH_LEVEL, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KeRaiseIrql, BelowCurrent) {
  AtIrql(DISPATCH_LEVEL, [&] {
    KIRQL old = HIGH_LEVEL;
    EXPECT_ONLY_BUGCHECK(KeRaiseIrql(PASSIVE_LEVEL, &old), 0x09,
                         {DISPATCH_LEVEL, PASSIVE_LEVEL});
    EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  });
}

MISUSE_CASE(KeRaiseIrql, AboveHighLevel) {
  KIRQL old = HIGH_LEVEL;
  EXPECT_ONLY_BUGCHECK(KeRaiseIrql(kGarbageIrql, &old), 0x09,
                       {PASSIVE_LEVEL, kGarbageIrql});
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KfRaiseIrql, BelowCurrentAndAboveHigh) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KfRaiseIrql(APC_LEVEL), 0x09,
                         {DISPATCH_LEVEL, APC_LEVEL});
    EXPECT_ONLY_BUGCHECK(KfRaiseIrql(kGarbageIrql), 0x09,
                         {DISPATCH_LEVEL, kGarbageIrql});
    EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  });
}

MISUSE_CASE(KeRaiseIrqlToDpcLevel, FromHighLevel) {
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeRaiseIrqlToDpcLevel(), 0x09,
                         {HIGH_LEVEL, DISPATCH_LEVEL});
    EXPECT_EQ(KeGetCurrentIrql(), HIGH_LEVEL);
  });
}

MISUSE_CASE(KeLowerIrql, AboveCurrent) {
  EXPECT_ONLY_BUGCHECK(KeLowerIrql(DISPATCH_LEVEL), 0x0A,
                       {PASSIVE_LEVEL, DISPATCH_LEVEL});
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KeLowerIrql, Garbage) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeLowerIrql(kGarbageIrql), 0x0A,
                         {DISPATCH_LEVEL, kGarbageIrql});
    EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  });
}

MISUSE_CASE(KfLowerIrql, AboveCurrent) {
  EXPECT_ONLY_BUGCHECK(KfLowerIrql(HIGH_LEVEL), 0x0A,
                       {PASSIVE_LEVEL, HIGH_LEVEL});
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

// Spin locks.

MISUSE_CASE(KeInitializeSpinLock, Null) {
  EXPECT_ONLY_BUGCHECK(KeInitializeSpinLock(nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeAcquireSpinLock, NullLock) {
  KIRQL old = HIGH_LEVEL;
  EXPECT_ONLY_BUGCHECK(KeAcquireSpinLock(nullptr, &old), 0x1E,
                       {kAccessViolation, 0, 1});
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KeAcquireSpinLock, NullOldIrql) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  EXPECT_ONLY_BUGCHECK(KeAcquireSpinLock(&lock, nullptr), 0x1E,
                       {kAccessViolation, 0, 1});
  EXPECT_FALSE(KeTestSpinLock(&lock) == FALSE) << "the lock was taken";
}

MISUSE_CASE(KeAcquireSpinLock, Uninitialized) {
  ScopedOptions options(ShortSpinTimeout);
  KSPIN_LOCK lock = 0xDEADBEEF;
  KIRQL old = HIGH_LEVEL;
  EXPECT_ONLY_BUGCHECK(KeAcquireSpinLock(&lock, &old), 0x133,
                       {0x01, 20, Address(&lock)});
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KeAcquireSpinLock, Recursive) {
  ScopedOptions options(ShortSpinTimeout);
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  KIRQL again = PASSIVE_LEVEL;
  EXPECT_ONLY_BUGCHECK(KeAcquireSpinLock(&lock, &again), 0x0F);
  KeReleaseSpinLock(&lock, old);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KeAcquireSpinLock, AboveDispatch) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  AtIrql(HIGH_LEVEL, [&] {
    KIRQL old = PASSIVE_LEVEL;
    // Acquiring raises to DISPATCH_LEVEL: from HIGH_LEVEL that is refused.
    EXPECT_ONLY_BUGCHECK(KeAcquireSpinLock(&lock, &old), 0xC4,
                         {0x42, HIGH_LEVEL, Address(&lock), 0});
    EXPECT_EQ(KeGetCurrentIrql(), HIGH_LEVEL);
    EXPECT_TRUE(KeTestSpinLock(&lock)) << "the lock was taken";
  });
}

MISUSE_CASE(KeAcquireSpinLockRaiseToDpc, NullLock) {
  KIRQL old = HIGH_LEVEL;
  EXPECT_ONLY_BUGCHECK(old = KeAcquireSpinLockRaiseToDpc(nullptr), 0x1E,
                       {kAccessViolation});
  EXPECT_EQ(old, PASSIVE_LEVEL);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KeReleaseSpinLock, NullLock) {
  EXPECT_ONLY_BUGCHECK(KeReleaseSpinLock(nullptr, PASSIVE_LEVEL), 0x1E,
                       {kAccessViolation});
}

MISUSE_CASE(KeReleaseSpinLock, NotHeld) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseSpinLock(&lock, DISPATCH_LEVEL), 0x10,
                         {0, 0, 0, 0});
  });
}

MISUSE_CASE(KeReleaseSpinLock, GarbageIrql) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  EXPECT_ONLY_BUGCHECK(KeReleaseSpinLock(&lock, kGarbageIrql), 0x0A,
                       {DISPATCH_LEVEL, kGarbageIrql});
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  EXPECT_TRUE(KeTestSpinLock(&lock)) << "the lock was released";
  KeLowerIrql(old);
}

MISUSE_CASE(KeAcquireSpinLockAtDpcLevel, NullLock) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeAcquireSpinLockAtDpcLevel(nullptr), 0xD1,
                         {0, DISPATCH_LEVEL, 1, 0});
  });
}

MISUSE_CASE(KeAcquireSpinLockAtDpcLevel, BelowDispatch) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  const std::vector<poolsim::BugCheck> seen =
      Capture([&] { KeAcquireSpinLockAtDpcLevel(&lock); });
  ASSERT_FALSE(seen.empty());
  EXPECT_TRUE(
      OnlyBugCheck({seen[0]}, 0xC4, {0x40, PASSIVE_LEVEL, Address(&lock)}));
  if (!KeTestSpinLock(&lock)) {
    Capture([&] { KeReleaseSpinLockFromDpcLevel(&lock); });
  }
}

MISUSE_CASE(KeReleaseSpinLockFromDpcLevel, NotHeld) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseSpinLockFromDpcLevel(&lock), 0x10);
  });
}

MISUSE_CASE(KeReleaseSpinLockFromDpcLevel, NullLock) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseSpinLockFromDpcLevel(nullptr), 0xD1,
                         {0, DISPATCH_LEVEL});
  });
}

MISUSE_CASE(KeTestSpinLock, Null) {
  BOOLEAN result = FALSE;
  EXPECT_ONLY_BUGCHECK(result = KeTestSpinLock(nullptr), 0x1E,
                       {kAccessViolation, 0, 0});
  EXPECT_FALSE(
      result);  // "held": a caller that polls does not go on to acquire
}

MISUSE_CASE(KeTryToAcquireSpinLockAtDpcLevel, Null) {
  AtIrql(DISPATCH_LEVEL, [&] {
    BOOLEAN result = TRUE;
    EXPECT_ONLY_BUGCHECK(result = KeTryToAcquireSpinLockAtDpcLevel(nullptr),
                         0xD1, {0, DISPATCH_LEVEL});
    EXPECT_FALSE(result);
  });
}

MISUSE_CASE(KeTryToAcquireSpinLockAtDpcLevel, HeldByCaller) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  EXPECT_FALSE(KeTryToAcquireSpinLockAtDpcLevel(&lock));
  KeReleaseSpinLock(&lock, old);
}

MISUSE_CASE(KeAcquireInStackQueuedSpinLock, NullArguments) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KLOCK_QUEUE_HANDLE handle;
  EXPECT_ONLY_BUGCHECK(KeAcquireInStackQueuedSpinLock(nullptr, &handle), 0x1E,
                       {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(KeAcquireInStackQueuedSpinLock(&lock, nullptr), 0x1E,
                       {kAccessViolation});
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_FALSE(KeTestSpinLock(&lock) == FALSE);
}

MISUSE_CASE(KeAcquireInStackQueuedSpinLock, HeldElsewhere) {
  ScopedOptions options(ShortSpinTimeout);
  KSPIN_LOCK lock = 0x1234;  // looks held, by nobody alive
  KLOCK_QUEUE_HANDLE handle;
  EXPECT_ONLY_BUGCHECK(KeAcquireInStackQueuedSpinLock(&lock, &handle), 0x133,
                       {0x01, 20, Address(&lock)});
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KeReleaseInStackQueuedSpinLock, Null) {
  EXPECT_ONLY_BUGCHECK(KeReleaseInStackQueuedSpinLock(nullptr), 0x1E,
                       {kAccessViolation});
}

MISUSE_CASE(KeReleaseInStackQueuedSpinLock, CorruptedOldIrql) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KLOCK_QUEUE_HANDLE handle;
  KeAcquireInStackQueuedSpinLock(&lock, &handle);
  handle.OldIrql = kGarbageIrql;
  EXPECT_ONLY_BUGCHECK(KeReleaseInStackQueuedSpinLock(&handle), 0x0A,
                       {DISPATCH_LEVEL, kGarbageIrql});
  EXPECT_TRUE(KeTestSpinLock(&lock));
  KeLowerIrql(PASSIVE_LEVEL);
}

MISUSE_CASE(KeAcquireInStackQueuedSpinLockAtDpcLevel, NullArguments) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KLOCK_QUEUE_HANDLE handle;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(
        KeAcquireInStackQueuedSpinLockAtDpcLevel(nullptr, &handle), 0xD1,
        {0, DISPATCH_LEVEL});
    EXPECT_ONLY_BUGCHECK(
        KeAcquireInStackQueuedSpinLockAtDpcLevel(&lock, nullptr), 0xD1,
        {0, DISPATCH_LEVEL});
  });
  EXPECT_TRUE(KeTestSpinLock(&lock));
}

MISUSE_CASE(KeReleaseInStackQueuedSpinLockFromDpcLevel, NullAndNotHeld) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseInStackQueuedSpinLockFromDpcLevel(nullptr),
                         0xD1, {0, DISPATCH_LEVEL});
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    KLOCK_QUEUE_HANDLE handle;
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&lock, &handle);
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&handle);
    EXPECT_ONLY_BUGCHECK(KeReleaseInStackQueuedSpinLockFromDpcLevel(&handle),
                         0x10);
  });
}

// Bug checks and raised statuses: recorded, and the call returns.

MISUSE_CASE(KeBugCheckEx, AnyCodeIsRecorded) {
  EXPECT_ONLY_BUGCHECK(KeBugCheckEx(0xDEAD, 1, 2, 3, 4), 0xDEAD, {1, 2, 3, 4});
  EXPECT_ONLY_BUGCHECK(KeBugCheckEx(0, 0, 0, 0, 0), 0, {0, 0, 0, 0});
}

MISUSE_CASE(KeBugCheck, AnyCodeIsRecorded) {
  EXPECT_ONLY_BUGCHECK(KeBugCheck(0xFFFFFFFF), 0xFFFFFFFF, {0, 0, 0, 0});
}

MISUSE_CASE(ExRaiseStatus, AnyStatusIsUnhandledException) {
  EXPECT_ONLY_BUGCHECK(
      ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES), 0x1E,
      {static_cast<ULONG>(STATUS_INSUFFICIENT_RESOURCES), 0, 0, 0});
  EXPECT_ONLY_BUGCHECK(ExRaiseStatus(STATUS_SUCCESS), 0x1E, {0, 0, 0, 0});
}

}  // namespace
}  // namespace misuse
