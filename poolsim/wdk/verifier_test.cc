// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The verifier controls for test code (poolsim/wdk/verifier.h).

#include "poolsim/wdk/verifier.h"

#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"

extern "C" ULONG CountFailuresUnderBudget(SIZE_T Budget, ULONG Count, ULONG Tag);

namespace {

constexpr ULONG kTag = 'freV';

TEST(VerifierControlsTest, FlagsSwitchToVerifierCodes) {
  PoolsimVerifierSetFlags(POOLSIM_VERIFIER_POOL_TRACKING);
  EXPECT_EQ(poolsim::Ambient().options().checks, poolsim::CheckMode::kVerifier);
  EXPECT_BUGCHECK_SUBCODE(ExAllocatePoolWithTag(NonPagedPoolNx, 0, kTag), 0xC4, 0x00);
}

TEST(VerifierControlsTest, SpecialPoolFlagSendsAllocationsToSpecialPool) {
  PoolsimVerifierSetFlags(POOLSIM_VERIFIER_SPECIAL_POOL);
  void* p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 32, kTag);
  EXPECT_EQ((reinterpret_cast<uintptr_t>(p) + 32) % PAGE_SIZE, 0u);
  EXPECT_EQ(poolsim::Ambient().Counters().allocations_special_pool, 1u);
  ExFreePoolWithTag(p, kTag);
}

TEST(VerifierControlsTest, SpecialPoolByTag) {
  PoolsimVerifierSetSpecialPool("Ver?", 0, 0, TRUE);
  void* p = ExAllocatePool2(POOL_FLAG_PAGED, 32, kTag);
  void* q = ExAllocatePool2(POOL_FLAG_PAGED, 32, 'rhtO');
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % PAGE_SIZE, 0u);  // verify start
  EXPECT_EQ(poolsim::Ambient().Counters().allocations_special_pool, 1u);
  ExFreePoolWithTag(p, kTag);
  ExFreePoolWithTag(q, 'rhtO');
}

TEST(VerifierControlsTest, RandomizedFaultsAreReproducible) {
  auto run = [] {
    PoolsimVerifierSetFaults(5000, "Ver*", 2, 7);
    std::vector<bool> failed;
    for (int i = 0; i < 50; ++i) {
      void* p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 8, kTag);
      failed.push_back(p == nullptr);
      if (p != nullptr) ExFreePoolWithTag(p, kTag);
    }
    return failed;
  };
  const std::vector<bool> first = run();
  EXPECT_FALSE(first[0]);
  EXPECT_FALSE(first[1]);  // the warm-up
  const ULONG injected = PoolsimVerifierFaultsInjected();
  EXPECT_GT(injected, 10u);
  EXPECT_LT(injected, 40u);
  poolsim::Environment fresh;
  poolsim::ScopedEnvironment install(&fresh);
  EXPECT_EQ(run(), first);
}

TEST(VerifierControlsTest, SystematicFlagFailsEachStackOnce) {
  PoolsimVerifierSetFlags(POOLSIM_VERIFIER_SYSTEMATIC_LOW_RESOURCES);
  void* a = nullptr;
  int failures = 0;
  for (int i = 0; i < 3; ++i) {
    a = ExAllocatePool2(POOL_FLAG_NON_PAGED, 8, kTag);
    if (a == nullptr) {
      ++failures;
    } else {
      ExFreePoolWithTag(a, kTag);
    }
  }
  EXPECT_EQ(failures, 1);
}

TEST(VerifierControlsTest, BudgetFromC) {
  // 100-byte blocks under a 350-byte budget: 3 fit, 2 of 5 fail.
  EXPECT_EQ(CountFailuresUnderBudget(350, 5, kTag), 2u);
  EXPECT_EQ(CountFailuresUnderBudget(0, 5, kTag), 0u);
}

}  // namespace
