// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The switch points (poolsim/schedule_point.h) as the WDK surfaces announce
// them: each family of calls, made the way a driver makes them, reports its
// points (and its wake-ups) to an installed scheduler, and nothing when
// none is installed.

#include "poolsim/schedule_point.h"

#include <string>
#include <utility>
#include <vector>

#include "fltctx/race_point.h"
#include "gtest/gtest.h"
#include "poolsim/wdk/wdm.h"
#include "sync/wdk/dispatcher.h"
#include "sync/wdk/fast_mutex.h"
#include "sync/wdk/flt_sync.h"
#include "sync/wdk/resource.h"

namespace {

using poolsim::SwitchKind;

struct Recorder {
  std::vector<std::pair<SwitchKind, std::string>> points;
  int wakes = 0;
  int blocks = 0;
};

class SchedulePointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hooks_.point = [](void* cookie, SwitchKind kind, const char* api) {
      static_cast<Recorder*>(cookie)->points.emplace_back(kind, api);
    };
    hooks_.block = [](void* cookie, const poolsim::BlockRequest&) {
      ++static_cast<Recorder*>(cookie)->blocks;
      return poolsim::BlockOutcome::kNotScheduled;
    };
    hooks_.wake_all = [](void* cookie) { ++static_cast<Recorder*>(cookie)->wakes; };
    hooks_.cookie = &recorder_;
    previous_ = poolsim::InstallScheduleHooks(&hooks_);
  }
  void TearDown() override { poolsim::InstallScheduleHooks(previous_); }

  // The kinds recorded since the last call, and forgets them.
  std::vector<SwitchKind> Take() {
    std::vector<SwitchKind> kinds;
    for (const auto& p : recorder_.points) kinds.push_back(p.first);
    recorder_.points.clear();
    return kinds;
  }
  std::string LastApi() const {
    return recorder_.points.empty() ? "" : recorder_.points.back().second;
  }

  Recorder recorder_;
  poolsim::ScheduleHooks hooks_{};
  const poolsim::ScheduleHooks* previous_ = nullptr;
};

using Kinds = std::vector<SwitchKind>;

TEST_F(SchedulePointTest, Pool) {
  void* p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 'tPcS');
  EXPECT_EQ(LastApi(), "ExAllocatePool2 or ExAllocatePool3");
  ExFreePoolWithTag(p, 'tPcS');
  EXPECT_EQ(LastApi(), "ExFreePool*");
  p = ExAllocatePoolWithTag(NonPagedPoolNx, 16, 'tPcS');
  ExFreePool(p);
  EXPECT_EQ(Take(), (Kinds{SwitchKind::kAllocate, SwitchKind::kFree, SwitchKind::kAllocate,
                           SwitchKind::kFree}));
}

TEST_F(SchedulePointTest, SpinLocks) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL irql;
  KeAcquireSpinLock(&lock, &irql);
  EXPECT_EQ(LastApi(), "KeAcquireSpinLock");
  KeReleaseSpinLock(&lock, irql);
  EXPECT_EQ(Take(), (Kinds{SwitchKind::kSpinAcquire, SwitchKind::kSpinRelease}));
  EXPECT_EQ(recorder_.wakes, 1) << "a release lets spinning threads retry";
  KeRaiseIrql(DISPATCH_LEVEL, &irql);
  KeAcquireSpinLockAtDpcLevel(&lock);
  KeReleaseSpinLockFromDpcLevel(&lock);
  KeLowerIrql(irql);
  EXPECT_EQ(Take(), (Kinds{SwitchKind::kSpinAcquire, SwitchKind::kSpinRelease}));
  EXPECT_EQ(recorder_.wakes, 2);
  EXPECT_EQ(recorder_.blocks, 0) << "an uncontended acquire never blocks";
}

TEST_F(SchedulePointTest, DispatcherObjects) {
  KEVENT event;
  KeInitializeEvent(&event, SynchronizationEvent, FALSE);
  EXPECT_EQ(Take(), Kinds{}) << "initializing is not a switch point";
  KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
  EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr),
            STATUS_SUCCESS);
  KeClearEvent(&event);
  EXPECT_EQ(Take(), (Kinds{SwitchKind::kSignal, SwitchKind::kWait, SwitchKind::kSignal}));
  KSEMAPHORE semaphore;
  KeInitializeSemaphore(&semaphore, 0, 1);
  KeReleaseSemaphore(&semaphore, IO_NO_INCREMENT, 1, FALSE);
  KMUTEX mutex;
  KeInitializeMutex(&mutex, 0);
  EXPECT_EQ(KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, nullptr),
            STATUS_SUCCESS);
  KeReleaseMutex(&mutex, FALSE);
  EXPECT_EQ(Take(), (Kinds{SwitchKind::kSignal, SwitchKind::kWait, SwitchKind::kRelease}));
  LARGE_INTEGER tick;
  tick.QuadPart = -1;
  KeDelayExecutionThread(KernelMode, FALSE, &tick);
  EXPECT_EQ(Take(), Kinds{SwitchKind::kWait});
  EXPECT_EQ(LastApi(), "");
}

TEST_F(SchedulePointTest, WaitsThatBlockAskTheScheduler) {
  KEVENT never;
  KeInitializeEvent(&never, NotificationEvent, FALSE);
  LARGE_INTEGER ms;
  ms.QuadPart = -10000;
  EXPECT_EQ(KeWaitForSingleObject(&never, Executive, KernelMode, FALSE, &ms), STATUS_TIMEOUT);
  EXPECT_GE(recorder_.blocks, 1) << "kNotScheduled: the wait then blocks on the host";
}

TEST_F(SchedulePointTest, Locks) {
  ERESOURCE resource;
  ASSERT_EQ(ExInitializeResourceLite(&resource), STATUS_SUCCESS);
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&resource, TRUE);
  EXPECT_EQ(LastApi(), "ExAcquireResource*Lite");
  ExReleaseResourceLite(&resource);
  KeLeaveCriticalRegion();
  ExDeleteResourceLite(&resource);
  EXPECT_EQ(Take(), (Kinds{SwitchKind::kAcquire, SwitchKind::kRelease}));

  FAST_MUTEX fast;
  ExInitializeFastMutex(&fast);
  ExAcquireFastMutex(&fast);
  ExReleaseFastMutex(&fast);
  EXPECT_EQ(LastApi(), "ExReleaseFastMutex");
  EXPECT_EQ(Take(), (Kinds{SwitchKind::kAcquire, SwitchKind::kRelease}));

  EX_PUSH_LOCK push;
  FltInitializePushLock(&push);
  KeEnterCriticalRegion();
  FltAcquirePushLockExclusive(&push);
  EXPECT_EQ(LastApi(), "FltAcquirePushLock*");
  FltReleasePushLock(&push);
  KeLeaveCriticalRegion();
  FltDeletePushLock(&push);
  EXPECT_EQ(Take(), (Kinds{SwitchKind::kAcquire, SwitchKind::kRelease}));
  EXPECT_GE(recorder_.wakes, 3) << "each release wakes blocked threads to re-check";
}

TEST_F(SchedulePointTest, RacyFilterManagerCalls) {
  fltctx::RacePoint p;
  p.api = "FltGetStreamContext";
  fltctx::AnnounceRacyCall(p);
  EXPECT_EQ(Take(), Kinds{SwitchKind::kRacyCall});
  p.api = "FltSetStreamContext";
  fltctx::AnnounceRacyCall(p);
  EXPECT_EQ(LastApi(), "FltSetStreamContext");
}

TEST(SchedulePoint, NothingHappensWithoutAScheduler) {
  EXPECT_EQ(poolsim::InstallScheduleHooks(nullptr), nullptr);
  poolsim::SchedulePoint(SwitchKind::kAllocate, "x");
  poolsim::ScheduleWakeAll();
  EXPECT_EQ(poolsim::ScheduleBlock(poolsim::BlockRequest()), poolsim::BlockOutcome::kNotScheduled);
  EXPECT_STREQ(poolsim::SwitchKindName(SwitchKind::kSpinAcquire), "spin-lock acquire");
  EXPECT_STREQ(poolsim::SwitchKindName(SwitchKind::kRacyCall), "racy call");
}

}  // namespace
