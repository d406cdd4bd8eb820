// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Drives the C sample driver through //:leak_check_main, as a user's test
// would: every test here also fails if the driver leaks pool.

#include "tests/c_driver/sample_pool_driver.h"

#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"

namespace {

TEST(SampleCDriver, InsertAndDrainFreesEverything) {
  SampleInitialize();
  for (ULONG i = 0; i < 10; ++i) ASSERT_EQ(SampleInsert(i), STATUS_SUCCESS);
  EXPECT_EQ(poolsim::Ambient().Counters().current_nonpaged_allocations, 10u);
  EXPECT_EQ(SampleDrain(FALSE), 10u);
  EXPECT_EQ(poolsim::Ambient().Counters().acquire_spin_locks, 11u);
}

TEST(SampleCDriver, InsertWorksAtDispatchLevel) {
  SampleInitialize();
  KIRQL old = KeRaiseIrqlToDpcLevel();
  // KeAcquireSpinLock from DISPATCH_LEVEL is legal; nonpaged pool too.
  EXPECT_EQ(SampleInsert(1), STATUS_SUCCESS);
  KeLowerIrql(old);
  EXPECT_EQ(SampleDrain(FALSE), 1u);
}

TEST(SampleCDriver, ForgettingToFreeIsALeakNamingTheTag) {
  SampleInitialize();
  SampleInsert(7);
  poolsim::testing::ScopedLeakCheck scope;
  SampleInsert(8);
  SampleDrain(TRUE);  // the driver "forgets" to free
  const poolsim::LeakReport report = scope.Check();
  ASSERT_EQ(report.groups.size(), 1u);
  EXPECT_EQ(report.groups[0].tag.ToString(), "Smpl");
  EXPECT_EQ(report.groups[0].count, 1u);  // only what the scope saw
  poolsim::Ambient().Reset();  // keep this test's own check quiet
}

TEST(SampleCDriver, PagedScratchAtDispatchLevelBugChecks) {
  KIRQL old = KeRaiseIrqlToDpcLevel();
  EXPECT_BUGCHECK_SUBCODE(SampleAllocatePagedScratch(64), 0xC2, 0x08);
  KeLowerIrql(old);
}

TEST(SampleCDriver, FreeingWithAnotherTagBugChecks) {
  PVOID p = SampleAllocatePagedScratch(64);
  ASSERT_NE(p, nullptr);
  EXPECT_BUGCHECK_SUBCODE(SampleFreeScratch(p, 'rhtO'), 0xC2, 0x0A);
  SampleFreeScratch(p, 'lpmS');
}

}  // namespace
