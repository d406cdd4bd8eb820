// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Fast and guarded mutexes, called the way a driver calls them, under
// //:leak_check_main.

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>

#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"
#include "sync/wdk/sync.h"

namespace {

constexpr uint32_t kVerifierViolation = 0xC4;

TEST(FastMutexTest, RaisesToApcLevelAndRestores) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  ExAcquireFastMutex(&m);
  EXPECT_EQ(KeGetCurrentIrql(), APC_LEVEL);
  EXPECT_TRUE(KeAreApcsDisabled());
  ExReleaseFastMutex(&m);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_TRUE(ExTryToAcquireFastMutex(&m));
  EXPECT_EQ(KeGetCurrentIrql(), APC_LEVEL);
  ExReleaseFastMutex(&m);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST(FastMutexTest, ExcludesOtherThreads) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  ExAcquireFastMutex(&m);
  BOOLEAN tried = TRUE;
  std::thread([&] {
    tried = ExTryToAcquireFastMutex(&m);
    if (tried) ExReleaseFastMutex(&m);
  }).join();
  EXPECT_FALSE(tried);
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    ExAcquireFastMutex(&m);
    got = true;
    ExReleaseFastMutex(&m);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_FALSE(got.load());
  ExReleaseFastMutex(&m);
  waiter.join();
  EXPECT_TRUE(got.load());
  EXPECT_GE(m.Contention, 1u);
}

TEST(FastMutexTest, UnsafeFormsInsideACriticalRegion) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  KeEnterCriticalRegion();
  ExAcquireFastMutexUnsafe(&m);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  ExReleaseFastMutexUnsafe(&m);
  KeLeaveCriticalRegion();
}

TEST(GuardedMutexTest, EntersAGuardedRegion) {
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  KeAcquireGuardedMutex(&m);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_TRUE(KeAreAllApcsDisabled());
  BOOLEAN other = TRUE;
  std::thread([&] { other = KeTryToAcquireGuardedMutex(&m); }).join();
  EXPECT_FALSE(other);
  KeReleaseGuardedMutex(&m);
  EXPECT_FALSE(KeAreAllApcsDisabled());
  EXPECT_TRUE(KeTryToAcquireGuardedMutex(&m));
  KeReleaseGuardedMutex(&m);
  KeEnterGuardedRegion();
  KeAcquireGuardedMutexUnsafe(&m);
  KeReleaseGuardedMutexUnsafe(&m);
  KeLeaveGuardedRegion();
}

// --- checks -----------------------------------------------------------------

TEST(FastMutexCheckTest, RecursionIsASelfDeadlock) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  ExAcquireFastMutex(&m);
  EXPECT_BUGCHECK_SUBCODE(ExAcquireFastMutex(&m), kVerifierViolation, 0x1000);
  EXPECT_FALSE(ExTryToAcquireFastMutex(&m));  // a try only fails
  ExReleaseFastMutex(&m);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST(FastMutexCheckTest, ReleaseByANonOwner) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  KIRQL old;
  KeRaiseIrql(APC_LEVEL, &old);
  EXPECT_BUGCHECK_SUBCODE(ExReleaseFastMutex(&m), kVerifierViolation, 0x1004);
  KeLowerIrql(old);
  std::atomic<bool> held{false};
  std::atomic<bool> done{false};
  std::thread owner([&] {
    ExAcquireFastMutex(&m);
    held = true;
    while (!done) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ExReleaseFastMutex(&m);
  });
  while (!held) std::this_thread::yield();
  KeRaiseIrql(APC_LEVEL, &old);
  EXPECT_BUGCHECK_SUBCODE(ExReleaseFastMutex(&m), kVerifierViolation, 0x1004);
  KeLowerIrql(old);
  done = true;
  owner.join();
}

TEST(FastMutexCheckTest, IrqlRules) {
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  EXPECT_BUGCHECK_SUBCODE(ExAcquireFastMutex(&m), kVerifierViolation, 0x33);
  EXPECT_BUGCHECK_SUBCODE(ExTryToAcquireFastMutex(&m), kVerifierViolation, 0x33);
  KeLowerIrql(old);
  ExAcquireFastMutex(&m);
  KeLowerIrql(PASSIVE_LEVEL);  // the driver lowers while holding it
  EXPECT_BUGCHECK_SUBCODE(ExReleaseFastMutex(&m), kVerifierViolation, 0x34);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  // The mutex was released all the same.
  EXPECT_TRUE(ExTryToAcquireFastMutex(&m));
  ExReleaseFastMutex(&m);
}

TEST(FastMutexCheckTest, UnsafeWithApcsEnabledUnderTheVerifier) {
  poolsim::Options o = poolsim::Ambient().options();
  o.checks = poolsim::CheckMode::kVerifier;
  poolsim::Ambient().Reconfigure(o);
  FAST_MUTEX m;
  ExInitializeFastMutex(&m);
  EXPECT_BUGCHECK_SUBCODE(ExAcquireFastMutexUnsafe(&m), kVerifierViolation, 0x39);
  EXPECT_BUGCHECK_SUBCODE(ExReleaseFastMutexUnsafe(&m), kVerifierViolation, 0x3A);
}

TEST(FastMutexCheckTest, UninitializedMutex) {
  FAST_MUTEX m;
  memset(&m, 0xCD, sizeof(m));
  EXPECT_BUGCHECK_SUBCODE(ExAcquireFastMutex(&m), kVerifierViolation, 0x1002);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST(FastMutexCheckTest, AWaitThatNeverEndsIsBounded) {
  poolsim::Options o = poolsim::Ambient().options();
  o.wait_timeout_ms = 100;
  poolsim::Ambient().Reconfigure(o);
  KGUARDED_MUTEX m;
  KeInitializeGuardedMutex(&m);
  std::atomic<bool> held{false};
  std::atomic<bool> done{false};
  std::thread owner([&] {
    KeAcquireGuardedMutex(&m);
    held = true;
    while (!done) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    KeReleaseGuardedMutex(&m);
  });
  while (!held) std::this_thread::yield();
  EXPECT_BUGCHECK_SUBCODE(KeAcquireGuardedMutex(&m), kVerifierViolation, 0x1001);
  EXPECT_FALSE(KeAreAllApcsDisabled());
  done = true;
  owner.join();
}

}  // namespace
