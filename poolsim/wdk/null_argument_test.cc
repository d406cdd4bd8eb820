// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// NULL pointer arguments to the pool, IRQL, spin-lock and lookaside routines,
// passed the way a buggy driver passes them: each is the stop code Windows
// raises when the routine faults on address 0 (0x1E below DISPATCH_LEVEL,
// 0xD1 at it), naming the call and the parameter; nothing is touched and the
// simulator keeps working. Under //:leak_check_main.

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"

namespace {

using ::testing::HasSubstr;

// Runs `call` and returns the one bug check it raised.
template <typename F>
poolsim::BugCheck OnlyBugCheck(F call) {
  poolsim::testing::BugCheckCapture capture;
  call();
  const std::vector<poolsim::BugCheck> seen = capture.bug_checks();
  EXPECT_EQ(seen.size(), 1u);
  return seen.empty() ? poolsim::BugCheck{} : seen[0];
}

void ExpectAccessViolation(const poolsim::BugCheck& b, uint64_t write, const char* api,
                           const char* parameter) {
  EXPECT_EQ(b.code, 0x1Eu);
  EXPECT_EQ(b.parameters[0], 0xC0000005u);
  EXPECT_EQ(b.parameters[2], write);
  EXPECT_EQ(b.parameters[3], 0u);
  EXPECT_THAT(b.description, HasSubstr(api));
  EXPECT_THAT(b.description, HasSubstr(parameter));
}

// A spin lock, an IRQL raise and a lookaside list still work.
void ExpectStillUsable() {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  KeReleaseSpinLock(&lock, old);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, 'tsiL', 0);
  void* e = ExAllocateFromNPagedLookasideList(&list);
  ASSERT_NE(e, nullptr);
  ExFreeToNPagedLookasideList(&list, e);
  ExDeleteNPagedLookasideList(&list);
}

TEST(NullArgument, SpinLockAcquireWithoutALock) {
  KIRQL old = 0x55;
  ExpectAccessViolation(OnlyBugCheck([&] { KeAcquireSpinLock(nullptr, &old); }), 1,
                        "KeAcquireSpinLock", "SpinLock");
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_EQ(old, 0x55);
  ExpectStillUsable();
}

TEST(NullArgument, SpinLockAcquireWithoutOldIrqlDoesNotTakeTheLock) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  ExpectAccessViolation(OnlyBugCheck([&] { KeAcquireSpinLock(&lock, nullptr); }), 1,
                        "KeAcquireSpinLock", "OldIrql");
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_TRUE(KeTestSpinLock(&lock));
  ExpectStillUsable();
}

TEST(NullArgument, RaiseIrqlWithoutOldIrqlDoesNotRaise) {
  ExpectAccessViolation(OnlyBugCheck([] { KeRaiseIrql(DISPATCH_LEVEL, nullptr); }), 1,
                        "KeRaiseIrql", "OldIrql");
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST(NullArgument, EveryOtherSpinLockRoutine) {
  ExpectAccessViolation(OnlyBugCheck([] { KeInitializeSpinLock(nullptr); }), 1,
                        "KeInitializeSpinLock", "SpinLock");
  ExpectAccessViolation(OnlyBugCheck([] { KeTestSpinLock(nullptr); }), 0, "KeTestSpinLock",
                        "SpinLock");
  ExpectAccessViolation(OnlyBugCheck([] { (void)KeAcquireSpinLockRaiseToDpc(nullptr); }), 1,
                        "KeAcquireSpinLockRaiseToDpc", "SpinLock");
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  ExpectAccessViolation(OnlyBugCheck([] { KeReleaseSpinLock(nullptr, PASSIVE_LEVEL); }), 1,
                        "KeReleaseSpinLock", "SpinLock");
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  ExpectAccessViolation(OnlyBugCheck([&] { KeAcquireInStackQueuedSpinLock(&lock, nullptr); }),
                        1, "KeAcquireInStackQueuedSpinLock", "LockHandle");
  EXPECT_TRUE(KeTestSpinLock(&lock));
  ExpectAccessViolation(OnlyBugCheck([] { KeReleaseInStackQueuedSpinLock(nullptr); }), 0,
                        "KeReleaseInStackQueuedSpinLock", "LockHandle");
  KLOCK_QUEUE_HANDLE handle = {};
  ExpectAccessViolation(OnlyBugCheck([&] { KeReleaseInStackQueuedSpinLock(&handle); }), 1,
                        "KeReleaseInStackQueuedSpinLock", "LockHandle->LockQueue.Lock");
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  ExpectStillUsable();
}

// At DISPATCH_LEVEL the fault is DRIVER_IRQL_NOT_LESS_OR_EQUAL, with the IRQL.
TEST(NullArgument, AtDispatchLevelIsDriverIrqlNotLessOrEqual) {
  KIRQL old = KeRaiseIrqlToDpcLevel();
  const poolsim::BugCheck b = OnlyBugCheck([] { KeAcquireSpinLockAtDpcLevel(nullptr); });
  EXPECT_EQ(b.code, 0xD1u);
  EXPECT_EQ(b.parameters[0], 0u);
  EXPECT_EQ(b.parameters[1], DISPATCH_LEVEL);
  EXPECT_EQ(b.parameters[2], 1u);
  EXPECT_THAT(b.description, HasSubstr("KeAcquireSpinLockAtDpcLevel"));
  EXPECT_EQ(OnlyBugCheck([] { KeReleaseSpinLockFromDpcLevel(nullptr); }).code, 0xD1u);
  EXPECT_EQ(OnlyBugCheck([] { KeTryToAcquireSpinLockAtDpcLevel(nullptr); }).code, 0xD1u);
  EXPECT_EQ(OnlyBugCheck([] {
              KeReleaseInStackQueuedSpinLockFromDpcLevel(nullptr);
            }).code,
            0xD1u);
  KeLowerIrql(old);
  ExpectStillUsable();
}

TEST(NullArgument, LookasideRoutines) {
  ExpectAccessViolation(OnlyBugCheck([] {
                          ExInitializeNPagedLookasideList(nullptr, nullptr, nullptr, 0, 32,
                                                          'tsiL', 0);
                        }),
                        1, "LookasideList", "Lookaside");
  NTSTATUS status = STATUS_SUCCESS;
  ExpectAccessViolation(OnlyBugCheck([&] {
                          status = ExInitializeLookasideListEx(nullptr, nullptr, nullptr,
                                                               NonPagedPoolNx, 0, 32, 'tsiL', 0);
                        }),
                        1, "LookasideList", "Lookaside");
  EXPECT_EQ(status, STATUS_INVALID_PARAMETER_1);
  // The other routines dereference the list (and the entry) too.
  ExpectAccessViolation(OnlyBugCheck([] { (void)ExAllocateFromPagedLookasideList(nullptr); }),
                        1, "ExAllocateFromPagedLookasideList", "Lookaside");
  ExpectAccessViolation(OnlyBugCheck([] { ExDeleteLookasideListEx(nullptr); }), 1,
                        "ExDeleteLookasideListEx", "Lookaside");
  ExpectAccessViolation(OnlyBugCheck([] { ExFlushLookasideListEx(nullptr); }), 1,
                        "ExFlushLookasideListEx", "Lookaside");
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, 'tsiL', 0);
  ExpectAccessViolation(OnlyBugCheck([&] { ExFreeToNPagedLookasideList(&list, nullptr); }), 1,
                        "ExFreeToNPagedLookasideList", "Entry");
  ExDeleteNPagedLookasideList(&list);
  ExpectStillUsable();
}

}  // namespace
