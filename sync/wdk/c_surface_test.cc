// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The C sample driver (sync_c_sample.c) run under //:leak_check_main,
// including from several threads.

#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"
#include "sync/wdk/sync_c_sample.h"

namespace {

TEST(CSurfaceTest, InterlockedFormsAndTypedPointers) { EXPECT_EQ(SampleInterlocked(), 0); }

struct Context {
  int value;
};

TEST(CxxSurfaceTest, InterlockedPointerFormsAcceptTypedPointers) {
  Context a{1};
  Context b{2};
  Context* slot = nullptr;
  Context* old = InterlockedExchangePointer(&slot, &a);
  EXPECT_EQ(old, nullptr);
  old = InterlockedCompareExchangePointer(&slot, &b, &a);
  EXPECT_EQ(old, &a);
  EXPECT_EQ(InterlockedExchangePointer(&slot, NULL)->value, 2);
  PVOID untyped = nullptr;
  EXPECT_EQ(InterlockedCompareExchangePointer(&untyped, &a, nullptr), nullptr);
  EXPECT_EQ(untyped, &a);
  LONG volatile counter = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) InterlockedIncrement(&counter);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ReadNoFence(&counter), 4000);
}

TEST(CSurfaceTest, ResourceProtectedTableFromManyThreads) {
  ASSERT_EQ(SampleTableInitialize(), STATUS_SUCCESS);
  std::vector<std::thread> threads;
  for (ULONG t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (ULONG i = 0; i < 50; ++i) {
        EXPECT_EQ(SampleTableInsert(t * 100 + i), STATUS_SUCCESS);
        EXPECT_TRUE(SampleTableContains(t * 100 + i));
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(SampleTableCount(), 200u);
  EXPECT_FALSE(SampleTableContains(99999));
  SampleTableDestroy();
}

TEST(CSurfaceTest, EventHandOff) {
  KEVENT request;
  KEVENT reply;
  KeInitializeEvent(&request, SynchronizationEvent, FALSE);
  KeInitializeEvent(&reply, SynchronizationEvent, FALSE);
  LONG volatile counter = 0;
  std::thread worker([&] { SampleWorker(&request, &reply, &counter); });
  EXPECT_EQ(SampleRequestAndWait(&request, &reply, 10000), STATUS_SUCCESS);
  worker.join();
  EXPECT_EQ(counter, 1);
  // Nobody answers now: the wait times out.
  EXPECT_EQ(SampleRequestAndWait(&request, &reply, 20), STATUS_TIMEOUT);
}

}  // namespace
