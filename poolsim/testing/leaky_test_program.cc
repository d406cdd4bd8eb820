// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// A test program with deliberate mistakes, run by leak_check_main_test.sh to
// check from outside that //:leak_check_main fails exactly the tests that
// leak or bug-check, prints the report and writes the report files.

#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/wdk/wdm.h"

namespace {

__attribute__((noinline)) void CacheInsert() { (void)ExAllocatePool2(POOL_FLAG_PAGED, 48, 'kaeL'); }

TEST(Leaky, LeaksOneBlock) { CacheInsert(); }

TEST(Leaky, FreesEverything) {
  void* p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 'naeL');
  ExFreePoolWithTag(p, 'naeL');
}

TEST(Leaky, FreesWithTheWrongTag) {
  void* p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 'naeL');
  ExFreePoolWithTag(p, 'gnrW');
  ExFreePoolWithTag(p, 'naeL');
}

TEST(Leaky, ReturnsAtDispatchLevel) {
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
}

TEST(Leaky, NeverDeletesItsLookasideList) {
  static NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, 'kaeL', 0);
}

TEST(Leaky, BugChecksInItsOwnEnvironment) {
  poolsim::Environment env;  // no handler of its own: the test fails, the binary goes on
  env.Free(nullptr, poolsim::PoolTag(), false);
}

// The silent pass: a test builds its own Environment, makes it ambient,
// leaks in it and throws it away without looking at its report.
TEST(Leaky, LeaksInItsOwnEnvironment) {
  poolsim::Environment env;
  poolsim::ScopedEnvironment install(&env);
  (void)ExAllocatePool2(POOL_FLAG_PAGED, 24, 'nwOL');
}

// The same, with the report checked: the test owns the verdict.
TEST(Leaky, ChecksItsOwnEnvironment) {
  poolsim::Environment env;
  poolsim::ScopedEnvironment install(&env);
  void* p = ExAllocatePool2(POOL_FLAG_PAGED, 24, 'nwOL');
  EXPECT_EQ(poolsim::BuildLeakReport(env).leaked_blocks(), 1u);
  ExFreePoolWithTag(p, 'nwOL');
}

// An Environment still alive when the test ends.
TEST(Leaky, KeepsItsEnvironmentAlive) {
  static poolsim::Environment* kept = new poolsim::Environment();
  (void)kept;
}

// Runs after the leaking tests: proves state does not carry over.
TEST(Leaky, StartsClean) {
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_TRUE(poolsim::Ambient().LiveBlocks().empty());
  EXPECT_EQ(poolsim::Ambient().Counters().allocations_attempted, 0u);
}

}  // namespace
