// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// KeRaiseIrql / KeLowerIrql and spin locks, called the way a driver calls
// them, under //:leak_check_main.

#include <atomic>
#include <thread>
#include <vector>

#include "absl/base/attributes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"

namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;

TEST(KeIrqlTest, StartsAtPassiveAndRaisesAndLowers) {
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  KIRQL old;
  KeRaiseIrql(APC_LEVEL, &old);
  EXPECT_EQ(old, PASSIVE_LEVEL);
  EXPECT_EQ(KeGetCurrentIrql(), APC_LEVEL);
  EXPECT_EQ(KfRaiseIrql(DISPATCH_LEVEL), APC_LEVEL);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  KfLowerIrql(APC_LEVEL);
  KeLowerIrql(old);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_EQ(poolsim::Ambient().Counters().raise_irqls, 2u);
}

TEST(KeIrqlTest, RaiseToDpcLevelReturnsThePreviousLevel) {
  EXPECT_EQ(KeRaiseIrqlToDpcLevel(), PASSIVE_LEVEL);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  KeLowerIrql(PASSIVE_LEVEL);
}

TEST(KeIrqlTest, IrqlIsPerThread) {
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  KIRQL seen = HIGH_LEVEL;
  std::thread([&] { seen = KeGetCurrentIrql(); }).join();
  EXPECT_EQ(seen, PASSIVE_LEVEL);
  KeLowerIrql(old);
}

TEST(KeIrqlTest, RaisingToALowerLevelBugChecks) {
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  KIRQL ignored;
  EXPECT_BUGCHECK(KeRaiseIrql(APC_LEVEL, &ignored), 0x09);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);  // unchanged by the bad call
  KeLowerIrql(old);
}

TEST(KeIrqlTest, LoweringToAHigherLevelBugChecks) {
  EXPECT_BUGCHECK(KeLowerIrql(DISPATCH_LEVEL), 0x0A);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST(KeIrqlTest, RaiseAboveHighLevelBugChecks) {
  KIRQL ignored;
  EXPECT_BUGCHECK(KeRaiseIrql(HIGH_LEVEL + 1, &ignored), 0x09);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST(KeSpinLockTest, AcquireRaisesToDispatchAndReleaseRestores) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  EXPECT_TRUE(KeTestSpinLock(&lock));
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  EXPECT_EQ(old, PASSIVE_LEVEL);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  EXPECT_FALSE(KeTestSpinLock(&lock));
  KeReleaseSpinLock(&lock, old);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_TRUE(KeTestSpinLock(&lock));
  EXPECT_EQ(poolsim::Ambient().Counters().acquire_spin_locks, 1u);
}

TEST(KeSpinLockTest, InStackQueuedLockRaisesAndRestores) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KLOCK_QUEUE_HANDLE handle;
  KeAcquireInStackQueuedSpinLock(&lock, &handle);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  EXPECT_EQ(handle.OldIrql, PASSIVE_LEVEL);
  KeReleaseInStackQueuedSpinLock(&handle);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

// The IRQL a release restores is checked as KeLowerIrql checks it: a garbage
// value is reported, the lock is still released and the thread is not left
// at the garbage level.
TEST(KeSpinLockTest, ReleaseToAnIrqlAboveDispatchBugChecks) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  EXPECT_BUGCHECK(KeReleaseSpinLock(&lock, 200), 0x0A);
  ASSERT_FALSE(poolsim::Ambient().BugChecks().empty());
  EXPECT_THAT(poolsim::Ambient().BugChecks().back().description,
              ::testing::HasSubstr("KeReleaseSpinLock"));
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  EXPECT_TRUE(KeTryToAcquireSpinLockAtDpcLevel(&lock));  // it was released
  KeReleaseSpinLockFromDpcLevel(&lock);
  KeLowerIrql(old);
}

TEST(KeSpinLockTest, InStackQueuedReleaseToAnIrqlAboveDispatchBugChecks) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KLOCK_QUEUE_HANDLE handle;
  KeAcquireInStackQueuedSpinLock(&lock, &handle);
  handle.OldIrql = HIGH_LEVEL;  // a corrupted handle
  EXPECT_BUGCHECK(KeReleaseInStackQueuedSpinLock(&handle), 0x0A);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  EXPECT_TRUE(KeTryToAcquireSpinLockAtDpcLevel(&lock));
  KeReleaseSpinLockFromDpcLevel(&lock);
  KeLowerIrql(PASSIVE_LEVEL);
}

TEST(KeSpinLockTest, AtDpcLevelVariantsNeedDispatchLevel) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  EXPECT_BUGCHECK_SUBCODE(KeAcquireSpinLockAtDpcLevel(&lock), 0xC4, 0x40);
  EXPECT_TRUE(KeTestSpinLock(&lock));
  KIRQL old = KeRaiseIrqlToDpcLevel();
  KeAcquireSpinLockAtDpcLevel(&lock);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);  // not raised further
  KeReleaseSpinLockFromDpcLevel(&lock);
  KLOCK_QUEUE_HANDLE handle;
  KeAcquireInStackQueuedSpinLockAtDpcLevel(&lock, &handle);
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&handle);
  KeLowerIrql(old);
  KeAcquireSpinLock(&lock, &old);
  KeLowerIrql(PASSIVE_LEVEL);  // the driver drops the IRQL while holding it
  EXPECT_BUGCHECK_SUBCODE(KeReleaseSpinLockFromDpcLevel(&lock), 0xC4, 0x41);
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  KeReleaseSpinLock(&lock, PASSIVE_LEVEL);
}

TEST(KeSpinLockTest, AcquireAboveDispatchBugChecks) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old;
  KeRaiseIrql(CLOCK_LEVEL, &old);
  KIRQL ignored;
  EXPECT_BUGCHECK_SUBCODE(KeAcquireSpinLock(&lock, &ignored), 0xC4, 0x42);
  EXPECT_TRUE(KeTestSpinLock(&lock));
  KeLowerIrql(old);
}

TEST(KeSpinLockTest, DoubleReleaseAtPassiveLevelBugChecks) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  KeReleaseSpinLock(&lock, old);
  // Released again at PASSIVE_LEVEL: 0xC4/0x32 with the IRQL and the lock.
  poolsim::testing::BugCheckCapture capture;
  KeReleaseSpinLock(&lock, old);
  ASSERT_THAT(capture.bug_checks(), SizeIs(1));
  EXPECT_THAT(capture.bug_checks()[0].parameters,
              ElementsAre(0x32, PASSIVE_LEVEL, reinterpret_cast<uintptr_t>(&lock), 0));
}

TEST(KeSpinLockTest, ReleaseOfALockNotOwnedBugChecks) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old = KeRaiseIrqlToDpcLevel();
  EXPECT_BUGCHECK(KeReleaseSpinLock(&lock, old), 0x10);  // SPIN_LOCK_NOT_OWNED
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  KeLowerIrql(old);
}

TEST(KeSpinLockTest, RecursiveAcquireIsReportedInsteadOfDeadlocking) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  KIRQL inner;
  EXPECT_BUGCHECK(KeAcquireSpinLock(&lock, &inner), 0x0F);  // SPIN_LOCK_ALREADY_OWNED
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  KeReleaseSpinLock(&lock, old);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

// A bounded wait instead of a hang: a lock that was never initialized, or
// whose holder never releases it, is reported as the DPC watchdog would
// report the spin, and the call returns without the lock.
void ShortSpinTimeout() {
  poolsim::Options o = poolsim::Ambient().options();
  o.spin_timeout_ms = 50;
  poolsim::Ambient().Reconfigure(o);
}

TEST(KeSpinLockTest, AnUninitializedLockIsReportedInsteadOfHanging) {
  ShortSpinTimeout();
  KSPIN_LOCK lock = 0xDEADBEEF;  // never initialized
  KIRQL old = HIGH_LEVEL;
  EXPECT_BUGCHECK_SUBCODE(KeAcquireSpinLock(&lock, &old), 0x133, 0x1);
  const std::vector<poolsim::BugCheck> checks = poolsim::Ambient().BugChecks();
  ASSERT_FALSE(checks.empty());
  const poolsim::BugCheck& b = checks.back();
  EXPECT_EQ(b.parameters[1], 50u);
  EXPECT_EQ(b.parameters[2], reinterpret_cast<uintptr_t>(&lock));
  EXPECT_EQ(b.parameters[3], 0xDEADBEEFu);
  EXPECT_THAT(b.description, ::testing::HasSubstr("KeAcquireSpinLock"));
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);  // returned without the lock
  EXPECT_EQ(old, PASSIVE_LEVEL);
}

// The holder of the test below: named, so its frame can be found in the
// report.
ABSL_ATTRIBUTE_NOINLINE void HoldLockUntilDone(KSPIN_LOCK* lock, std::atomic<bool>* held,
                                               std::atomic<bool>* done) {
  KIRQL old;
  KeAcquireSpinLock(lock, &old);
  *held = true;
  while (!*done) std::this_thread::yield();
  KeReleaseSpinLock(lock, old);
}

TEST(KeSpinLockTest, TheTimeoutReportShowsWhereTheHolderTookTheLock) {
  ShortSpinTimeout();
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  std::atomic<bool> held{false}, done{false};
  std::thread holder(HoldLockUntilDone, &lock, &held, &done);
  while (!held) std::this_thread::yield();
  KIRQL old;
  EXPECT_BUGCHECK_SUBCODE(KeAcquireSpinLock(&lock, &old), 0x133, 0x1);
  done = true;
  holder.join();
  const poolsim::BugCheck b = poolsim::Ambient().BugChecks().back();
  EXPECT_THAT(b.description, ::testing::HasSubstr("which acquired it at:"));
  EXPECT_THAT(b.description, ::testing::HasSubstr("HoldLockUntilDone"));
  EXPECT_THAT(b.description, ::testing::HasSubstr("ke_irql_test.cc"));
  // A lock never initialized has no holder to show.
  KSPIN_LOCK garbage = 0xDEADBEEFCAFEull;
  EXPECT_BUGCHECK_SUBCODE(KeAcquireSpinLock(&garbage, &old), 0x133, 0x1);
  EXPECT_THAT(poolsim::Ambient().BugChecks().back().description,
              ::testing::HasSubstr("never initialized"));
}

TEST(KeSpinLockTest, ALockItsHolderNeverReleasesIsReportedInsteadOfHanging) {
  ShortSpinTimeout();
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  std::atomic<bool> held{false}, done{false};
  std::thread holder([&] {
    KIRQL old;
    KeAcquireSpinLock(&lock, &old);
    held = true;
    while (!done) std::this_thread::yield();
    KeReleaseSpinLock(&lock, old);
  });
  while (!held) std::this_thread::yield();
  KLOCK_QUEUE_HANDLE handle;
  EXPECT_BUGCHECK_SUBCODE(KeAcquireInStackQueuedSpinLock(&lock, &handle), 0x133, 0x1);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  done = true;
  holder.join();
  // Once released, the lock works again.
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  KeReleaseSpinLock(&lock, old);
}

TEST(KeSpinLockTest, ExcludesOtherThreads) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  int counter = 0;  // protected by `lock` only
  std::atomic<int> inside{0};
  std::atomic<bool> overlap{false};
  auto work = [&] {
    for (int i = 0; i < 20000; ++i) {
      KLOCK_QUEUE_HANDLE h;
      KeAcquireInStackQueuedSpinLock(&lock, &h);
      if (inside.fetch_add(1) != 0) overlap = true;
      ++counter;
      inside.fetch_sub(1);
      KeReleaseInStackQueuedSpinLock(&h);
    }
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  EXPECT_EQ(counter, 40000);
  EXPECT_FALSE(overlap.load());
}

TEST(KeBugCheckTest, DriverBugCheckCarriesItsParameters) {
  poolsim::testing::BugCheckCapture capture;
  KeBugCheckEx(0xDEAD, 1, 2, 3, 4);
  ASSERT_THAT(capture.bug_checks(), SizeIs(1));
  EXPECT_EQ(capture.bug_checks()[0].code, 0xDEADu);
  EXPECT_THAT(capture.bug_checks()[0].parameters, ElementsAre(1, 2, 3, 4));
}

class VerifierIrqlTest : public ::testing::Test {
 protected:
  VerifierIrqlTest() : env_(VerifierOptions()), install_(&env_) {}
  static poolsim::Options VerifierOptions() {
    poolsim::Options o;
    o.checks = poolsim::CheckMode::kVerifier;
    return o;
  }
  poolsim::Environment env_;
  poolsim::ScopedEnvironment install_;
};

TEST_F(VerifierIrqlTest, SpinLockOwnershipMisuseUsesVerifierCodes) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  KIRQL inner;
  EXPECT_BUGCHECK_SUBCODE(KeAcquireSpinLock(&lock, &inner), 0xC4, 0x1001);
  KeReleaseSpinLock(&lock, old);
  old = KeRaiseIrqlToDpcLevel();
  EXPECT_BUGCHECK_SUBCODE(KeReleaseSpinLock(&lock, old), 0xC4, 0x32);
  KeLowerIrql(old);
}

TEST_F(VerifierIrqlTest, RaiseAndLowerMisuseUseVerifierCodes) {
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  KIRQL ignored;
  EXPECT_BUGCHECK_SUBCODE(KeRaiseIrql(PASSIVE_LEVEL, &ignored), 0xC4, 0x30);
  EXPECT_BUGCHECK_SUBCODE(KeLowerIrql(HIGH_LEVEL), 0xC4, 0x31);
  KeLowerIrql(old);
}

TEST_F(VerifierIrqlTest, ReleaseToAnIrqlAboveDispatchUsesTheVerifierCode) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  EXPECT_BUGCHECK_SUBCODE(KeReleaseSpinLock(&lock, 200), 0xC4, 0x31);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  KeLowerIrql(old);
}

}  // namespace
