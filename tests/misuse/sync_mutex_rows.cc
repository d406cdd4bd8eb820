// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of fast and guarded mutexes (sync/wdk/fast_mutex.h).
#include "tests/misuse/sync_rows.h"

namespace misuse {
namespace {

// --- fast and guarded mutexes ---------------------------------------------------------

MISUSE_CASE(ExInitializeFastMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(ExInitializeFastMutex(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(ExInitializeFastMutex, AboveDispatch) {
  FAST_MUTEX m;
  Garbage(&m);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExInitializeFastMutex(&m), 0x0A,
                         {Address(&m), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  EXPECT_ONLY_BUGCHECK(ExTryToAcquireFastMutex(&m), kVerifier, {0x1002, Address(&m)})
      << "the refused call did not initialize";
}

MISUSE_CASE(KeInitializeGuardedMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(KeInitializeGuardedMutex(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(KeInitializeGuardedMutex, AboveDispatch) {
  KGUARDED_MUTEX m;
  Garbage(&m);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeInitializeGuardedMutex(&m), 0x0A,
                         {Address(&m), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  EXPECT_ONLY_BUGCHECK(KeTryToAcquireGuardedMutex(&m), kVerifier, {0x1002, Address(&m)});
}

// The normal and Try acquisitions of both kinds: NULL, never initialized,
// above APC_LEVEL.
#define SYNC_MUTEX_ACQUIRE_ROWS(api, init)                                 \
  MISUSE_CASE(api, NullMutex) {                                                             \
    EXPECT_ONLY_BUGCHECK(api(nullptr), 0x1E, {kAccessViolation, 0, 1});                     \
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);                                           \
    EXPECT_FALSE(KeAreAllApcsDisabled());                                                   \
  }                                                                                         \
  MISUSE_CASE(api, NeverInitialized) {                                                      \
    FAST_MUTEX m;                                                                           \
    Garbage(&m);                                                                            \
    EXPECT_ONLY_BUGCHECK(api(&m), kVerifier, {0x1002, Address(&m)});                        \
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);                                           \
    EXPECT_FALSE(KeAreAllApcsDisabled());                                                   \
  }                                                                                         \
  MISUSE_CASE(api, AboveApcLevel) {                                                         \
    FAST_MUTEX m;                                                                           \
    init(&m);                                                                               \
    AtIrql(DISPATCH_LEVEL, [&] {                                                            \
      EXPECT_ONLY_BUGCHECK(api(&m), kVerifier, {0x33, DISPATCH_LEVEL, Address(&m)});        \
      EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);                                        \
    });                                                                                     \
    EXPECT_EQ(m.Count, 1) << "not acquired";                                                \
  }

SYNC_MUTEX_ACQUIRE_ROWS(ExAcquireFastMutex, ExInitializeFastMutex)
SYNC_MUTEX_ACQUIRE_ROWS(ExTryToAcquireFastMutex, ExInitializeFastMutex)
SYNC_MUTEX_ACQUIRE_ROWS(KeAcquireGuardedMutex, KeInitializeGuardedMutex)
SYNC_MUTEX_ACQUIRE_ROWS(KeTryToAcquireGuardedMutex, KeInitializeGuardedMutex)

MISUSE_CASE(ExAcquireFastMutex, Recursive) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  ExAcquireFastMutex(&m);
  EXPECT_ONLY_BUGCHECK(ExAcquireFastMutex(&m), kVerifier, {0x1000, Address(&m)});
  EXPECT_EQ(KeGetCurrentIrql(), APC_LEVEL);
  EXPECT_NO_BUGCHECK(ExReleaseFastMutex(&m));
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(ExTryToAcquireFastMutex, HeldBySelf) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  EXPECT_TRUE(ExTryToAcquireFastMutex(&m));
  EXPECT_NO_BUGCHECK(EXPECT_FALSE(ExTryToAcquireFastMutex(&m)));
  EXPECT_NO_BUGCHECK(ExReleaseFastMutex(&m));
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KeAcquireGuardedMutex, Recursive) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  KeAcquireGuardedMutex(&m);
  EXPECT_TRUE(KeAreAllApcsDisabled());
  EXPECT_ONLY_BUGCHECK(KeAcquireGuardedMutex(&m), kVerifier, {0x1000, Address(&m)});
  EXPECT_NO_BUGCHECK(KeReleaseGuardedMutex(&m));
  EXPECT_FALSE(KeAreAllApcsDisabled()) << "one guarded region, entered and left once";
}

MISUSE_CASE(KeTryToAcquireGuardedMutex, HeldBySelf) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  EXPECT_TRUE(KeTryToAcquireGuardedMutex(&m));
  EXPECT_NO_BUGCHECK(EXPECT_FALSE(KeTryToAcquireGuardedMutex(&m)));
  EXPECT_NO_BUGCHECK(KeReleaseGuardedMutex(&m));
  EXPECT_FALSE(KeAreAllApcsDisabled());
}

MISUSE_CASE(ExAcquireFastMutex, HeldElsewherePastTheWaitBound) {
  ScopedOptions options(ShortWaitBound);
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  WhileHeldElsewhere([&] { ExAcquireFastMutex(&m); },
                     [&] {
                       EXPECT_NO_BUGCHECK(EXPECT_FALSE(ExTryToAcquireFastMutex(&m)));
                       EXPECT_ONLY_BUGCHECK(ExAcquireFastMutex(&m), kVerifier,
                                            {0x1001, Address(&m), kBoundMs});
                       EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
                     },
                     [&] { ExReleaseFastMutex(&m); });
}

MISUSE_CASE(ExReleaseFastMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutex(nullptr), 0x1E, {kAccessViolation});
}

MISUSE_CASE(ExReleaseFastMutex, NotHeldAndTwice) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutex(&m), kVerifier, {0x1004, Address(&m), 0, Self()});
  ExAcquireFastMutex(&m);
  EXPECT_NO_BUGCHECK(ExReleaseFastMutex(&m));
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutex(&m), kVerifier, {0x1004, Address(&m), 0, Self()});
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(ExReleaseFastMutex, NeverInitialized) {
  FAST_MUTEX m;
  Garbage(&m);
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutex(&m), kVerifier, {0x1002, Address(&m)});
}

MISUSE_CASE(ExReleaseFastMutex, HeldByAnotherThread) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  ULONG owner = 0;
  WhileHeldElsewhere(
      [&] {
        ExAcquireFastMutex(&m);
        owner = Self();
      },
      [&] {
        EXPECT_ONLY_BUGCHECK(ExReleaseFastMutex(&m), kVerifier,
                             {0x1004, Address(&m), owner, Self()});
      },
      [&] { ExReleaseFastMutex(&m); });
}

MISUSE_CASE(ExReleaseFastMutex, IrqlLoweredWhileHeld) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  ExAcquireFastMutex(&m);
  EXPECT_EQ(KeGetCurrentIrql(), APC_LEVEL);
  KeLowerIrql(PASSIVE_LEVEL);
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutex(&m), kVerifier, {0x34, PASSIVE_LEVEL, Address(&m)});
  EXPECT_EQ(m.Count, 1) << "reported, then released";
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(KeReleaseGuardedMutex, NullMutex) {
  EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutex(nullptr), 0x1E, {kAccessViolation});
}

MISUSE_CASE(KeReleaseGuardedMutex, NotHeldAndTwice) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutex(&m), kVerifier, {0x1004, Address(&m), 0, Self()});
  KeAcquireGuardedMutex(&m);
  EXPECT_NO_BUGCHECK(KeReleaseGuardedMutex(&m));
  EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutex(&m), kVerifier, {0x1004, Address(&m), 0, Self()});
  EXPECT_FALSE(KeAreAllApcsDisabled()) << "the guarded region was left once";
}

MISUSE_CASE(KeReleaseGuardedMutex, HeldByAnotherThread) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  ULONG owner = 0;
  WhileHeldElsewhere(
      [&] {
        KeAcquireGuardedMutex(&m);
        owner = Self();
      },
      [&] {
        EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutex(&m), kVerifier,
                             {0x1004, Address(&m), owner, Self()});
        EXPECT_FALSE(KeAreAllApcsDisabled());
      },
      [&] { KeReleaseGuardedMutex(&m); });
  EXPECT_EQ(m.Count, 1);
}

MISUSE_CASE(KeReleaseGuardedMutex, NeverInitialized) {
  KGUARDED_MUTEX m;
  Garbage(&m);
  EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutex(&m), kVerifier, {0x1002, Address(&m)});
}

MISUSE_CASE(KeReleaseGuardedMutex, AboveApcLevel) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  KeAcquireGuardedMutex(&m);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutex(&m), kVerifier,
                         {0x34, DISPATCH_LEVEL, Address(&m)});
  });
  EXPECT_EQ(m.Count, 1) << "reported, then released";
  EXPECT_FALSE(KeAreAllApcsDisabled());
}

MISUSE_CASE(ExAcquireFastMutexUnsafe, NullMutex) {
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAcquireFastMutexUnsafe(nullptr), 0x1E, {kAccessViolation, 0, 1});
  });
}

MISUSE_CASE(ExAcquireFastMutexUnsafe, NeverInitialized) {
  FAST_MUTEX m;
  Garbage(&m);
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExAcquireFastMutexUnsafe(&m), kVerifier, {0x1002, Address(&m)});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireFastMutexUnsafe, AboveApcLevel) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAcquireFastMutexUnsafe(&m), kVerifier,
                         {0x39, DISPATCH_LEVEL, 0, Address(&m)});
  });
  EXPECT_EQ(m.Count, 1) << "not acquired";
}

MISUSE_CASE(ExAcquireFastMutexUnsafe, OutsideCriticalRegionVerifier) {
  ScopedOptions options(VerifierChecks);
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  EXPECT_ONLY_BUGCHECK(ExAcquireFastMutexUnsafe(&m), kVerifier,
                       {0x39, PASSIVE_LEVEL, 0, Address(&m)});
  EXPECT_EQ(m.Count, 0) << "reported, then acquired";
  KeEnterCriticalRegion();
  EXPECT_NO_BUGCHECK(ExReleaseFastMutexUnsafe(&m));
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireFastMutexUnsafe, Recursive) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  KeEnterCriticalRegion();
  ExAcquireFastMutexUnsafe(&m);
  EXPECT_ONLY_BUGCHECK(ExAcquireFastMutexUnsafe(&m), kVerifier, {0x1000, Address(&m)});
  ExReleaseFastMutexUnsafe(&m);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseFastMutexUnsafe, NullMutex) {
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutexUnsafe(nullptr), 0x1E, {kAccessViolation});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseFastMutexUnsafe, NotHeld) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExReleaseFastMutexUnsafe(&m), kVerifier,
                       {0x1004, Address(&m), 0, Self()});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseFastMutexUnsafe, AboveApcLevel) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  KeEnterCriticalRegion();
  ExAcquireFastMutexUnsafe(&m);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExReleaseFastMutexUnsafe(&m), kVerifier,
                         {0x3A, DISPATCH_LEVEL, 1, Address(&m)});
  });
  EXPECT_EQ(m.Count, 1) << "reported, then released";
  KeLeaveCriticalRegion();
}

MISUSE_CASE(KeAcquireGuardedMutexUnsafe, NullMutex) {
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeAcquireGuardedMutexUnsafe(nullptr), 0x1E, {kAccessViolation});
  });
}

MISUSE_CASE(KeAcquireGuardedMutexUnsafe, NeverInitialized) {
  KGUARDED_MUTEX m;
  Garbage(&m);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeAcquireGuardedMutexUnsafe(&m), kVerifier, {0x1002, Address(&m)});
  });
}

MISUSE_CASE(KeAcquireGuardedMutexUnsafe, AboveApcLevel) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeAcquireGuardedMutexUnsafe(&m), kVerifier,
                         {0x39, HIGH_LEVEL, 0, Address(&m)});
  });
  EXPECT_EQ(m.Count, 1);
}

MISUSE_CASE(KeAcquireGuardedMutexUnsafe, Recursive) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  KeEnterGuardedRegion();
  KeAcquireGuardedMutexUnsafe(&m);
  EXPECT_ONLY_BUGCHECK(KeAcquireGuardedMutexUnsafe(&m), kVerifier, {0x1000, Address(&m)});
  KeReleaseGuardedMutexUnsafe(&m);
  KeLeaveGuardedRegion();
}

MISUSE_CASE(KeReleaseGuardedMutexUnsafe, NullMutex) {
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutexUnsafe(nullptr), 0x1E, {kAccessViolation});
  });
}

MISUSE_CASE(KeReleaseGuardedMutexUnsafe, NotHeldAndNeverInitialized) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  KGUARDED_MUTEX garbage;
  Garbage(&garbage);
  AtIrql(APC_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutexUnsafe(&m), kVerifier,
                         {0x1004, Address(&m), 0, Self()});
    EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutexUnsafe(&garbage), kVerifier,
                         {0x1002, Address(&garbage)});
  });
}

MISUSE_CASE(KeReleaseGuardedMutexUnsafe, AboveApcLevel) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  KeEnterGuardedRegion();
  KeAcquireGuardedMutexUnsafe(&m);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeReleaseGuardedMutexUnsafe(&m), kVerifier,
                         {0x3A, HIGH_LEVEL, 1, Address(&m)});
  });
  EXPECT_EQ(m.Count, 1);
  KeLeaveGuardedRegion();
}

}  // namespace
}  // namespace misuse
