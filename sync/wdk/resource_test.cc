// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// ERESOURCE, critical regions and the Flt resource helpers, called the way a
// driver calls them, under //:leak_check_main.

#include <atomic>
#include <cstring>
#include <chrono>
#include <thread>

#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"
#include "sync/wdk/sync.h"

namespace {

constexpr uint32_t kVerifierViolation = 0xC4;

void UseVerifier() {
  poolsim::Options o = poolsim::Ambient().options();
  o.checks = poolsim::CheckMode::kVerifier;
  poolsim::Ambient().Reconfigure(o);
}

void SetWaitBound(uint32_t ms) {
  poolsim::Options o = poolsim::Ambient().options();
  o.wait_timeout_ms = ms;
  poolsim::Ambient().Reconfigure(o);
}

// Spins (yielding) until `done` or about 10 s.
template <typename F>
bool Eventually(F done) {
  for (int i = 0; i < 10000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

TEST(ResourceTest, ExclusiveOwnerReacquiresExclusiveAndShared) {
  ERESOURCE resource;
  ASSERT_EQ(ExInitializeResourceLite(&resource), STATUS_SUCCESS);
  KeEnterCriticalRegion();
  EXPECT_TRUE(ExAcquireResourceExclusiveLite(&resource, TRUE));
  EXPECT_TRUE(ExAcquireResourceExclusiveLite(&resource, FALSE));
  EXPECT_TRUE(ExAcquireResourceSharedLite(&resource, TRUE));
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&resource));
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&resource), 3u);
  ExReleaseResourceLite(&resource);
  ExReleaseResourceLite(&resource);
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&resource));
  ExReleaseResourceLite(&resource);
  EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&resource));
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&resource), 0u);
  KeLeaveCriticalRegion();
  EXPECT_EQ(ExDeleteResourceLite(&resource), STATUS_SUCCESS);
}

TEST(ResourceTest, SharedOwnersCoexistAndExclusiveWithoutWaitFails) {
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  KeEnterCriticalRegion();
  ASSERT_TRUE(ExAcquireResourceSharedLite(&resource, TRUE));
  BOOLEAN other_shared = FALSE;
  BOOLEAN other_exclusive = TRUE;
  std::thread([&] {
    KeEnterCriticalRegion();
    other_shared = ExAcquireResourceSharedLite(&resource, FALSE);
    other_exclusive = ExAcquireResourceExclusiveLite(&resource, FALSE);
    if (other_shared) ExReleaseResourceLite(&resource);
    KeLeaveCriticalRegion();
  }).join();
  EXPECT_TRUE(other_shared);
  EXPECT_FALSE(other_exclusive);
  ExReleaseResourceLite(&resource);
  KeLeaveCriticalRegion();
  ExDeleteResourceLite(&resource);
}

TEST(ResourceTest, ExclusiveContentionBlocksUntilRelease) {
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  FltAcquireResourceExclusive(&resource);
  std::atomic<bool> acquired{false};
  std::thread reader([&] {
    FltAcquireResourceShared(&resource);
    acquired = true;
    FltReleaseResource(&resource);
  });
  ASSERT_TRUE(Eventually([&] { return ExGetSharedWaiterCount(&resource) == 1; }));
  EXPECT_FALSE(acquired.load());
  FltReleaseResource(&resource);
  reader.join();
  EXPECT_TRUE(acquired.load());
  EXPECT_EQ(ExGetSharedWaiterCount(&resource), 0u);
  ExDeleteResourceLite(&resource);
}

TEST(ResourceTest, ExclusiveWaiterHoldsBackNewSharedButNotStarveExclusive) {
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  KeEnterCriticalRegion();
  ASSERT_TRUE(ExAcquireResourceSharedLite(&resource, TRUE));
  std::thread writer([&] {
    FltAcquireResourceExclusive(&resource);
    FltReleaseResource(&resource);
  });
  ASSERT_TRUE(Eventually([&] { return ExGetExclusiveWaiterCount(&resource) == 1; }));
  BOOLEAN plain = TRUE;
  BOOLEAN starve = FALSE;
  std::thread([&] {
    KeEnterCriticalRegion();
    plain = ExAcquireResourceSharedLite(&resource, FALSE);
    starve = ExAcquireSharedStarveExclusive(&resource, FALSE);
    if (starve) ExReleaseResourceLite(&resource);
    if (plain) ExReleaseResourceLite(&resource);
    KeLeaveCriticalRegion();
  }).join();
  EXPECT_FALSE(plain);
  EXPECT_TRUE(starve);
  // The owner's own recursive shared acquisition is still granted.
  EXPECT_TRUE(ExAcquireResourceSharedLite(&resource, FALSE));
  ExReleaseResourceLite(&resource);
  ExReleaseResourceLite(&resource);
  KeLeaveCriticalRegion();
  writer.join();
  ExDeleteResourceLite(&resource);
}

TEST(ResourceTest, ConvertExclusiveToSharedAdmitsReaders) {
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  ExEnterCriticalRegionAndAcquireResourceExclusive(&resource);
  ExConvertExclusiveToSharedLite(&resource);
  EXPECT_FALSE(ExIsResourceAcquiredExclusiveLite(&resource));
  EXPECT_EQ(ExIsResourceAcquiredSharedLite(&resource), 1u);
  BOOLEAN other = FALSE;
  std::thread([&] {
    ExEnterCriticalRegionAndAcquireResourceShared(&resource);
    other = ExIsResourceAcquiredSharedLite(&resource) == 1;
    ExReleaseResourceAndLeaveCriticalRegion(&resource);
  }).join();
  EXPECT_TRUE(other);
  ExReleaseResourceAndLeaveCriticalRegion(&resource);
  EXPECT_FALSE(KeAreApcsDisabled());
  ExDeleteResourceLite(&resource);
}

TEST(ResourceTest, ReleaseForThreadReleasesAnotherThreadsAcquisition) {
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  ERESOURCE_THREAD owner = 0;
  std::thread([&] {
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&resource, TRUE);
    owner = ExGetCurrentResourceThread();
    KeLeaveCriticalRegion();
  }).join();
  KeEnterCriticalRegion();
  EXPECT_FALSE(ExAcquireResourceSharedLite(&resource, FALSE));
  ExReleaseResourceForThreadLite(&resource, owner);
  EXPECT_TRUE(ExAcquireResourceExclusiveLite(&resource, FALSE));
  ExReleaseResourceLite(&resource);
  KeLeaveCriticalRegion();
  ExDeleteResourceLite(&resource);
}

TEST(ResourceTest, ReinitializeResetsAnUnownedResource) {
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  EXPECT_EQ(ExReinitializeResourceLite(&resource), STATUS_SUCCESS);
  FltAcquireResourceShared(&resource);
  FltReleaseResource(&resource);
  ExDeleteResourceLite(&resource);
}

TEST(CriticalRegionTest, NestsAndIsPerThread) {
  EXPECT_FALSE(KeAreApcsDisabled());
  FsRtlEnterFileSystem();
  KeEnterCriticalRegion();
  EXPECT_TRUE(KeAreApcsDisabled());
  EXPECT_FALSE(KeAreAllApcsDisabled());
  BOOLEAN other = TRUE;
  std::thread([&] { other = KeAreApcsDisabled(); }).join();
  EXPECT_FALSE(other);
  KeLeaveCriticalRegion();
  EXPECT_TRUE(KeAreApcsDisabled());
  FsRtlExitFileSystem();
  EXPECT_FALSE(KeAreApcsDisabled());
  KeEnterGuardedRegion();
  EXPECT_TRUE(KeAreAllApcsDisabled());
  KeLeaveGuardedRegion();
}

// --- checks -----------------------------------------------------------------

TEST(ResourceCheckTest, SharedOwnerAcquiringExclusiveIsASelfDeadlock) {
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  FltAcquireResourceShared(&resource);
  BOOLEAN got = TRUE;
  EXPECT_BUGCHECK_SUBCODE(got = ExAcquireResourceExclusiveLite(&resource, TRUE),
                          kVerifierViolation, 0x1000);
  EXPECT_FALSE(got);
  // Without waiting it is just unavailable.
  EXPECT_FALSE(ExAcquireResourceExclusiveLite(&resource, FALSE));
  FltReleaseResource(&resource);
  ExDeleteResourceLite(&resource);
}

TEST(ResourceCheckTest, ReleaseOfAResourceNotOwnedIsResourceNotOwned) {
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  KeEnterCriticalRegion();
  EXPECT_BUGCHECK(ExReleaseResourceLite(&resource), 0xE3);
  ERESOURCE_THREAD owner = 0;
  std::thread([&] {
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&resource, TRUE);
    owner = ExGetCurrentResourceThread();
    KeLeaveCriticalRegion();
  }).join();
  EXPECT_BUGCHECK(ExReleaseResourceLite(&resource), 0xE3);
  EXPECT_BUGCHECK(ExReleaseResourceForThreadLite(&resource, owner + 1000), 0xE3);
  // Release the other thread's acquisition on its behalf.
  ExReleaseResourceForThreadLite(&resource, owner);
  KeLeaveCriticalRegion();
  ExDeleteResourceLite(&resource);
}

TEST(ResourceCheckTest, DeleteWhileOwnedIsReportedAndKeepsTheResource) {
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  FltAcquireResourceExclusive(&resource);
  EXPECT_BUGCHECK_SUBCODE(ExDeleteResourceLite(&resource), kVerifierViolation, 0x100B);
  EXPECT_TRUE(ExIsResourceAcquiredExclusiveLite(&resource));
  EXPECT_BUGCHECK_SUBCODE(ExReinitializeResourceLite(&resource), kVerifierViolation, 0x100B);
  FltReleaseResource(&resource);
  ExDeleteResourceLite(&resource);
}

TEST(ResourceCheckTest, UninitializedAndDoubleInitializedResources) {
  ERESOURCE resource;
  memset(&resource, 0xCD, sizeof(resource));
  KeEnterCriticalRegion();
  EXPECT_BUGCHECK_SUBCODE(ExAcquireResourceExclusiveLite(&resource, TRUE), kVerifierViolation,
                          0x1002);
  KeLeaveCriticalRegion();
  EXPECT_BUGCHECK_SUBCODE(ExDeleteResourceLite(&resource), kVerifierViolation, 0xD1);
  ExInitializeResourceLite(&resource);
  EXPECT_BUGCHECK_SUBCODE(ExInitializeResourceLite(&resource), kVerifierViolation, 0xD0);
  ExDeleteResourceLite(&resource);
  EXPECT_BUGCHECK_SUBCODE(ExDeleteResourceLite(&resource), kVerifierViolation, 0xD1);
  EXPECT_BUGCHECK(ExAcquireResourceSharedLite(nullptr, TRUE), 0x1E);
}

TEST(ResourceCheckTest, AcquireAboveApcLevelIsIrqlNotLessOrEqual) {
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  BOOLEAN got = TRUE;
  EXPECT_BUGCHECK(got = ExAcquireResourceSharedLite(&resource, TRUE), 0x0A);
  EXPECT_FALSE(got);
  KeLowerIrql(old);
  // At APC_LEVEL (APCs disabled) it is allowed.
  KeRaiseIrql(APC_LEVEL, &old);
  EXPECT_TRUE(ExAcquireResourceExclusiveLite(&resource, TRUE));
  ExReleaseResourceLite(&resource);
  KeLowerIrql(old);
  ExDeleteResourceLite(&resource);
}

TEST(ResourceCheckTest, VerifierRequiresACriticalRegion) {
  UseVerifier();
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  EXPECT_BUGCHECK_SUBCODE(ExAcquireResourceExclusiveLite(&resource, TRUE), kVerifierViolation,
                          0x37);
  EXPECT_BUGCHECK_SUBCODE(ExReleaseResourceLite(&resource), kVerifierViolation, 0x38);
  FltAcquireResourceShared(&resource);  // a critical region: no report
  FltReleaseResource(&resource);
  ExDeleteResourceLite(&resource);
}

TEST(ResourceCheckTest, RetailChecksDoNotRequireACriticalRegion) {
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  EXPECT_TRUE(ExAcquireResourceExclusiveLite(&resource, TRUE));
  ExReleaseResourceLite(&resource);
  ExDeleteResourceLite(&resource);
}

TEST(ResourceCheckTest, AResourceNeverDeletedIsReportedAtUnload) {
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  EXPECT_BUGCHECK(poolsim::Ambient().CheckUnload(), 0xCE);
  ExDeleteResourceLite(&resource);
  EXPECT_TRUE(poolsim::Ambient().CheckUnload());
}

TEST(ResourceCheckTest, FreeingPoolThatHoldsALiveResourceIsReported) {
  auto* resource = static_cast<PERESOURCE>(
      ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(ERESOURCE), 'crsR'));
  ASSERT_NE(resource, nullptr);
  ExInitializeResourceLite(resource);
  EXPECT_BUGCHECK_SUBCODE(ExFreePoolWithTag(resource, 'crsR'), kVerifierViolation, 0xCC);
  ExDeleteResourceLite(resource);
  ExFreePoolWithTag(resource, 'crsR');
}

TEST(ResourceCheckTest, AWaitThatNeverEndsIsBounded) {
  SetWaitBound(100);
  ERESOURCE resource;
  ExInitializeResourceLite(&resource);
  std::atomic<bool> held{false};
  std::atomic<bool> done{false};
  std::thread owner([&] {
    FltAcquireResourceExclusive(&resource);
    held = true;
    while (!done) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    FltReleaseResource(&resource);
  });
  ASSERT_TRUE(Eventually([&] { return held.load(); }));
  BOOLEAN got = TRUE;
  KeEnterCriticalRegion();
  EXPECT_BUGCHECK_SUBCODE(got = ExAcquireResourceSharedLite(&resource, TRUE), kVerifierViolation,
                          0x1001);
  KeLeaveCriticalRegion();
  EXPECT_FALSE(got);
  EXPECT_EQ(ExGetSharedWaiterCount(&resource), 0u);
  done = true;
  owner.join();
  ExDeleteResourceLite(&resource);
}

TEST(CriticalRegionCheckTest, LeaveWithoutEnterAndIrqlLimits) {
  EXPECT_BUGCHECK_SUBCODE(KeLeaveCriticalRegion(), kVerifierViolation, 0x3E);
  EXPECT_BUGCHECK_SUBCODE(FsRtlExitFileSystem(), kVerifierViolation, 0x3E);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  EXPECT_BUGCHECK_SUBCODE(KeEnterCriticalRegion(), kVerifierViolation, 0x11A);
  EXPECT_BUGCHECK_SUBCODE(KeLeaveCriticalRegion(), kVerifierViolation, 0x11B);
  KeLowerIrql(old);
  EXPECT_FALSE(KeAreApcsDisabled());
}

}  // namespace
