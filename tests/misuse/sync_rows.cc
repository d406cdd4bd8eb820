// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of executive resources (sync/wdk/resource.h). Default
// (retail) checks unless a case switches to the verifier's; an acquisition
// that would block runs with a short wait bound. The other rows of the
// synchronization surface are in sync_*_rows.cc.
#include "tests/misuse/sync_rows.h"

namespace misuse {
namespace {

// --- executive resources ---------------------------------------------------------

MISUSE_CASE(ExInitializeResourceLite, NullResource) {
  EXPECT_ONLY_BUGCHECK(ExInitializeResourceLite(nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(ExInitializeResourceLite, Twice) {
  Resource res;
  EXPECT_ONLY_BUGCHECK(ExInitializeResourceLite(&res.r), kVerifier,
                       {0xD0, Address(&res.r)});
  KeEnterCriticalRegion();
  EXPECT_TRUE(ExAcquireResourceExclusiveLite(&res.r, TRUE)) << "still usable";
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExInitializeResourceLite, GarbageStorageIsInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_NO_BUGCHECK(EXPECT_EQ(ExInitializeResourceLite(&r), STATUS_SUCCESS));
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&r), 0u);
  EXPECT_EQ(ExDeleteResourceLite(&r), STATUS_SUCCESS);
}

MISUSE_CASE(ExInitializeResourceLite, AboveDispatch) {
  ERESOURCE r;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExInitializeResourceLite(&r), 0x0A,
                         {Address(&r), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  // Not initialized by the refused call: a delete is "never initialized".
  EXPECT_ONLY_BUGCHECK(ExDeleteResourceLite(&r), kVerifier, {0xD1, Address(&r)});
}

MISUSE_CASE(ExDeleteResourceLite, PoolFreedBeforeDelete) {
  auto* r = static_cast<PERESOURCE>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(ERESOURCE), kTag));
  ASSERT_NE(r, nullptr);
  ExInitializeResourceLite(r);
  EXPECT_ONLY_BUGCHECK(ExFreePoolWithTag(r, kTag), kVerifier,
                       {0xCC, Address(r), Address(r), sizeof(ERESOURCE)});
  // The free was refused: the resource is still live, and usable.
  KeEnterCriticalRegion();
  EXPECT_TRUE(ExAcquireResourceSharedLite(r, TRUE));
  ExReleaseResourceLite(r);
  KeLeaveCriticalRegion();
  EXPECT_NO_BUGCHECK(ExDeleteResourceLite(r));
  EXPECT_NO_BUGCHECK(ExFreePoolWithTag(r, kTag));
}

MISUSE_CASE(ExDeleteResourceLite, NullResource) {
  EXPECT_ONLY_BUGCHECK(ExDeleteResourceLite(nullptr), 0x1E, {kAccessViolation, 0, 1});
}

MISUSE_CASE(ExDeleteResourceLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(ExDeleteResourceLite(&r), kVerifier, {0xD1, Address(&r), 0, 0});
}

MISUSE_CASE(ExDeleteResourceLite, Twice) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  EXPECT_NO_BUGCHECK(ExDeleteResourceLite(&r));
  EXPECT_ONLY_BUGCHECK(ExDeleteResourceLite(&r), kVerifier, {0xD1, Address(&r)});
}

MISUSE_CASE(ExDeleteResourceLite, StillOwned) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&r, TRUE);
  EXPECT_ONLY_BUGCHECK(ExDeleteResourceLite(&r), kVerifier, {0x100B, Address(&r), Self()});
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&r), 1u) << "the resource stays as it was";
  ExReleaseResourceLite(&r);
  KeLeaveCriticalRegion();
  EXPECT_NO_BUGCHECK(ExDeleteResourceLite(&r));
}

MISUSE_CASE(ExDeleteResourceLite, AtDispatch) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExDeleteResourceLite(&r), 0x0A,
                         {Address(&r), DISPATCH_LEVEL, APC_LEVEL});
  });
  EXPECT_NO_BUGCHECK(ExDeleteResourceLite(&r));  // still live
}

MISUSE_CASE(ExReinitializeResourceLite, NullResource) {
  EXPECT_ONLY_BUGCHECK(ExReinitializeResourceLite(nullptr), 0x1E, {kAccessViolation, 0, 1});
}

MISUSE_CASE(ExReinitializeResourceLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(ExReinitializeResourceLite(&r), kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(ExReinitializeResourceLite, AfterDelete) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  ExDeleteResourceLite(&r);
  EXPECT_ONLY_BUGCHECK(ExReinitializeResourceLite(&r), kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(ExReinitializeResourceLite, StillOwned) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  EXPECT_ONLY_BUGCHECK(ExReinitializeResourceLite(&res.r), kVerifier,
                       {0x100B, Address(&res.r), Self()});
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&res.r));
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReinitializeResourceLite, AboveDispatch) {
  Resource res;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExReinitializeResourceLite(&res.r), 0x0A,
                         {Address(&res.r), HIGH_LEVEL, DISPATCH_LEVEL});
  });
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, NullResource) {
  KeEnterCriticalRegion();
  BOOLEAN got = TRUE;
  EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(nullptr, TRUE), 0x1E,
                       {kAccessViolation, 0, 1});
  EXPECT_FALSE(got);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  KeEnterCriticalRegion();
  BOOLEAN got = TRUE;
  EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(&r, TRUE), kVerifier,
                       {0x1002, Address(&r)});
  EXPECT_FALSE(got);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, AfterDelete) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  ExDeleteResourceLite(&r);
  KeEnterCriticalRegion();
  BOOLEAN got = TRUE;
  EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(&r, FALSE), kVerifier,
                       {0x1002, Address(&r)});
  EXPECT_FALSE(got);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, DeletedAndFreed) {
  auto* r = static_cast<PERESOURCE>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(ERESOURCE), kTag));
  ASSERT_NE(r, nullptr);
  ExInitializeResourceLite(r);
  ExDeleteResourceLite(r);
  ExFreePoolWithTag(r, kTag);
  KeEnterCriticalRegion();
  BOOLEAN got = TRUE;
  // The freed storage is never read: the resource is looked up by address.
  EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(r, TRUE), kVerifier,
                       {0x1002, Address(r)});
  EXPECT_FALSE(got);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] {
    BOOLEAN got = TRUE;
    EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(&res.r, FALSE), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
    EXPECT_FALSE(got);
  });
  EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&res.r));
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, SharedOwnerWaitsForItself) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&res.r, TRUE);
  BOOLEAN got = TRUE;
  EXPECT_NO_BUGCHECK(got = ExAcquireResourceExclusiveLite(&res.r, FALSE));
  EXPECT_FALSE(got) << "Wait = FALSE: just not available";
  EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(&res.r, TRUE), kVerifier,
                       {0x1000, Address(&res.r)});
  EXPECT_FALSE(got);
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&res.r), 1u);
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, OutsideCriticalRegionVerifier) {
  ScopedOptions options(VerifierChecks);
  Resource res;
  BOOLEAN got = FALSE;
  EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(&res.r, TRUE), kVerifier,
                       {0x37, PASSIVE_LEVEL, 0, Address(&res.r)});
  EXPECT_TRUE(got) << "the verifier reports and the acquisition proceeds";
  KeEnterCriticalRegion();
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceExclusiveLite, HeldElsewherePastTheWaitBound) {
  ScopedOptions options(ShortWaitBound);
  Resource res;
  WhileHeldElsewhere(
      [&] {
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&res.r, TRUE);
      },
      [&] {
        KeEnterCriticalRegion();
        BOOLEAN got = TRUE;
        EXPECT_NO_BUGCHECK(got = ExAcquireResourceExclusiveLite(&res.r, FALSE));
        EXPECT_FALSE(got);
        EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceExclusiveLite(&res.r, TRUE), kVerifier,
                             {0x1001, Address(&res.r), kBoundMs});
        EXPECT_FALSE(got);
        EXPECT_EQ(ExGetExclusiveWaiterCount(&res.r), 0u) << "the waiter left";
        KeLeaveCriticalRegion();
      },
      [&] {
        ExReleaseResourceLite(&res.r);
        KeLeaveCriticalRegion();
      });
}

MISUSE_CASE(ExAcquireResourceSharedLite, NullResource) {
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExAcquireResourceSharedLite(nullptr, TRUE), 0x1E, {kAccessViolation});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceSharedLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  KeEnterCriticalRegion();
  BOOLEAN got = TRUE;
  EXPECT_ONLY_BUGCHECK(got = ExAcquireResourceSharedLite(&r, TRUE), kVerifier,
                       {0x1002, Address(&r)});
  EXPECT_FALSE(got);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceSharedLite, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAcquireResourceSharedLite(&res.r, FALSE), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
}

MISUSE_CASE(ExAcquireResourceSharedLite, OutsideCriticalRegionVerifier) {
  ScopedOptions options(VerifierChecks);
  Resource res;
  EXPECT_ONLY_BUGCHECK(ExAcquireResourceSharedLite(&res.r, TRUE), kVerifier,
                       {0x37, PASSIVE_LEVEL, 0, Address(&res.r)});
  KeEnterCriticalRegion();
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireResourceSharedLite, ExclusiveElsewhereNoWait) {
  Resource res;
  WhileHeldElsewhere(
      [&] {
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&res.r, TRUE);
      },
      [&] {
        KeEnterCriticalRegion();
        BOOLEAN got = TRUE;
        EXPECT_NO_BUGCHECK(got = ExAcquireResourceSharedLite(&res.r, FALSE));
        EXPECT_FALSE(got);
        KeLeaveCriticalRegion();
      },
      [&] {
        ExReleaseResourceLite(&res.r);
        KeLeaveCriticalRegion();
      });
}

MISUSE_CASE(ExAcquireSharedStarveExclusive, NullResource) {
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExAcquireSharedStarveExclusive(nullptr, TRUE), 0x1E, {kAccessViolation});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireSharedStarveExclusive, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExAcquireSharedStarveExclusive(&r, TRUE), kVerifier,
                       {0x1002, Address(&r)});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireSharedStarveExclusive, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAcquireSharedStarveExclusive(&res.r, FALSE), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
}

MISUSE_CASE(ExAcquireSharedWaitForExclusive, NullResource) {
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExAcquireSharedWaitForExclusive(nullptr, TRUE), 0x1E,
                       {kAccessViolation});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireSharedWaitForExclusive, AfterDelete) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  ExDeleteResourceLite(&r);
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExAcquireSharedWaitForExclusive(&r, TRUE), kVerifier,
                       {0x1002, Address(&r)});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExAcquireSharedWaitForExclusive, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAcquireSharedWaitForExclusive(&res.r, FALSE), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
}

MISUSE_CASE(ExReleaseResourceLite, NullResource) {
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(nullptr), 0x1E, {kAccessViolation, 0, 1});
}

MISUSE_CASE(ExReleaseResourceLite, NeverAcquired) {
  Resource res;
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(&res.r), 0xE3, {Address(&res.r), Self(), 0, 0});
}

MISUSE_CASE(ExReleaseResourceLite, Twice) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  EXPECT_NO_BUGCHECK(ExReleaseResourceLite(&res.r));
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(&res.r), 0xE3, {Address(&res.r), Self()});
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseResourceLite, OwnedByAnotherThread) {
  Resource res;
  WhileHeldElsewhere(
      [&] {
        KeEnterCriticalRegion();
        ExAcquireResourceSharedLite(&res.r, TRUE);
      },
      [&] {
        EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(&res.r), 0xE3, {Address(&res.r), Self()});
      },
      [&] {
        EXPECT_EQ(ExIsResourceAcquiredSharedLite(&res.r), 1u) << "the owner's share stays";
        ExReleaseResourceLite(&res.r);
        KeLeaveCriticalRegion();
      });
}

MISUSE_CASE(ExReleaseResourceLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(&r), kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(ExReleaseResourceLite, AfterDelete) {
  ERESOURCE r;
  ExInitializeResourceLite(&r);
  ExDeleteResourceLite(&r);
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(&r), kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(ExReleaseResourceLite, AboveDispatch) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(&res.r), 0x0A,
                         {Address(&res.r), HIGH_LEVEL, DISPATCH_LEVEL});
  });
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&res.r)) << "not released";
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseResourceLite, AfterLeavingTheRegionVerifier) {
  ScopedOptions options(VerifierChecks);
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  KeLeaveCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceLite(&res.r), kVerifier,
                       {0x38, PASSIVE_LEVEL, 0, Address(&res.r)});
  EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&res.r)) << "reported, then released";
}

MISUSE_CASE(ExReleaseResourceForThreadLite, NullResource) {
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceForThreadLite(nullptr, ExGetCurrentResourceThread()),
                       0x1E, {kAccessViolation});
}

MISUSE_CASE(ExReleaseResourceForThreadLite, ThreadThatOwnsNothing) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&res.r, TRUE);
  for (ERESOURCE_THREAD id : {ERESOURCE_THREAD{0}, ERESOURCE_THREAD{0xDEAD},
                              (ERESOURCE_THREAD{1} << 32) | ExGetCurrentResourceThread()}) {
    EXPECT_ONLY_BUGCHECK(ExReleaseResourceForThreadLite(&res.r, id), 0xE3,
                         {Address(&res.r), id});
  }
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&res.r), 1u) << "the owner's share stays";
  ExReleaseResourceForThreadLite(&res.r, ExGetCurrentResourceThread());
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseResourceForThreadLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceForThreadLite(&r, ExGetCurrentResourceThread()),
                       kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(ExReleaseResourceForThreadLite, AboveDispatch) {
  Resource res;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExReleaseResourceForThreadLite(&res.r, ExGetCurrentResourceThread()),
                         0x0A, {Address(&res.r), HIGH_LEVEL, DISPATCH_LEVEL});
  });
}

MISUSE_CASE(ExGetCurrentResourceThread, AtHighLevel) {
  const ERESOURCE_THREAD passive = ExGetCurrentResourceThread();
  EXPECT_NE(passive, 0u);
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(EXPECT_EQ(ExGetCurrentResourceThread(), passive)); });
  ERESOURCE_THREAD other = passive;
  std::thread([&] { other = ExGetCurrentResourceThread(); }).join();
  EXPECT_NE(other, passive);
}

MISUSE_CASE(ExConvertExclusiveToSharedLite, NullResource) {
  EXPECT_ONLY_BUGCHECK(ExConvertExclusiveToSharedLite(nullptr), 0x1E, {kAccessViolation});
}

MISUSE_CASE(ExConvertExclusiveToSharedLite, NotOwnedExclusively) {
  Resource res;
  EXPECT_ONLY_BUGCHECK(ExConvertExclusiveToSharedLite(&res.r), 0xE3, {Address(&res.r), Self()});
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&res.r, TRUE);
  EXPECT_ONLY_BUGCHECK(ExConvertExclusiveToSharedLite(&res.r), 0xE3, {Address(&res.r), Self()});
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExConvertExclusiveToSharedLite, NeverInitialized) {
  ERESOURCE r;
  Garbage(&r);
  EXPECT_ONLY_BUGCHECK(ExConvertExclusiveToSharedLite(&r), kVerifier, {0x1002, Address(&r)});
}

MISUSE_CASE(ExConvertExclusiveToSharedLite, AtDispatch) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExConvertExclusiveToSharedLite(&res.r), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&res.r)) << "not converted";
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

// The queries: NULL, never initialized, above DISPATCH_LEVEL.
#define SYNC_RESOURCE_QUERY_ROWS(api, failed)                                             \
  MISUSE_CASE(api, NullResource) {                                                        \
    EXPECT_ONLY_BUGCHECK(EXPECT_EQ(api(nullptr), failed), 0x1E, {kAccessViolation, 0, 0}); \
  }                                                                                       \
  MISUSE_CASE(api, NeverInitialized) {                                                    \
    ERESOURCE r;                                                                          \
    Garbage(&r);                                                                          \
    EXPECT_ONLY_BUGCHECK(EXPECT_EQ(api(&r), failed), kVerifier, {0x1002, Address(&r)});    \
  }                                                                                       \
  MISUSE_CASE(api, AfterDelete) {                                                         \
    ERESOURCE r;                                                                          \
    ExInitializeResourceLite(&r);                                                         \
    ExDeleteResourceLite(&r);                                                             \
    EXPECT_ONLY_BUGCHECK(EXPECT_EQ(api(&r), failed), kVerifier, {0x1002, Address(&r)});    \
  }                                                                                       \
  MISUSE_CASE(api, AboveDispatch) {                                                       \
    Resource res;                                                                         \
    AtIrql(HIGH_LEVEL, [&] {                                                              \
      EXPECT_ONLY_BUGCHECK(EXPECT_EQ(api(&res.r), failed), 0x0A,                          \
                           {Address(&res.r), HIGH_LEVEL, DISPATCH_LEVEL});                \
    });                                                                                   \
  }

SYNC_RESOURCE_QUERY_ROWS(ExIsResourceAcquiredExclusiveLite, FALSE)
SYNC_RESOURCE_QUERY_ROWS(ExIsResourceAcquiredSharedLite, 0u)
SYNC_RESOURCE_QUERY_ROWS(ExGetExclusiveWaiterCount, 0u)
SYNC_RESOURCE_QUERY_ROWS(ExGetSharedWaiterCount, 0u)

MISUSE_CASE(ExIsResourceAcquiredExclusiveLite, SharedOwnerAndDispatchLevel) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&res.r, TRUE);
  EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&res.r));
  ExReleaseResourceLite(&res.r);
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&res.r)); });
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExIsResourceAcquiredSharedLite, CountsRecursion) {
  Resource res;
  KeEnterCriticalRegion();
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&res.r), 0u);
  ExAcquireResourceSharedLite(&res.r, TRUE);
  ExAcquireResourceSharedLite(&res.r, TRUE);
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&res.r), 2u);
  ExReleaseResourceLite(&res.r);
  ExReleaseResourceLite(&res.r);
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExGetExclusiveWaiterCount, NoWaiters) {
  Resource res;
  EXPECT_EQ(ExGetExclusiveWaiterCount(&res.r), 0u);
  EXPECT_EQ(ExGetSharedWaiterCount(&res.r), 0u);
}

MISUSE_CASE(ExGetSharedWaiterCount, AtDispatch) {
  Resource res;
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_NO_BUGCHECK(EXPECT_EQ(ExGetSharedWaiterCount(&res.r), 0u)); });
}

// The combined region + acquisition forms change nothing when refused.
#define SYNC_ENTER_AND_ACQUIRE_ROWS(api)                                                    \
  MISUSE_CASE(api, NullResource) {                                                          \
    PVOID got = &got;                                                                       \
    EXPECT_ONLY_BUGCHECK(got = api(nullptr), 0x1E, {kAccessViolation, 0, 1});               \
    EXPECT_EQ(got, nullptr);                                                                \
    EXPECT_FALSE(KeAreApcsDisabled()) << "no critical region left entered";                 \
  }                                                                                         \
  MISUSE_CASE(api, NeverInitialized) {                                                      \
    ERESOURCE r;                                                                            \
    Garbage(&r);                                                                            \
    PVOID got = &got;                                                                       \
    EXPECT_ONLY_BUGCHECK(got = api(&r), kVerifier, {0x1002, Address(&r)});                  \
    EXPECT_EQ(got, nullptr);                                                                \
    EXPECT_FALSE(KeAreApcsDisabled()) << "no critical region left entered";                 \
  }                                                                                         \
  MISUSE_CASE(api, AtDispatch) {                                                            \
    Resource res;                                                                           \
    AtIrql(DISPATCH_LEVEL, [&] {                                                            \
      EXPECT_ONLY_BUGCHECK(api(&res.r), 0x0A, {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL}); \
    });                                                                                     \
    EXPECT_FALSE(KeAreApcsDisabled());                                                      \
    EXPECT_EQ(ExIsResourceAcquiredSharedLite(&res.r), 0u);                                  \
  }                                                                                         \
  MISUSE_CASE(api, PairsWithReleaseAndLeave) {                                              \
    Resource res;                                                                           \
    EXPECT_NO_BUGCHECK(EXPECT_NE(api(&res.r), nullptr));                                    \
    EXPECT_TRUE(KeAreApcsDisabled());                                                       \
    EXPECT_NO_BUGCHECK(ExReleaseResourceAndLeaveCriticalRegion(&res.r));                    \
    EXPECT_FALSE(KeAreApcsDisabled());                                                      \
  }

SYNC_ENTER_AND_ACQUIRE_ROWS(ExEnterCriticalRegionAndAcquireResourceExclusive)
SYNC_ENTER_AND_ACQUIRE_ROWS(ExEnterCriticalRegionAndAcquireResourceShared)
SYNC_ENTER_AND_ACQUIRE_ROWS(ExEnterCriticalRegionAndAcquireSharedWaitForExclusive)

MISUSE_CASE(ExEnterCriticalRegionAndAcquireResourceExclusive, SharedOwnerWaitsForItself) {
  Resource res;
  ExEnterCriticalRegionAndAcquireResourceShared(&res.r);
  PVOID got = &got;
  EXPECT_ONLY_BUGCHECK(got = ExEnterCriticalRegionAndAcquireResourceExclusive(&res.r),
                       kVerifier, {0x1000, Address(&res.r)});
  EXPECT_EQ(got, nullptr);
  ExReleaseResourceAndLeaveCriticalRegion(&res.r);
  EXPECT_FALSE(KeAreApcsDisabled()) << "the refused call left its region";
}

MISUSE_CASE(ExReleaseResourceAndLeaveCriticalRegion, NullResource) {
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceAndLeaveCriticalRegion(nullptr), 0x1E,
                       {kAccessViolation});
  EXPECT_TRUE(KeAreApcsDisabled()) << "the region stays";
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseResourceAndLeaveCriticalRegion, NotOwned) {
  Resource res;
  KeEnterCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceAndLeaveCriticalRegion(&res.r), 0xE3,
                       {Address(&res.r), Self()});
  EXPECT_TRUE(KeAreApcsDisabled()) << "the region stays";
  KeLeaveCriticalRegion();
}

MISUSE_CASE(ExReleaseResourceAndLeaveCriticalRegion, RegionAlreadyLeft) {
  Resource res;
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&res.r, TRUE);
  KeLeaveCriticalRegion();
  EXPECT_ONLY_BUGCHECK(ExReleaseResourceAndLeaveCriticalRegion(&res.r), kVerifier,
                       {0x3E, 0, 0, 0});
  EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&res.r)) << "released, then the leave refused";
}

MISUSE_CASE(ExReleaseResourceAndLeaveCriticalRegion, AtDispatch) {
  Resource res;
  ExEnterCriticalRegionAndAcquireResourceExclusive(&res.r);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExReleaseResourceAndLeaveCriticalRegion(&res.r), 0x0A,
                         {Address(&res.r), DISPATCH_LEVEL, APC_LEVEL});
  });
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&res.r));
  ExReleaseResourceAndLeaveCriticalRegion(&res.r);
}

}  // namespace
}  // namespace misuse
