// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/wdk/lists_test.cc
// -----------------------------------------------------------------------------
//
// The list helpers and memory helpers through their WDK names: results, the
// list-integrity check (0x139 / 3), NULL links, and the ExInterlocked forms
// from several threads.

#include <set>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"
#include "poolsim/stack_trace.h"
#include "poolsim/testing/leak_check.h"
#include "rtl/wdk/rtl.h"
#include "rtl/wdk/rtl_c_sample.h"

namespace {

constexpr uint32_t kKernelSecurityCheckFailure = 0x139;
constexpr uint64_t kCorruptListEntry = 3;
constexpr uint32_t kNullArgument = 0x1E;
constexpr uint32_t kNullArgumentAtDispatch = 0xD1;

TEST(CSampleTest, ListsAsADriverUsesThem) { EXPECT_EQ(SampleLists(), 0); }
TEST(CSampleTest, MemoryHelpers) { EXPECT_EQ(SampleMemory(), 0); }

TEST(CSampleTest, TheListSampleHandlesEveryAllocationFailure) {
  EXPECT_ERROR_PATHS_CLEAN(SampleLists());
}

TEST(CSampleTest, DoubleRemoveIsListCorruption) {
  EXPECT_BUGCHECK_SUBCODE(SampleDoubleRemove(), kKernelSecurityCheckFailure, kCorruptListEntry);
}

TEST(CSampleTest, TheReportNamesTheDriversCallAndTheEntry) {
  poolsim::testing::BugCheckCapture capture;
  SampleDoubleRemove();
  const std::vector<poolsim::BugCheck> checks = capture.bug_checks();
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].code, kKernelSecurityCheckFailure);
  EXPECT_EQ(checks[0].parameters[0], kCorruptListEntry);
  EXPECT_NE(checks[0].description.find("RemoveEntryList"), std::string::npos)
      << checks[0].description;
  bool names_driver = false;
  for (const poolsim::SymbolizedFrame& f : poolsim::Symbolize(checks[0].stack, false)) {
    if (f.function.find("SampleDoubleRemove") != std::string::npos) names_driver = true;
  }
  EXPECT_TRUE(names_driver);
}

TEST(ListTest, RemoveEntryListReportsEmptiness) {
  LIST_ENTRY head;
  LIST_ENTRY a;
  LIST_ENTRY b;
  InitializeListHead(&head);
  InsertHeadList(&head, &a);
  InsertHeadList(&head, &b);  // b, a
  EXPECT_EQ(head.Flink, &b);
  EXPECT_EQ(head.Blink, &a);
  EXPECT_FALSE(RemoveEntryList(&b));
  EXPECT_TRUE(RemoveEntryList(&a));
  EXPECT_TRUE(IsListEmpty(&head));
  EXPECT_EQ(RemoveTailList(&head), &head);
}

TEST(ListTest, AppendTailListJoinsTwoLists) {
  LIST_ENTRY head;
  LIST_ENTRY e[4];
  InitializeListHead(&head);
  InsertTailList(&head, &e[0]);
  InsertTailList(&head, &e[1]);
  // e[2] <-> e[3]: a headless circular list starting at e[2].
  e[2].Flink = &e[3];
  e[2].Blink = &e[3];
  e[3].Flink = &e[2];
  e[3].Blink = &e[2];
  AppendTailList(&head, &e[2]);
  std::vector<PLIST_ENTRY> order;
  for (PLIST_ENTRY p = head.Flink; p != &head; p = p->Flink) order.push_back(p);
  EXPECT_EQ(order, (std::vector<PLIST_ENTRY>{&e[0], &e[1], &e[2], &e[3]}));
  EXPECT_EQ(head.Blink, &e[3]);
  for (int i = 0; i < 4; ++i) RemoveHeadList(&head);
  EXPECT_TRUE(IsListEmpty(&head));
}

TEST(ListTest, CorruptNeighboursAreReportedAndTheListLeftAlone) {
  LIST_ENTRY head;
  LIST_ENTRY a;
  LIST_ENTRY b;
  LIST_ENTRY stray;
  InitializeListHead(&head);
  InsertTailList(&head, &a);
  InsertTailList(&head, &b);
  // An overwrite: b's back link no longer points at a.
  b.Blink = &stray;
  EXPECT_BUGCHECK_SUBCODE(RemoveEntryList(&a), kKernelSecurityCheckFailure, kCorruptListEntry);
  EXPECT_EQ(head.Flink, &a);  // untouched
  EXPECT_BUGCHECK_SUBCODE(RemoveHeadList(&head), kKernelSecurityCheckFailure,
                          kCorruptListEntry);
  EXPECT_EQ(head.Flink, &a);
  b.Blink = &a;
  head.Blink = &stray;  // the tail link of the head overwritten
  stray.Flink = &stray;
  stray.Blink = &stray;
  LIST_ENTRY c;
  EXPECT_BUGCHECK_SUBCODE(InsertTailList(&head, &c), kKernelSecurityCheckFailure,
                          kCorruptListEntry);
  EXPECT_BUGCHECK_SUBCODE(RemoveTailList(&head), kKernelSecurityCheckFailure,
                          kCorruptListEntry);
  head.Blink = &b;
  a.Blink = &stray;  // the first entry's back link overwritten
  EXPECT_BUGCHECK_SUBCODE(InsertHeadList(&head, &c), kKernelSecurityCheckFailure,
                          kCorruptListEntry);
  a.Blink = &head;
  RemoveEntryList(&a);
  RemoveEntryList(&b);
  EXPECT_TRUE(IsListEmpty(&head));
}

TEST(ListTest, AnUninitializedHeadIsANullDereference) {
  LIST_ENTRY head{};  // zeroed, never InitializeListHead
  LIST_ENTRY a;
  EXPECT_BUGCHECK(InsertTailList(&head, &a), kNullArgument);
  EXPECT_BUGCHECK(RemoveHeadList(&head), kNullArgument);
  EXPECT_BUGCHECK(InitializeListHead(nullptr), kNullArgument);
  EXPECT_BUGCHECK(PushEntryList(nullptr, nullptr), kNullArgument);
  poolsim::ScopedIrql dispatch(poolsim::kDispatchLevel);
  EXPECT_BUGCHECK(RemoveEntryList(&head), kNullArgumentAtDispatch);
}

TEST(ListTest, ListHelpersWorkAtAnyIrql) {
  poolsim::ScopedIrql high(poolsim::kHighLevel);
  LIST_ENTRY head;
  LIST_ENTRY a;
  InitializeListHead(&head);
  InsertTailList(&head, &a);
  EXPECT_EQ(RemoveHeadList(&head), &a);
}

TEST(InterlockedListTest, ReturnsThePreviousFirstEntry) {
  LIST_ENTRY head;
  LIST_ENTRY a;
  LIST_ENTRY b;
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  InitializeListHead(&head);
  EXPECT_EQ(ExInterlockedInsertHeadList(&head, &a, &lock), nullptr);
  EXPECT_EQ(ExInterlockedInsertHeadList(&head, &b, &lock), &a);
  EXPECT_EQ(ExInterlockedRemoveHeadList(&head, &lock), &b);
  EXPECT_EQ(ExInterlockedInsertTailList(&head, &b, &lock), &a);
  EXPECT_EQ(ExInterlockedRemoveHeadList(&head, &lock), &a);
  EXPECT_EQ(ExInterlockedRemoveHeadList(&head, &lock), &b);
  EXPECT_EQ(ExInterlockedRemoveHeadList(&head, &lock), nullptr);
  EXPECT_EQ(poolsim::CurrentIrql(), poolsim::kPassiveLevel);  // the lock restored the IRQL
  SINGLE_LIST_ENTRY stack{nullptr};
  SINGLE_LIST_ENTRY x;
  EXPECT_EQ(ExInterlockedPushEntryList(&stack, &x, &lock), nullptr);
  EXPECT_EQ(ExInterlockedPopEntryList(&stack, &lock), &x);
  EXPECT_EQ(ExInterlockedPopEntryList(&stack, &lock), nullptr);
  {
    poolsim::ScopedIrql high(poolsim::kProfileLevel);  // any IRQL
    EXPECT_EQ(ExInterlockedInsertTailList(&head, &a, &lock), nullptr);
    EXPECT_EQ(ExInterlockedRemoveHeadList(&head, &lock), &a);
    EXPECT_EQ(poolsim::CurrentIrql(), poolsim::kProfileLevel);
  }
  EXPECT_BUGCHECK(ExInterlockedRemoveHeadList(&head, nullptr), kNullArgument);
}

TEST(InterlockedListTest, AQueueSharedBetweenThreads) {
  SampleQueueInitialize();
  constexpr ULONG kPerThread = 200;
  std::vector<std::thread> producers;
  for (ULONG t = 0; t < 4; ++t) {
    producers.emplace_back([t] {
      for (ULONG i = 0; i < kPerThread; ++i) {
        EXPECT_EQ(SampleQueuePush(t * kPerThread + i), STATUS_SUCCESS);
      }
    });
  }
  std::multiset<ULONG> seen;
  std::vector<std::thread> consumers;
  std::vector<std::vector<ULONG>> taken(2);
  for (int c = 0; c < 2; ++c) {
    consumers.emplace_back([c, &taken] {
      ULONG value = 0;
      for (int spins = 0; spins < 100000 && taken[c].size() < 2 * kPerThread; ++spins) {
        if (SampleQueuePop(&value)) taken[c].push_back(value);
      }
    });
  }
  for (auto& p : producers) p.join();
  for (auto& c : consumers) c.join();
  for (const auto& t : taken) seen.insert(t.begin(), t.end());
  ULONG value = 0;
  while (SampleQueuePop(&value)) seen.insert(value);
  EXPECT_EQ(seen.size(), 4 * kPerThread);
  EXPECT_EQ(std::set<ULONG>(seen.begin(), seen.end()).size(), 4 * kPerThread);
}

}  // namespace
