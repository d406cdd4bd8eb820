// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Events, semaphores, mutexes, waits, delays and clocks, called the way a
// driver calls them, under //:leak_check_main.

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"
#include "sync/wdk/sync.h"

namespace {

constexpr uint32_t kVerifierViolation = 0xC4;
using Clock = std::chrono::steady_clock;

void SetWaitBound(uint32_t ms) {
  poolsim::Options o = poolsim::Ambient().options();
  o.wait_timeout_ms = ms;
  poolsim::Ambient().Reconfigure(o);
}

LARGE_INTEGER RelativeMs(int64_t ms) {
  LARGE_INTEGER t;
  t.QuadPart = -ms * 10000;
  return t;
}

TEST(EventTest, HandsOffBetweenThreads) {
  KEVENT ready;
  KEVENT done;
  KeInitializeEvent(&ready, NotificationEvent, FALSE);
  KeInitializeEvent(&done, SynchronizationEvent, FALSE);
  int value = 0;
  std::thread worker([&] {
    EXPECT_EQ(KeWaitForSingleObject(&ready, Executive, KernelMode, FALSE, nullptr),
              STATUS_SUCCESS);
    value = 42;
    KeSetEvent(&done, IO_NO_INCREMENT, FALSE);
  });
  KeSetEvent(&ready, IO_NO_INCREMENT, FALSE);
  EXPECT_EQ(KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(value, 42);
  worker.join();
  // A synchronization event is reset by the satisfied wait; a notification
  // event stays signaled.
  EXPECT_EQ(KeReadStateEvent(&done), 0);
  EXPECT_EQ(KeReadStateEvent(&ready), 1);
}

TEST(EventTest, SetResetClearReturnThePreviousState) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, TRUE);
  EXPECT_EQ(KeResetEvent(&e), 1);
  EXPECT_EQ(KeResetEvent(&e), 0);
  EXPECT_EQ(KeSetEvent(&e, 0, FALSE), 0);
  EXPECT_EQ(KeSetEvent(&e, 0, FALSE), 1);
  KeClearEvent(&e);
  EXPECT_EQ(KeReadStateEvent(&e), 0);
}

TEST(EventTest, SynchronizationEventReleasesOneWaiterPerSet) {
  KEVENT e;
  KeInitializeEvent(&e, SynchronizationEvent, FALSE);
  std::atomic<int> woken{0};
  std::vector<std::thread> waiters;
  for (int i = 0; i < 2; ++i) {
    waiters.emplace_back([&] {
      KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, nullptr);
      ++woken;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  KeSetEvent(&e, 0, FALSE);
  for (int i = 0; i < 2000 && woken.load() < 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(woken.load(), 1);
  KeSetEvent(&e, 0, FALSE);
  for (auto& t : waiters) t.join();
  EXPECT_EQ(woken.load(), 2);
  EXPECT_EQ(KeReadStateEvent(&e), 0);
}

TEST(EventTest, PulseReleasesABlockedWaiterAndLeavesTheEventReset) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  std::atomic<bool> waiting{false};
  NTSTATUS status = STATUS_PENDING;
  std::thread waiter([&] {
    waiting = true;
    status = KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, nullptr);
  });
  while (!waiting) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(KePulseEvent(&e, 0, FALSE), 0);
  waiter.join();
  EXPECT_EQ(status, STATUS_SUCCESS);
  EXPECT_EQ(KeReadStateEvent(&e), 0);
}

TEST(WaitTest, TimeoutsRelativeAbsoluteAndPoll) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  EXPECT_EQ(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
  LARGE_INTEGER relative = RelativeMs(30);
  Clock::time_point start = Clock::now();
  EXPECT_EQ(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &relative), STATUS_TIMEOUT);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(29));
  LARGE_INTEGER absolute;
  KeQuerySystemTime(&absolute);
  absolute.QuadPart += 30 * 10000;
  start = Clock::now();
  EXPECT_EQ(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &absolute), STATUS_TIMEOUT);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(25));
  KeSetEvent(&e, 0, FALSE);
  EXPECT_EQ(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
}

TEST(WaitTest, MultipleObjectsAnyAndAll) {
  KEVENT a;
  KEVENT b;
  KSEMAPHORE s;
  KeInitializeEvent(&a, NotificationEvent, FALSE);
  KeInitializeEvent(&b, SynchronizationEvent, TRUE);
  KeInitializeSemaphore(&s, 0, 2);
  PVOID objects[3] = {&a, &b, &s};
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  EXPECT_EQ(KeWaitForMultipleObjects(3, objects, WaitAny, Executive, KernelMode, FALSE, &zero,
                                     nullptr),
            STATUS_WAIT_1);
  EXPECT_EQ(KeReadStateEvent(&b), 0);
  KeSetEvent(&b, 0, FALSE);
  EXPECT_EQ(KeWaitForMultipleObjects(3, objects, WaitAll, Executive, KernelMode, FALSE, &zero,
                                     nullptr),
            STATUS_TIMEOUT);
  EXPECT_EQ(KeReadStateEvent(&b), 1);  // a WaitAll not satisfied consumes nothing
  std::thread releaser([&] {
    KeSetEvent(&a, 0, FALSE);
    KeReleaseSemaphore(&s, 0, 1, FALSE);
  });
  EXPECT_EQ(KeWaitForMultipleObjects(3, objects, WaitAll, Executive, KernelMode, FALSE, nullptr,
                                     nullptr),
            STATUS_WAIT_0);
  releaser.join();
  EXPECT_EQ(KeReadStateEvent(&a), 1);
  EXPECT_EQ(KeReadStateEvent(&b), 0);
  EXPECT_EQ(KeReadStateSemaphore(&s), 0);
  // More than THREAD_WAIT_OBJECTS with a wait-block array.
  KEVENT many[5];
  PVOID many_objects[5];
  for (int i = 0; i < 5; ++i) {
    KeInitializeEvent(&many[i], NotificationEvent, i == 4);
    many_objects[i] = &many[i];
  }
  KWAIT_BLOCK blocks[5];
  EXPECT_EQ(KeWaitForMultipleObjects(5, many_objects, WaitAny, Executive, KernelMode, FALSE,
                                     &zero, blocks),
            STATUS_WAIT_0 + 4);
}

TEST(SemaphoreTest, CountsAndBlocks) {
  KSEMAPHORE s;
  KeInitializeSemaphore(&s, 1, 3);
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  EXPECT_EQ(KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
  EXPECT_EQ(KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
  EXPECT_EQ(KeReleaseSemaphore(&s, SEMAPHORE_INCREMENT, 2, FALSE), 0);
  EXPECT_EQ(KeReadStateSemaphore(&s), 2);
  EXPECT_BUGCHECK(KeReleaseSemaphore(&s, 0, 2, FALSE), 0x1E);  // past the limit of 3
  EXPECT_EQ(KeReadStateSemaphore(&s), 2);
}

TEST(MutexTest, RecursiveOwnershipDisablesApcs) {
  KMUTEX m;
  KeInitializeMutex(&m, 0);
  EXPECT_EQ(KeReadStateMutex(&m), 1);
  EXPECT_EQ(KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
  EXPECT_TRUE(KeAreApcsDisabled());
  EXPECT_EQ(KeWaitForMutexObject(&m, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  NTSTATUS other = STATUS_SUCCESS;
  std::thread([&] {
    other = KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, &zero);
  }).join();
  EXPECT_EQ(other, STATUS_TIMEOUT);
  EXPECT_EQ(KeReleaseMutex(&m, FALSE), -1);
  EXPECT_TRUE(KeAreApcsDisabled());
  EXPECT_EQ(KeReleaseMutex(&m, FALSE), 0);
  EXPECT_FALSE(KeAreApcsDisabled());
  EXPECT_BUGCHECK(KeReleaseMutex(&m, FALSE), 0x1E);  // STATUS_MUTANT_NOT_OWNED
}

TEST(SetEventTest, WaitTrueKeepsDispatchLevelUntilTheNextWait) {
  KEVENT signal;
  KEVENT reply;
  KeInitializeEvent(&signal, NotificationEvent, FALSE);
  KeInitializeEvent(&reply, NotificationEvent, TRUE);
  KeSetEvent(&signal, 0, TRUE);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  EXPECT_EQ(KeWaitForSingleObject(&reply, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST(DelayTest, SleepsForTheInterval) {
  LARGE_INTEGER interval = RelativeMs(20);
  const Clock::time_point start = Clock::now();
  EXPECT_EQ(KeDelayExecutionThread(KernelMode, FALSE, &interval), STATUS_SUCCESS);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(19));
}

TEST(ClockTest, ClocksAdvance) {
  LARGE_INTEGER t1;
  LARGE_INTEGER t2;
  KeQuerySystemTime(&t1);
  // After 2020-01-01 in 100 ns units since 1601.
  EXPECT_GT(t1.QuadPart, 132223104000000000LL);
  const ULONGLONG i1 = KeQueryInterruptTime();
  LARGE_INTEGER frequency;
  const LARGE_INTEGER p1 = KeQueryPerformanceCounter(&frequency);
  EXPECT_EQ(frequency.QuadPart, 10000000);
  LARGE_INTEGER interval = RelativeMs(20);
  KeDelayExecutionThread(KernelMode, FALSE, &interval);
  KeQuerySystemTimePrecise(&t2);
  EXPECT_GT(t2.QuadPart, t1.QuadPart);
  EXPECT_GE(KeQueryInterruptTime() - i1, 190000u);
  EXPECT_GT(KeQueryPerformanceCounter(nullptr).QuadPart, p1.QuadPart);
  LARGE_INTEGER ticks;
  KeQueryTickCount(&ticks);
  EXPECT_EQ(KeQueryTimeIncrement(), 156250u);
  EXPECT_GT(ticks.QuadPart, 0);
}

TEST(WaitBoundTest, DefaultAndEnvironmentVariable) {
  EXPECT_EQ(poolsim::Options().wait_timeout_ms, 30000u);
  setenv("POOLSIM_WAIT_TIMEOUT_MS", "250", 1);
  EXPECT_EQ(poolsim::Options::FromEnv().wait_timeout_ms, 250u);
  unsetenv("POOLSIM_WAIT_TIMEOUT_MS");
}

// --- checks -----------------------------------------------------------------

TEST(WaitCheckTest, DispatchLevelAllowsOnlyAPoll) {
  KEVENT e;
  KeInitializeEvent(&e, NotificationEvent, FALSE);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  EXPECT_EQ(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
  LARGE_INTEGER relative = RelativeMs(10);
  EXPECT_BUGCHECK_SUBCODE(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &relative),
                          kVerifierViolation, 0x122);
  EXPECT_BUGCHECK_SUBCODE(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, nullptr),
                          kVerifierViolation, 0x121);
  KeLowerIrql(old);
  KeRaiseIrql(HIGH_LEVEL, &old);
  EXPECT_BUGCHECK_SUBCODE(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &zero),
                          kVerifierViolation, 0x120);
  EXPECT_BUGCHECK_SUBCODE(KeSetEvent(&e, 0, FALSE), kVerifierViolation, 0x80);
  KeLowerIrql(old);
}

TEST(WaitCheckTest, TooManyObjects) {
  KEVENT events[4];
  PVOID objects[4];
  for (int i = 0; i < 4; ++i) {
    KeInitializeEvent(&events[i], NotificationEvent, TRUE);
    objects[i] = &events[i];
  }
  EXPECT_BUGCHECK(KeWaitForMultipleObjects(4, objects, WaitAny, Executive, KernelMode, FALSE,
                                           nullptr, nullptr),
                  0x0C);
  std::vector<KWAIT_BLOCK> blocks(MAXIMUM_WAIT_OBJECTS + 1);
  std::vector<PVOID> lots(MAXIMUM_WAIT_OBJECTS + 1, &events[0]);
  EXPECT_BUGCHECK(KeWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, lots.data(), WaitAny,
                                           Executive, KernelMode, FALSE, nullptr, blocks.data()),
                  0x0C);
}

TEST(WaitCheckTest, AnInfiniteWaitThatNeverEndsIsBounded) {
  SetWaitBound(100);
  KEVENT never;
  KeInitializeEvent(&never, NotificationEvent, FALSE);
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_BUGCHECK_SUBCODE(
      status = KeWaitForSingleObject(&never, Executive, KernelMode, FALSE, nullptr),
      kVerifierViolation, 0x1001);
  EXPECT_EQ(status, STATUS_TIMEOUT);
  // A wait whose own timeout ends first is not affected.
  LARGE_INTEGER relative = RelativeMs(50);
  EXPECT_EQ(KeWaitForSingleObject(&never, Executive, KernelMode, FALSE, &relative),
            STATUS_TIMEOUT);
  LARGE_INTEGER long_delay = RelativeMs(60000);
  EXPECT_BUGCHECK_SUBCODE(KeDelayExecutionThread(KernelMode, FALSE, &long_delay),
                          kVerifierViolation, 0x1001);
}

TEST(WaitCheckTest, UninitializedObjects) {
  KEVENT garbage;
  memset(&garbage, 0xCD, sizeof(garbage));
  EXPECT_BUGCHECK_SUBCODE(KeWaitForSingleObject(&garbage, Executive, KernelMode, FALSE, nullptr),
                          kVerifierViolation, 0x1002);
  EXPECT_BUGCHECK_SUBCODE(KeSetEvent(&garbage, 0, FALSE), kVerifierViolation, 0x1002);
  EXPECT_BUGCHECK(KeWaitForSingleObject(nullptr, Executive, KernelMode, FALSE, nullptr), 0x1E);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  LARGE_INTEGER interval = RelativeMs(1);
  EXPECT_BUGCHECK(KeDelayExecutionThread(KernelMode, FALSE, &interval), 0x0A);
  KeLowerIrql(old);
}

}  // namespace
