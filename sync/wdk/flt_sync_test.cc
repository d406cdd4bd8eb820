// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Push locks and FltCancellableWaitForSingleObject, called the way a
// minifilter calls them, under //:leak_check_main.

#include <atomic>
#include <chrono>
#include <thread>

#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"
#include "sync/wdk/sync.h"

namespace {

constexpr uint32_t kVerifierViolation = 0xC4;

TEST(PushLockTest, SharedCoexistsAndExclusiveWaits) {
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  KeEnterCriticalRegion();
  FltAcquirePushLockShared(&lock);
  std::atomic<bool> reader{false};
  std::thread([&] {
    KeEnterCriticalRegion();
    FltAcquirePushLockSharedEx(&lock, 0);
    reader = true;
    FltReleasePushLockEx(&lock, 0);
    KeLeaveCriticalRegion();
  }).join();
  EXPECT_TRUE(reader.load());
  std::atomic<bool> writer{false};
  std::thread w([&] {
    KeEnterCriticalRegion();
    FltAcquirePushLockExclusive(&lock);
    writer = true;
    FltReleasePushLock(&lock);
    KeLeaveCriticalRegion();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_FALSE(writer.load());
  FltReleasePushLock(&lock);
  w.join();
  EXPECT_TRUE(writer.load());
  KeLeaveCriticalRegion();
  FltDeletePushLock(&lock);
}

TEST(PushLockCheckTest, NotRecursiveAndReleasedOnlyByTheHolder) {
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  KeEnterCriticalRegion();
  FltAcquirePushLockExclusiveEx(&lock, FLT_PUSH_LOCK_ENABLE_AUTO_BOOST);
  EXPECT_BUGCHECK_SUBCODE(FltAcquirePushLockShared(&lock), kVerifierViolation, 0x1000);
  FltReleasePushLock(&lock);
  EXPECT_BUGCHECK_SUBCODE(FltReleasePushLock(&lock), kVerifierViolation, 0x1004);
  KeLeaveCriticalRegion();
  FltDeletePushLock(&lock);
  KeEnterCriticalRegion();
  EXPECT_BUGCHECK_SUBCODE(FltAcquirePushLockExclusive(&lock), kVerifierViolation, 0x1002);
  KeLeaveCriticalRegion();
}

TEST(PushLockCheckTest, VerifierRequiresACriticalRegion) {
  poolsim::Options o = poolsim::Ambient().options();
  o.checks = poolsim::CheckMode::kVerifier;
  poolsim::Ambient().Reconfigure(o);
  EX_PUSH_LOCK lock;
  FltInitializePushLock(&lock);
  EXPECT_BUGCHECK_SUBCODE(FltAcquirePushLockExclusive(&lock), kVerifierViolation, 0xEA);
  EXPECT_BUGCHECK_SUBCODE(FltReleasePushLock(&lock), kVerifierViolation, 0xEB);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  EXPECT_BUGCHECK(FltAcquirePushLockShared(&lock), 0x0A);
  KeLowerIrql(old);
  FltDeletePushLock(&lock);
}

TEST(CancellableWaitTest, WaitsAndTimesOut) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  LARGE_INTEGER timeout;
  timeout.QuadPart = -10 * 10000;
  EXPECT_EQ(FltCancellableWaitForSingleObject(&e, &timeout, nullptr), STATUS_TIMEOUT);
  std::thread setter([&] { KeSetEvent(&e, 0, FALSE); });
  EXPECT_EQ(FltCancellableWaitForSingleObject(&e, nullptr, nullptr), STATUS_SUCCESS);
  setter.join();
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  EXPECT_BUGCHECK(FltCancellableWaitForSingleObject(&e, &timeout, nullptr), 0x0A);
  KeLowerIrql(old);
}

}  // namespace
