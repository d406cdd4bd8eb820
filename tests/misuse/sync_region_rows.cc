// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of critical and guarded regions, the filter manager's
// resource helpers and push locks (sync/wdk/resource.h, flt_sync.h).
#include "tests/misuse/sync_rows.h"

namespace misuse {
namespace {

// --- critical and guarded regions --------------------------------------------------

MISUSE_CASE(KeEnterCriticalRegion, AboveApcLevel) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeEnterCriticalRegion(), kVerifier, {0x11A, DISPATCH_LEVEL, 0, 0});
  });
  EXPECT_FALSE(KeAreApcsDisabled()) << "not entered";
}

MISUSE_CASE(KeEnterCriticalRegion, FsRtlEnterFileSystemAboveApcLevel) {
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FsRtlEnterFileSystem(), kVerifier, {0x11A, HIGH_LEVEL});
  });
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(KeLeaveCriticalRegion, NeverEntered) {
  EXPECT_ONLY_BUGCHECK(KeLeaveCriticalRegion(), kVerifier, {0x3E, 0, 0, 0});
  EXPECT_ONLY_BUGCHECK(FsRtlExitFileSystem(), kVerifier, {0x3E, 0, 0, 0});
}

MISUSE_CASE(KeLeaveCriticalRegion, Twice) {
  KeEnterCriticalRegion();
  EXPECT_NO_BUGCHECK(KeLeaveCriticalRegion());
  EXPECT_ONLY_BUGCHECK(KeLeaveCriticalRegion(), kVerifier, {0x3E});
}

MISUSE_CASE(KeLeaveCriticalRegion, GuardedRegionIsNotCritical) {
  KeEnterGuardedRegion();
  EXPECT_ONLY_BUGCHECK(KeLeaveCriticalRegion(), kVerifier, {0x3E});
  KeLeaveGuardedRegion();
}

MISUSE_CASE(KeLeaveCriticalRegion, AboveApcLevel) {
  KeEnterCriticalRegion();
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeLeaveCriticalRegion(), kVerifier, {0x11B, DISPATCH_LEVEL});
  });
  EXPECT_TRUE(KeAreApcsDisabled()) << "still inside";
  KeLeaveCriticalRegion();
}

MISUSE_CASE(KeEnterGuardedRegion, AboveApcLevel) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeEnterGuardedRegion(), kVerifier, {0x11A, DISPATCH_LEVEL});
  });
  EXPECT_FALSE(KeAreAllApcsDisabled());
}

MISUSE_CASE(KeLeaveGuardedRegion, NeverEntered) {
  EXPECT_ONLY_BUGCHECK(KeLeaveGuardedRegion(), kVerifier, {0x3E, 0, 0, 0});
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(KeLeaveGuardedRegion(), kVerifier, {0x3E}) << "critical is not guarded";
  KeLeaveCriticalRegion();
}

MISUSE_CASE(KeLeaveGuardedRegion, AboveApcLevel) {
  KeEnterGuardedRegion();
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KeLeaveGuardedRegion(), kVerifier, {0x11B, HIGH_LEVEL});
  });
  KeLeaveGuardedRegion();
  EXPECT_FALSE(KeAreAllApcsDisabled());
}

MISUSE_CASE(KeAreApcsDisabled, AtEveryLevelAndRegion) {
  EXPECT_FALSE(KeAreApcsDisabled());
  for (KIRQL level : {KIRQL{APC_LEVEL}, KIRQL{DISPATCH_LEVEL}, KIRQL{HIGH_LEVEL}}) {
    AtIrql(level, [&] { EXPECT_NO_BUGCHECK(EXPECT_TRUE(KeAreApcsDisabled())); });
  }
  KeEnterCriticalRegion();
  EXPECT_TRUE(KeAreApcsDisabled());
  KeLeaveCriticalRegion();
  KeEnterGuardedRegion();
  EXPECT_TRUE(KeAreApcsDisabled());
  KeLeaveGuardedRegion();
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(KeAreAllApcsDisabled, AtEveryLevelAndRegion) {
  EXPECT_FALSE(KeAreAllApcsDisabled());
  for (KIRQL level : {KIRQL{APC_LEVEL}, KIRQL{DISPATCH_LEVEL}, KIRQL{HIGH_LEVEL}}) {
    AtIrql(level, [&] { EXPECT_NO_BUGCHECK(EXPECT_TRUE(KeAreAllApcsDisabled())); });
  }
  KeEnterCriticalRegion();
  EXPECT_FALSE(KeAreAllApcsDisabled()) << "a critical region leaves special APCs enabled";
  KeLeaveCriticalRegion();
  KeEnterGuardedRegion();
  EXPECT_TRUE(KeAreAllApcsDisabled());
  KeLeaveGuardedRegion();
}

// --- the filter manager's resource helpers -----------------------------------------

MISUSE_CASE(FltAcquireResourceExclusive, NullResource) {
  EXPECT_ONLY_BUGCHECK(FltAcquireResourceExclusive(nullptr), 0x1E, {kAccessViolation, 0, 1});
  EXPECT_FALSE(KeAreApcsDisabled()) << "no critical region left entered";
}

MISUSE_CASE(FltAcquireResourceExclusive, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(FltAcquireResourceExclusive(&r), kVerifier, {0x1002, Address(&r)});
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(FltAcquireResourceExclusive, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltAcquireResourceExclusive(&res.r), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(FltAcquireResourceExclusive, SharedOwnerWaitsForItself) {
  Resource res;
  FltAcquireResourceShared(&res.r);
  EXPECT_ONLY_BUGCHECK(FltAcquireResourceExclusive(&res.r), kVerifier,
                       {0x1000, Address(&res.r)});
  FltReleaseResource(&res.r);
  EXPECT_FALSE(KeAreApcsDisabled()) << "the refused call left its region";
}

MISUSE_CASE(FltAcquireResourceShared, NullResource) {
  EXPECT_ONLY_BUGCHECK(FltAcquireResourceShared(nullptr), 0x1E, {kAccessViolation});
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(FltAcquireResourceShared, AfterDelete) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  ExDeleteResourceLite(&r);
  EXPECT_ONLY_BUGCHECK(FltAcquireResourceShared(&r), kVerifier, {0x1002, Address(&r)});
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(FltAcquireResourceShared, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltAcquireResourceShared(&res.r), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
}

MISUSE_CASE(FltReleaseResource, NullResource) {
  EXPECT_ONLY_BUGCHECK(FltReleaseResource(nullptr), 0x1E, {kAccessViolation});
}

MISUSE_CASE(FltReleaseResource, NeverAcquiredAndTwice) {
  Resource res;
  EXPECT_ONLY_BUGCHECK(FltReleaseResource(&res.r), 0xE3, {Address(&res.r), Self()});
  FltAcquireResourceExclusive(&res.r);
  EXPECT_NO_BUGCHECK(FltReleaseResource(&res.r));
  EXPECT_ONLY_BUGCHECK(FltReleaseResource(&res.r), 0xE3, {Address(&res.r), Self()});
  EXPECT_FALSE(KeAreApcsDisabled());
}

MISUSE_CASE(FltReleaseResource, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(FltReleaseResource(&r), kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(FltReleaseResource, AtDispatch) {
  Resource res;
  FltAcquireResourceExclusive(&res.r);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(FltReleaseResource(&res.r), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&res.r));
  FltReleaseResource(&res.r);
}


// --- push locks ---------------------------------------------------------------------

MISUSE_CASE(FltInitializePushLock, NullPushLock) {
  EXPECT_ONLY_BUGCHECK(FltInitializePushLock(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(FltInitializePushLock, GarbageStorageIsInitialized) {
  EX_PUSH_LOCK lock;
  Garbage(&lock);
  EXPECT_NO_BUGCHECK(FltInitializePushLock(&lock));
  EXPECT_EQ(lock, 0u);
  KeEnterCriticalRegion();
  EXPECT_NO_BUGCHECK(FltAcquirePushLockExclusive(&lock));
  FltReleasePushLock(&lock);
  KeLeaveCriticalRegion();
  FltDeletePushLock(&lock);
}

MISUSE_CASE(FltDeletePushLock, NullPushLock) {
  EXPECT_ONLY_BUGCHECK(FltDeletePushLock(nullptr), 0x1E, {kAccessViolation, 0, 1});
}

MISUSE_CASE(FltDeletePushLock, StillHeld) {
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  KeEnterCriticalRegion();
  FltAcquirePushLockShared(&lock);
  EXPECT_ONLY_BUGCHECK(FltDeletePushLock(&lock), kVerifier, {0x100B, Address(&lock), Self()});
  EXPECT_NO_BUGCHECK(FltReleasePushLock(&lock)) << "the push lock stays usable";
  KeLeaveCriticalRegion();
  EXPECT_NO_BUGCHECK(FltDeletePushLock(&lock));
}

MISUSE_CASE(FltDeletePushLock, TwiceAndNeverInitialized) {
  // A push lock owns nothing to delete: Windows' delete is a no-op.
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  EXPECT_NO_BUGCHECK(FltDeletePushLock(&lock));
  EXPECT_NO_BUGCHECK(FltDeletePushLock(&lock));
  EX_PUSH_LOCK garbage;
  Garbage(&garbage);
  EXPECT_NO_BUGCHECK(FltDeletePushLock(&garbage));
}

// The acquisitions: NULL, never initialized, deleted, DISPATCH_LEVEL,
// recursion, APCs enabled under the verifier.
#define SYNC_PUSH_LOCK_ACQUIRE_ROWS(api, ...)                                            \
  MISUSE_CASE(api, NullPushLock) {                                                       \
    KeEnterCriticalRegion();                                                             \
    EXPECT_ONLY_BUGCHECK(api(nullptr __VA_ARGS__), 0x1E, {kAccessViolation, 0, 1});      \
    KeLeaveCriticalRegion();                                                             \
  }                                                                                      \
  MISUSE_CASE(api, NeverInitialized) {                                                   \
    EX_PUSH_LOCK lock;                                                                   \
    Garbage(&lock);                                                                      \
    KeEnterCriticalRegion();                                                             \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier, {0x1002, Address(&lock)});   \
    KeLeaveCriticalRegion();                                                             \
  }                                                                                      \
  MISUSE_CASE(api, AfterDelete) {                                                        \
    EX_PUSH_LOCK lock;                                                                   \
    FltInitializePushLock(&lock);                                                        \
    FltDeletePushLock(&lock);                                                            \
    KeEnterCriticalRegion();                                                             \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier, {0x1002, Address(&lock)});   \
    KeLeaveCriticalRegion();                                                             \
  }                                                                                      \
  MISUSE_CASE(api, AtDispatch) {                                                         \
    EX_PUSH_LOCK lock;                                                                   \
    FltInitializePushLock(&lock);                                                        \
    AtIrql(DISPATCH_LEVEL, [&] {                                                         \
      EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), 0x0A,                                 \
                           {Address(&lock), DISPATCH_LEVEL, APC_LEVEL});                 \
    });                                                                                  \
    KeEnterCriticalRegion();                                                             \
    EXPECT_ONLY_BUGCHECK(FltReleasePushLock(&lock), kVerifier,                           \
                         {0x1004, Address(&lock), 0, Self()})                            \
        << "the refused call did not acquire";                                           \
    KeLeaveCriticalRegion();                                                             \
    FltDeletePushLock(&lock);                                                            \
  }                                                                                      \
  MISUSE_CASE(api, Recursive) {                                                          \
    EX_PUSH_LOCK lock;                                                                   \
    FltInitializePushLock(&lock);                                                        \
    KeEnterCriticalRegion();                                                             \
    EXPECT_NO_BUGCHECK(api(&lock __VA_ARGS__));                                          \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier, {0x1000, Address(&lock)});   \
    EXPECT_NO_BUGCHECK(FltReleasePushLock(&lock));                                       \
    EXPECT_ONLY_BUGCHECK(FltReleasePushLock(&lock), kVerifier, {0x1004})                 \
        << "one acquisition only";                                                       \
    KeLeaveCriticalRegion();                                                             \
    FltDeletePushLock(&lock);                                                            \
  }                                                                                      \
  MISUSE_CASE(api, OutsideCriticalRegionVerifier) {                                      \
    ScopedOptions options(VerifierChecks);                                               \
    EX_PUSH_LOCK lock;                                                                   \
    FltInitializePushLock(&lock);                                                        \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier,                              \
                         {0xEA, PASSIVE_LEVEL, 0, Address(&lock)});                      \
    KeEnterCriticalRegion();                                                             \
    EXPECT_NO_BUGCHECK(FltReleasePushLock(&lock)) << "reported, then acquired";          \
    KeLeaveCriticalRegion();                                                             \
    FltDeletePushLock(&lock);                                                            \
  }

SYNC_PUSH_LOCK_ACQUIRE_ROWS(FltAcquirePushLockExclusive)
SYNC_PUSH_LOCK_ACQUIRE_ROWS(FltAcquirePushLockShared)
SYNC_PUSH_LOCK_ACQUIRE_ROWS(FltAcquirePushLockExclusiveEx, , FLT_PUSH_LOCK_ENABLE_AUTO_BOOST)
SYNC_PUSH_LOCK_ACQUIRE_ROWS(FltAcquirePushLockSharedEx, , FLT_PUSH_LOCK_DISABLE_AUTO_BOOST)

// Undefined flag bits are ignored (docs/sync.md): the lock is acquired.
MISUSE_CASE(FltAcquirePushLockExclusiveEx, UndefinedFlags) {
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  KeEnterCriticalRegion();
  EXPECT_NO_BUGCHECK(FltAcquirePushLockExclusiveEx(&lock, 0xFFFFFFFF));
  EXPECT_NO_BUGCHECK(FltReleasePushLockEx(&lock, 0xFFFFFFFF));
  KeLeaveCriticalRegion();
  FltDeletePushLock(&lock);
}

MISUSE_CASE(FltAcquirePushLockSharedEx, UndefinedFlags) {
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  KeEnterCriticalRegion();
  EXPECT_NO_BUGCHECK(FltAcquirePushLockSharedEx(&lock, FLT_PUSH_LOCK_VALID_FLAGS + 1));
  EXPECT_NO_BUGCHECK(FltReleasePushLockEx(&lock, 0));
  KeLeaveCriticalRegion();
  FltDeletePushLock(&lock);
}

MISUSE_CASE(FltAcquirePushLockExclusive, HeldElsewherePastTheWaitBound) {
  ScopedOptions options(ShortWaitBound);
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  WhileHeldElsewhere(
      [&] {
        KeEnterCriticalRegion();
        FltAcquirePushLockShared(&lock);
      },
      [&] {
        KeEnterCriticalRegion();
        EXPECT_ONLY_BUGCHECK(FltAcquirePushLockExclusive(&lock), kVerifier,
                             {0x1001, Address(&lock), kBoundMs});
        KeLeaveCriticalRegion();
      },
      [&] {
        FltReleasePushLock(&lock);
        KeLeaveCriticalRegion();
      });
  FltDeletePushLock(&lock);
}

MISUSE_CASE(FltReleasePushLock, HeldByAnotherThread) {
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  WhileHeldElsewhere(
      [&] {
        KeEnterCriticalRegion();
        FltAcquirePushLockExclusive(&lock);
      },
      [&] {
        KeEnterCriticalRegion();
        EXPECT_ONLY_BUGCHECK(FltReleasePushLock(&lock), kVerifier,
                             {0x1004, Address(&lock), 0, Self()});
        KeLeaveCriticalRegion();
      },
      [&] {
        EXPECT_NO_BUGCHECK(FltReleasePushLock(&lock)) << "still held by its owner";
        KeLeaveCriticalRegion();
      });
  FltDeletePushLock(&lock);
}

#define SYNC_PUSH_LOCK_RELEASE_ROWS(api, ...)                                              \
  MISUSE_CASE(api, NullPushLock) {                                                         \
    EXPECT_ONLY_BUGCHECK(api(nullptr __VA_ARGS__), 0x1E, {kAccessViolation, 0, 1});        \
  }                                                                                        \
  MISUSE_CASE(api, NotHeldAndTwice) {                                                      \
    EX_PUSH_LOCK lock;                                                                     \
    FltInitializePushLock(&lock);                                                          \
    KeEnterCriticalRegion();                                                               \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier,                                \
                         {0x1004, Address(&lock), 0, Self()});                             \
    FltAcquirePushLockExclusive(&lock);                                                    \
    EXPECT_NO_BUGCHECK(api(&lock __VA_ARGS__));                                            \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier,                                \
                         {0x1004, Address(&lock), 0, Self()});                             \
    KeLeaveCriticalRegion();                                                               \
    FltDeletePushLock(&lock);                                                              \
  }                                                                                        \
  MISUSE_CASE(api, NeverInitialized) {                                                     \
    EX_PUSH_LOCK lock;                                                                     \
    Garbage(&lock);                                                                        \
    KeEnterCriticalRegion();                                                               \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier, {0x1002, Address(&lock)});     \
    KeLeaveCriticalRegion();                                                               \
  }                                                                                        \
  MISUSE_CASE(api, AtDispatch) {                                                           \
    EX_PUSH_LOCK lock;                                                                     \
    FltInitializePushLock(&lock);                                                          \
    KeEnterCriticalRegion();                                                               \
    FltAcquirePushLockExclusive(&lock);                                                    \
    AtIrql(DISPATCH_LEVEL, [&] {                                                           \
      EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), 0x0A,                                   \
                           {Address(&lock), DISPATCH_LEVEL, APC_LEVEL});                   \
    });                                                                                    \
    EXPECT_NO_BUGCHECK(api(&lock __VA_ARGS__)) << "still held after the refused release";  \
    KeLeaveCriticalRegion();                                                               \
    FltDeletePushLock(&lock);                                                              \
  }                                                                                        \
  MISUSE_CASE(api, AfterLeavingTheRegionVerifier) {                                        \
    ScopedOptions options(VerifierChecks);                                                 \
    EX_PUSH_LOCK lock;                                                                     \
    FltInitializePushLock(&lock);                                                          \
    KeEnterCriticalRegion();                                                               \
    FltAcquirePushLockExclusive(&lock);                                                    \
    KeLeaveCriticalRegion();                                                               \
    EXPECT_ONLY_BUGCHECK(api(&lock __VA_ARGS__), kVerifier,                                \
                         {0xEB, PASSIVE_LEVEL, 0, Address(&lock)});                        \
    FltDeletePushLock(&lock);                                                              \
  }

SYNC_PUSH_LOCK_RELEASE_ROWS(FltReleasePushLock)
SYNC_PUSH_LOCK_RELEASE_ROWS(FltReleasePushLockEx, , 0)

}  // namespace
}  // namespace misuse
