// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Lookaside lists, called the way a driver calls them.

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"

namespace {

constexpr ULONG kTag = 'kooL';  // "Look"

TEST(LookasideTest, ReusesEntriesLastInFirstOutWithoutZeroing) {
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, POOL_NX_ALLOCATION, 64, kTag, 0);
  auto* a = static_cast<unsigned char*>(ExAllocateFromNPagedLookasideList(&list));
  auto* b = static_cast<unsigned char*>(ExAllocateFromNPagedLookasideList(&list));
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  a[40] = 0x5A;
  ExFreeToNPagedLookasideList(&list, a);
  ExFreeToNPagedLookasideList(&list, b);
  EXPECT_EQ(ExAllocateFromNPagedLookasideList(&list), b);  // last in, first out
  auto* again = static_cast<unsigned char*>(ExAllocateFromNPagedLookasideList(&list));
  EXPECT_EQ(again, a);
  EXPECT_EQ(again[40], 0x5A);  // not zeroed
  ExFreeToNPagedLookasideList(&list, a);
  ExFreeToNPagedLookasideList(&list, b);
  EXPECT_EQ(list.L.TotalAllocates, 4u);
  EXPECT_EQ(list.L.AllocateMisses, 2u);
  EXPECT_EQ(list.L.TotalFrees, 4u);
  EXPECT_EQ(list.L.FreeMisses, 0u);
  EXPECT_EQ(list.L.Tag, kTag);
  EXPECT_EQ(list.L.Size, 64u);
  EXPECT_EQ(list.L.Type, NonPagedPoolNx);
  ExDeleteNPagedLookasideList(&list);
  EXPECT_TRUE(poolsim::Ambient().LiveBlocks().empty());  // delete freed the cache
}

TEST(LookasideTest, EntriesAreTaggedPoolBlocks) {
  PAGED_LOOKASIDE_LIST list;
  ExInitializePagedLookasideList(&list, nullptr, nullptr, 0, 100, kTag, 0);
  void* e = ExAllocateFromPagedLookasideList(&list);
  poolsim::BlockInfo info;
  ASSERT_TRUE(poolsim::Ambient().Lookup(e, &info));
  EXPECT_EQ(info.tag.ToString(), "Look");
  EXPECT_EQ(info.kind, poolsim::PoolKind::kPaged);
  EXPECT_EQ(info.bytes, 100u);
  ExFreeToPagedLookasideList(&list, e);
  ExDeletePagedLookasideList(&list);
}

TEST(LookasideTest, DepthBoundsTheCache) {
  // The default depth is 4: the fifth free goes to the pool.
  LOOKASIDE_LIST_EX list;
  ASSERT_EQ(ExInitializeLookasideListEx(&list, nullptr, nullptr, NonPagedPoolNx, 0, 32, kTag, 0),
            STATUS_SUCCESS);
  std::vector<void*> entries;
  for (int i = 0; i < 5; ++i) entries.push_back(ExAllocateFromLookasideListEx(&list));
  for (void* e : entries) ExFreeToLookasideListEx(&list, e);
  EXPECT_EQ(list.L.Depth, 4u);
  EXPECT_EQ(list.L.FreeMisses, 1u);
  EXPECT_EQ(poolsim::Ambient().Counters().current_nonpaged_allocations, 4u);
  ExFlushLookasideListEx(&list);
  EXPECT_EQ(poolsim::Ambient().Counters().current_nonpaged_allocations, 0u);
  ExDeleteLookasideListEx(&list);
}

class DepthZeroTest : public ::testing::Test {
 protected:
  static poolsim::Options Depth0() {
    poolsim::Options o;
    o.lookaside_depth = 0;
    return o;
  }
  poolsim::Environment env_{Depth0()};
  poolsim::ScopedEnvironment install_{&env_};
};

TEST_F(DepthZeroTest, EveryCallGoesToThePool) {
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 48, kTag, 0);
  void* a = ExAllocateFromNPagedLookasideList(&list);
  ExFreeToNPagedLookasideList(&list, a);
  void* b = ExAllocateFromNPagedLookasideList(&list);
  ExFreeToNPagedLookasideList(&list, b);
  EXPECT_EQ(list.L.AllocateMisses, 2u);
  EXPECT_EQ(list.L.FreeMisses, 2u);
  EXPECT_EQ(env_.Counters().frees, 2u);
  ExDeleteNPagedLookasideList(&list);
}

int custom_allocs = 0;
int custom_frees = 0;
PVOID NTAPI CustomAllocate(POOL_TYPE type, SIZE_T bytes, ULONG tag) {
  ++custom_allocs;
  return ExAllocatePoolWithTag(type, bytes, tag);
}
VOID NTAPI CustomFree(PVOID buffer) {
  ++custom_frees;
  ExFreePoolWithTag(buffer, kTag);
}

TEST(LookasideTest, CustomRoutinesAreCalledOnMissAndOverflow) {
  custom_allocs = custom_frees = 0;
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, CustomAllocate, CustomFree, 0, 24, kTag, 0);
  void* e = ExAllocateFromNPagedLookasideList(&list);
  ExFreeToNPagedLookasideList(&list, e);
  e = ExAllocateFromNPagedLookasideList(&list);  // a hit
  EXPECT_EQ(custom_allocs, 1);
  ExFreeToNPagedLookasideList(&list, e);
  ExDeleteNPagedLookasideList(&list);
  EXPECT_EQ(custom_frees, 1);
}

struct DriverList {
  LOOKASIDE_LIST_EX list;
  int allocations = 0;
};

PVOID NTAPI ExAllocate(POOL_TYPE type, SIZE_T bytes, ULONG tag, PLOOKASIDE_LIST_EX l) {
  CONTAINING_RECORD(l, DriverList, list)->allocations++;
  return ExAllocatePoolWithTag(type, bytes, tag);
}
VOID NTAPI ExFree(PVOID buffer, PLOOKASIDE_LIST_EX) { ExFreePool(buffer); }

TEST(LookasideTest, ExRoutinesReceiveTheirList) {
  DriverList d;
  ASSERT_EQ(ExInitializeLookasideListEx(&d.list, ExAllocate, ExFree, PagedPool, 0, 40, kTag, 0),
            STATUS_SUCCESS);
  void* e = ExAllocateFromLookasideListEx(&d.list);
  EXPECT_EQ(d.allocations, 1);
  ExFreeToLookasideListEx(&d.list, e);
  ExDeleteLookasideListEx(&d.list);
}

TEST(LookasideTest, ExInitializeValidatesPoolTypeAndFlags) {
  LOOKASIDE_LIST_EX list;
  EXPECT_EQ(ExInitializeLookasideListEx(&list, nullptr, nullptr, MaxPoolType, 0, 32, kTag, 0),
            STATUS_INVALID_PARAMETER_4);
  EXPECT_EQ(ExInitializeLookasideListEx(&list, nullptr, nullptr, NonPagedPoolNx, 0x4, 32, kTag, 0),
            STATUS_INVALID_PARAMETER_5);
  EXPECT_EQ(ExInitializeLookasideListEx(&list, nullptr, nullptr, NonPagedPoolNx,
                                        EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL |
                                            EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE,
                                        32, kTag, 0),
            STATUS_INVALID_PARAMETER_5);
  // FAIL_NO_RAISE needs a custom allocate routine.
  EXPECT_EQ(ExInitializeLookasideListEx(&list, nullptr, nullptr, NonPagedPoolNx,
                                        EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE, 32, kTag, 0),
            STATUS_INVALID_PARAMETER_5);
  EXPECT_FALSE(poolsim::Ambient().IsLiveObject(&list));
}

TEST(LookasideVerifierTest, ReinitializingALiveListBugChecks) {
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  EXPECT_BUGCHECK_SUBCODE(ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0),
                          0xC4, 0xCA);
  ExDeleteNPagedLookasideList(&list);
}

TEST(LookasideVerifierTest, DeletingAListNeverInitializedBugChecks) {
  NPAGED_LOOKASIDE_LIST list = {};
  EXPECT_BUGCHECK_SUBCODE(ExDeleteNPagedLookasideList(&list), 0xC4, 0xCB);
  EXPECT_BUGCHECK_SUBCODE(ExAllocateFromNPagedLookasideList(&list), 0xC4, 0xCB);
}

TEST(LookasideVerifierTest, DeletingTwiceBugChecks) {
  PAGED_LOOKASIDE_LIST list;
  ExInitializePagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  ExDeletePagedLookasideList(&list);
  EXPECT_BUGCHECK_SUBCODE(ExDeletePagedLookasideList(&list), 0xC4, 0xCB);
}

TEST(LookasideVerifierTest, TooSmallAnEntryBugChecks) {
  NPAGED_LOOKASIDE_LIST list;
  poolsim::testing::BugCheckCapture capture;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 4, kTag, 0);
  ASSERT_EQ(capture.bug_checks().size(), 1u);
  EXPECT_THAT(capture.bug_checks()[0].parameters,
              ::testing::ElementsAre(0xCD, reinterpret_cast<uintptr_t>(&list), 4,
                                     LOOKASIDE_MINIMUM_BLOCK_SIZE));
  EXPECT_FALSE(poolsim::Ambient().IsLiveObject(&list));
}

TEST(LookasideVerifierTest, FreeingPoolThatHoldsALiveListBugChecks) {
  auto* holder = static_cast<NPAGED_LOOKASIDE_LIST*>(
      ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(NPAGED_LOOKASIDE_LIST) + 64, 'dloH'));
  ExInitializeNPagedLookasideList(holder, nullptr, nullptr, 0, 32, kTag, 0);
  EXPECT_BUGCHECK_SUBCODE(ExFreePoolWithTag(holder, 'dloH'), 0xC4, 0xCC);
  EXPECT_TRUE(poolsim::Ambient().Lookup(holder));  // the bad free had no effect
  ExDeleteNPagedLookasideList(holder);
  ExFreePoolWithTag(holder, 'dloH');
}

TEST(LookasideVerifierTest, EntryReturnedToTheWrongListBugChecks) {
  NPAGED_LOOKASIDE_LIST a, b;
  ExInitializeNPagedLookasideList(&a, nullptr, nullptr, 0, 32, kTag, 0);
  ExInitializeNPagedLookasideList(&b, nullptr, nullptr, 0, 32, kTag, 0);
  void* e = ExAllocateFromNPagedLookasideList(&a);
  EXPECT_BUGCHECK_SUBCODE(ExFreeToNPagedLookasideList(&b, e), 0xC4, 0x16);
  ExFreeToNPagedLookasideList(&a, e);
  EXPECT_BUGCHECK_SUBCODE(ExFreeToNPagedLookasideList(&a, e), 0xC4, 0x16);  // twice
  ExDeleteNPagedLookasideList(&a);
  ExDeleteNPagedLookasideList(&b);
}

TEST(LookasideVerifierTest, PagedListAtDispatchLevelBugChecks) {
  PAGED_LOOKASIDE_LIST list;
  ExInitializePagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  KIRQL old = KeRaiseIrqlToDpcLevel();
  EXPECT_BUGCHECK(ExAllocateFromPagedLookasideList(&list), 0x0A);
  KeLowerIrql(old);
  ExDeletePagedLookasideList(&list);
}

TEST(LookasideVerifierTest, AListNeverDeletedIsReportedAtUnload) {
  poolsim::Environment env;
  poolsim::ScopedEnvironment install(&env);
  std::vector<poolsim::BugCheck> seen;
  env.SetBugCheckHandler([&](const poolsim::BugCheck& b) { seen.push_back(b); });
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  EXPECT_FALSE(env.CheckUnload());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].code, 0xCEu);
  EXPECT_EQ(seen[0].parameters[0], reinterpret_cast<uintptr_t>(&list));
  ExDeleteNPagedLookasideList(&list);
  EXPECT_TRUE(env.CheckUnload());
}

// An entry freed to the pool with ExFreePool* and then given back to its list
// is reported (0xC6, P1 the entry, P2 1: a write) instead of the list writing
// its link into freed memory; the list stays usable.
TEST(LookasideVerifierTest, EntryFreedToThePoolThenToTheListBugChecks) {
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  void* e = ExAllocateFromNPagedLookasideList(&list);
  ASSERT_NE(e, nullptr);
  ExFreePoolWithTag(e, kTag);
  {
    poolsim::testing::BugCheckCapture capture;
    ExFreeToNPagedLookasideList(&list, e);
    const std::vector<poolsim::BugCheck> seen = capture.bug_checks();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].code, 0xC6u);
    EXPECT_EQ(seen[0].parameters[0], reinterpret_cast<uintptr_t>(e));
    EXPECT_EQ(seen[0].parameters[1], 1u);
  }
  // Still usable: a fresh entry comes from the pool, goes back, is flushed.
  void* f = ExAllocateFromNPagedLookasideList(&list);
  ASSERT_NE(f, nullptr);
  ExFreeToNPagedLookasideList(&list, f);
  ExDeleteNPagedLookasideList(&list);
}

// A cached entry freed to the pool behind the list's back is reported when the
// list would hand it out again (the allocation fails instead) ...
TEST(LookasideVerifierTest, CachedEntryFreedToThePoolIsNotHandedOutAgain) {
  PAGED_LOOKASIDE_LIST list;
  ExInitializePagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  void* e = ExAllocateFromPagedLookasideList(&list);
  ASSERT_NE(e, nullptr);
  ExFreeToPagedLookasideList(&list, e);
  ExFreePoolWithTag(e, kTag);
  void* again = nullptr;
  EXPECT_BUGCHECK(again = ExAllocateFromPagedLookasideList(&list), 0xC6);
  EXPECT_EQ(again, nullptr);
  void* fresh = ExAllocateFromPagedLookasideList(&list);
  ASSERT_NE(fresh, nullptr);
  ExFreeToPagedLookasideList(&list, fresh);
  ExDeletePagedLookasideList(&list);
}

// ... and when the list is deleted, which then does not free it a second time.
TEST(LookasideVerifierTest, CachedEntryFreedToThePoolIsNotFreedAgainOnDelete) {
  LOOKASIDE_LIST_EX list;
  ASSERT_EQ(ExInitializeLookasideListEx(&list, nullptr, nullptr, NonPagedPoolNx, 0, 32, kTag, 0),
            STATUS_SUCCESS);
  void* e = ExAllocateFromLookasideListEx(&list);
  ASSERT_NE(e, nullptr);
  ExFreeToLookasideListEx(&list, e);
  ExFreePoolWithTag(e, kTag);
  poolsim::testing::BugCheckCapture capture;
  ExDeleteLookasideListEx(&list);
  const std::vector<poolsim::BugCheck> seen = capture.bug_checks();
  ASSERT_EQ(seen.size(), 1u);  // no double free after it
  EXPECT_EQ(seen[0].code, 0xC6u);
}

TEST(LookasideTest, HitsAreInjectableToo) {
  poolsim::Options o;
  o.faults.fail_nth = 2;
  poolsim::Environment env(o);
  poolsim::ScopedEnvironment install(&env);
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  void* e = ExAllocateFromNPagedLookasideList(&list);  // call 1: a miss, from the pool
  ASSERT_NE(e, nullptr);
  ExFreeToNPagedLookasideList(&list, e);
  EXPECT_EQ(ExAllocateFromNPagedLookasideList(&list), nullptr);  // call 2: a hit, failed
  EXPECT_EQ(env.Faults().recent.at(0).api, "ExAllocateFromNPagedLookasideList");
  ExDeleteNPagedLookasideList(&list);
}

}  // namespace
