// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/wdk/generic_table_test.cc
// -----------------------------------------------------------------------------
//
// The generic tables through their WDK names: the driver's routines called
// as Windows calls them (node header size, data placement, the driver's tag
// on leaks), collation-order enumeration and its restart rules, insertion
// order for RtlGetElementGenericTable, both forms against a reference model,
// and the checks.

#include <cmath>
#include <random>
#include <set>
#include <vector>

#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"
#include "poolsim/testing/leak_check.h"
#include "rtl/wdk/rtl.h"
#include "rtl/wdk/rtl_c_sample.h"

namespace {

constexpr uint32_t kNullArgument = 0x1E;
constexpr uint32_t kIrqlNotLessOrEqual = 0x0A;
constexpr uint32_t kDriverIrqlNotLessOrEqual = 0xD1;

SAMPLE_ENTRY Entry(ULONG key) { return SAMPLE_ENTRY{key, key * 10}; }

// Deletes every element of the splay table.
void Clear(PRTL_GENERIC_TABLE t) {
  while (auto* e = static_cast<PSAMPLE_ENTRY>(RtlGetElementGenericTable(t, 0))) {
    SAMPLE_ENTRY copy = *e;
    ASSERT_TRUE(RtlDeleteElementGenericTable(t, &copy));
  }
}
void Clear(PRTL_AVL_TABLE t) {
  while (auto* e = static_cast<PSAMPLE_ENTRY>(RtlGetElementGenericTableAvl(t, 0))) {
    SAMPLE_ENTRY copy = *e;
    ASSERT_TRUE(RtlDeleteElementGenericTableAvl(t, &copy));
  }
}

std::vector<ULONG> Keys(PRTL_GENERIC_TABLE t) {
  std::vector<ULONG> out;
  PVOID key = nullptr;
  while (auto* e = static_cast<PSAMPLE_ENTRY>(RtlEnumerateGenericTableWithoutSplaying(t, &key))) {
    out.push_back(e->Key);
  }
  return out;
}
std::vector<ULONG> Keys(PRTL_AVL_TABLE t) {
  std::vector<ULONG> out;
  PVOID key = nullptr;
  while (auto* e =
             static_cast<PSAMPLE_ENTRY>(RtlEnumerateGenericTableWithoutSplayingAvl(t, &key))) {
    out.push_back(e->Key);
  }
  return out;
}

TEST(CSampleTest, TablesAsADriverUsesThem) { EXPECT_EQ(SampleTables(), 0); }

TEST(CSampleTest, EveryAllocationFailureIsHandled) { EXPECT_ERROR_PATHS_CLEAN(SampleTables()); }

TEST(SplayTableTest, TheDriversAllocateRoutineGetsHeaderPlusData) {
  RTL_GENERIC_TABLE t;
  RtlInitializeGenericTable(&t, SampleCompare, SampleAllocate, SampleFree, nullptr);
  SAMPLE_ENTRY e = Entry(7);
  const uint64_t before = poolsim::Ambient().LastSequence();
  BOOLEAN added = FALSE;
  auto* data = static_cast<PSAMPLE_ENTRY>(RtlInsertElementGenericTable(&t, &e, sizeof(e), &added));
  ASSERT_NE(data, nullptr);
  EXPECT_TRUE(added);
  EXPECT_EQ(g_sample_last_allocation, sizeof(RTL_SPLAY_LINKS) + sizeof(LIST_ENTRY) + sizeof(e));
  EXPECT_EQ(g_sample_last_allocation, 40 + sizeof(e));
  const std::vector<poolsim::BlockInfo> blocks = poolsim::Ambient().LiveBlocksSince(before);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].tag.ToString(), "TbpS");  // the driver's tag
  EXPECT_EQ(reinterpret_cast<uintptr_t>(data), blocks[0].address + 40);
  EXPECT_NE(static_cast<void*>(data), static_cast<void*>(&e));  // a copy
  EXPECT_EQ(data->Value, 70u);
  Clear(&t);
  EXPECT_TRUE(poolsim::Ambient().LiveBlocksSince(before).empty());
}

TEST(AvlTableTest, TheDriversAllocateRoutineGetsHeaderPlusData) {
  RTL_AVL_TABLE t;
  RtlInitializeGenericTableAvl(&t, SampleCompareAvl, SampleAllocateAvl, SampleFreeAvl, nullptr);
  SAMPLE_ENTRY e = Entry(7);
  const uint64_t before = poolsim::Ambient().LastSequence();
  auto* data = static_cast<PSAMPLE_ENTRY>(RtlInsertElementGenericTableAvl(&t, &e, sizeof(e),
                                                                           nullptr));
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(g_sample_last_allocation, sizeof(RTL_BALANCED_LINKS) + sizeof(e));
  EXPECT_EQ(g_sample_last_allocation, 32 + sizeof(e));
  const std::vector<poolsim::BlockInfo> blocks = poolsim::Ambient().LiveBlocksSince(before);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(data), blocks[0].address + 32);
  Clear(&t);
}

TEST(SplayTableTest, AnElementNeverDeletedLeaksUnderTheDriversTag) {
  RTL_GENERIC_TABLE t;
  RtlInitializeGenericTable(&t, SampleCompare, SampleAllocate, SampleFree, nullptr);
  SAMPLE_ENTRY e = Entry(1);
  const uint64_t before = poolsim::Ambient().LastSequence();
  ASSERT_NE(RtlInsertElementGenericTable(&t, &e, sizeof(e), nullptr), nullptr);
  const std::vector<poolsim::BlockInfo> live = poolsim::Ambient().LiveBlocksSince(before);
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].tag.ToString(), "TbpS");
  EXPECT_EQ(live[0].kind, poolsim::PoolKind::kPaged);
  Clear(&t);
}

TEST(SplayTableTest, DuplicatesAreNotInsertedAndNothingIsAllocated) {
  RTL_GENERIC_TABLE t;
  RtlInitializeGenericTable(&t, SampleCompare, SampleAllocate, SampleFree, nullptr);
  SAMPLE_ENTRY e = Entry(3);
  void* first = RtlInsertElementGenericTable(&t, &e, sizeof(e), nullptr);
  SAMPLE_ENTRY again{3, 999};
  BOOLEAN added = TRUE;
  const uint64_t before = poolsim::Ambient().LastSequence();
  EXPECT_EQ(RtlInsertElementGenericTable(&t, &again, sizeof(again), &added), first);
  EXPECT_FALSE(added);
  EXPECT_EQ(poolsim::Ambient().LastSequence(), before);
  EXPECT_EQ(static_cast<PSAMPLE_ENTRY>(first)->Value, 30u);
  EXPECT_EQ(RtlNumberGenericTableElements(&t), 1u);
  Clear(&t);
}

TEST(SplayTableTest, GetIsInsertionOrderEnumerationIsCollationOrder) {
  RTL_GENERIC_TABLE t;
  RtlInitializeGenericTable(&t, SampleCompare, SampleAllocate, SampleFree, nullptr);
  for (ULONG k : {30, 10, 20, 50, 40}) {
    SAMPLE_ENTRY e = Entry(k);
    ASSERT_NE(RtlInsertElementGenericTable(&t, &e, sizeof(e), nullptr), nullptr);
  }
  std::vector<ULONG> by_index;
  for (ULONG i = 0; i < RtlNumberGenericTableElements(&t); ++i) {
    by_index.push_back(static_cast<PSAMPLE_ENTRY>(RtlGetElementGenericTable(&t, i))->Key);
  }
  EXPECT_EQ(by_index, (std::vector<ULONG>{30, 10, 20, 50, 40}));
  EXPECT_EQ(RtlGetElementGenericTable(&t, 5), nullptr);
  EXPECT_EQ(Keys(&t), (std::vector<ULONG>{10, 20, 30, 40, 50}));
  SAMPLE_ENTRY gone = Entry(10);
  ASSERT_TRUE(RtlDeleteElementGenericTable(&t, &gone));
  EXPECT_FALSE(RtlDeleteElementGenericTable(&t, &gone));
  // Indexes of later insertions move down by one.
  EXPECT_EQ(static_cast<PSAMPLE_ENTRY>(RtlGetElementGenericTable(&t, 1))->Key, 20u);
  EXPECT_EQ(static_cast<PSAMPLE_ENTRY>(RtlGetElementGenericTable(&t, 3))->Key, 40u);
  Clear(&t);
}

TEST(SplayTableTest, EnumerationContinuesFromTheRootAsOnWindows) {
  RTL_GENERIC_TABLE t;
  RtlInitializeGenericTable(&t, SampleCompare, SampleAllocate, SampleFree, nullptr);
  for (ULONG k : {50, 10, 90, 30, 70}) {
    SAMPLE_ENTRY e = Entry(k);
    ASSERT_NE(RtlInsertElementGenericTable(&t, &e, sizeof(e), nullptr), nullptr);
  }
  auto key = [](PVOID p) { return static_cast<PSAMPLE_ENTRY>(p)->Key; };
  EXPECT_EQ(key(RtlEnumerateGenericTable(&t, TRUE)), 10u);
  EXPECT_EQ(key(RtlEnumerateGenericTable(&t, FALSE)), 30u);
  // A lookup splays its element to the root: the enumeration moves there.
  SAMPLE_ENTRY probe = Entry(70);
  ASSERT_NE(RtlLookupElementGenericTable(&t, &probe), nullptr);
  EXPECT_EQ(key(RtlEnumerateGenericTable(&t, FALSE)), 90u);
  EXPECT_EQ(RtlEnumerateGenericTable(&t, FALSE), nullptr);
  EXPECT_EQ(key(RtlEnumerateGenericTable(&t, TRUE)), 10u);
  // Without splaying, the caller's key keeps the position.
  PVOID restart = nullptr;
  EXPECT_EQ(key(RtlEnumerateGenericTableWithoutSplaying(&t, &restart)), 10u);
  ASSERT_NE(RtlLookupElementGenericTable(&t, &probe), nullptr);
  EXPECT_EQ(key(RtlEnumerateGenericTableWithoutSplaying(&t, &restart)), 30u);
  Clear(&t);
  EXPECT_EQ(RtlEnumerateGenericTable(&t, TRUE), nullptr);
}

TEST(AvlTableTest, GetAndEnumerateAreCollationOrder) {
  RTL_AVL_TABLE t;
  RtlInitializeGenericTableAvl(&t, SampleCompareAvl, SampleAllocateAvl, SampleFreeAvl, nullptr);
  for (ULONG k : {30, 10, 20, 50, 40}) {
    SAMPLE_ENTRY e = Entry(k);
    ASSERT_NE(RtlInsertElementGenericTableAvl(&t, &e, sizeof(e), nullptr), nullptr);
  }
  std::vector<ULONG> by_index;
  for (ULONG i = 0; i < RtlNumberGenericTableElementsAvl(&t); ++i) {
    by_index.push_back(static_cast<PSAMPLE_ENTRY>(RtlGetElementGenericTableAvl(&t, i))->Key);
  }
  EXPECT_EQ(by_index, (std::vector<ULONG>{10, 20, 30, 40, 50}));
  std::vector<ULONG> enumerated;
  for (PVOID p = RtlEnumerateGenericTableAvl(&t, TRUE); p != nullptr;
       p = RtlEnumerateGenericTableAvl(&t, FALSE)) {
    enumerated.push_back(static_cast<PSAMPLE_ENTRY>(p)->Key);
  }
  EXPECT_EQ(enumerated, by_index);
  EXPECT_EQ(RtlEnumerateGenericTableAvl(&t, FALSE), nullptr);
  // Deleting the element just returned continues with the next one.
  EXPECT_EQ(static_cast<PSAMPLE_ENTRY>(RtlEnumerateGenericTableAvl(&t, TRUE))->Key, 10u);
  EXPECT_EQ(static_cast<PSAMPLE_ENTRY>(RtlEnumerateGenericTableAvl(&t, FALSE))->Key, 20u);
  SAMPLE_ENTRY twenty = Entry(20);
  ASSERT_TRUE(RtlDeleteElementGenericTableAvl(&t, &twenty));
  EXPECT_EQ(t.DeleteCount, 1u);
  EXPECT_EQ(static_cast<PSAMPLE_ENTRY>(RtlEnumerateGenericTableAvl(&t, FALSE))->Key, 30u);
  Clear(&t);
  EXPECT_TRUE(RtlIsGenericTableEmptyAvl(&t));
}

// A compare routine that matches whole decades while TableContext says so.
RTL_GENERIC_COMPARE_RESULTS NTAPI DecadeCompare(PRTL_AVL_TABLE table, PVOID first,
                                                PVOID second) {
  ULONG a = static_cast<PSAMPLE_ENTRY>(first)->Key;
  ULONG b = static_cast<PSAMPLE_ENTRY>(second)->Key;
  if (table->TableContext != nullptr) {
    a /= 10;
    b /= 10;
  }
  return a < b ? GenericLessThan : a > b ? GenericGreaterThan : GenericEqual;
}

TEST(AvlTableTest, LookupFirstMatchingElement) {
  RTL_AVL_TABLE t;
  RtlInitializeGenericTableAvl(&t, DecadeCompare, SampleAllocateAvl, SampleFreeAvl, nullptr);
  for (ULONG k : {25, 5, 21, 38, 27, 12, 29}) {
    SAMPLE_ENTRY e = Entry(k);
    ASSERT_NE(RtlInsertElementGenericTableAvl(&t, &e, sizeof(e), nullptr), nullptr);
  }
  static int decades = 1;
  t.TableContext = &decades;
  SAMPLE_ENTRY probe = Entry(20);
  PVOID restart = nullptr;
  auto* first = static_cast<PSAMPLE_ENTRY>(
      RtlLookupFirstMatchingElementGenericTableAvl(&t, &probe, &restart));
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->Key, 21u);
  std::vector<ULONG> rest;
  while (auto* e =
             static_cast<PSAMPLE_ENTRY>(RtlEnumerateGenericTableWithoutSplayingAvl(&t, &restart))) {
    if (DecadeCompare(&t, &probe, e) != GenericEqual) break;
    rest.push_back(e->Key);
  }
  EXPECT_EQ(rest, (std::vector<ULONG>{25, 27, 29}));
  SAMPLE_ENTRY none = Entry(40);
  EXPECT_EQ(RtlLookupFirstMatchingElementGenericTableAvl(&t, &none, &restart), nullptr);
  EXPECT_EQ(restart, nullptr);
  t.TableContext = nullptr;
  Clear(&t);
}

// Checks the AVL shape through the public RTL_BALANCED_LINKS view.
int CheckedHeight(PRTL_BALANCED_LINKS n, int* bad) {
  if (n == nullptr) return 0;
  if (n->LeftChild != nullptr && n->LeftChild->Parent != n) ++*bad;
  if (n->RightChild != nullptr && n->RightChild->Parent != n) ++*bad;
  const int l = CheckedHeight(n->LeftChild, bad);
  const int r = CheckedHeight(n->RightChild, bad);
  if (r - l != n->Balance || n->Balance < -1 || n->Balance > 1) ++*bad;
  return std::max(l, r) + 1;
}

TEST(ModelTest, BothFormsAgreeWithAReferenceSet) {
  RTL_GENERIC_TABLE splay;
  RTL_AVL_TABLE avl;
  RtlInitializeGenericTable(&splay, SampleCompare, SampleAllocate, SampleFree, nullptr);
  RtlInitializeGenericTableAvl(&avl, SampleCompareAvl, SampleAllocateAvl, SampleFreeAvl, nullptr);
  std::set<ULONG> model;
  std::mt19937 random(12345);
  for (int step = 0; step < 4000; ++step) {
    const ULONG k = random() % 500;
    SAMPLE_ENTRY e = Entry(k);
    switch (random() % 3) {
      case 0:
      case 1: {
        BOOLEAN a = FALSE;
        BOOLEAN b = FALSE;
        ASSERT_NE(RtlInsertElementGenericTable(&splay, &e, sizeof(e), &a), nullptr);
        ASSERT_NE(RtlInsertElementGenericTableAvl(&avl, &e, sizeof(e), &b), nullptr);
        const bool is_new = model.insert(k).second;
        EXPECT_EQ(a != FALSE, is_new);
        EXPECT_EQ(b != FALSE, is_new);
        break;
      }
      default: {
        const bool present = model.erase(k) == 1;
        EXPECT_EQ(RtlDeleteElementGenericTable(&splay, &e) != FALSE, present);
        EXPECT_EQ(RtlDeleteElementGenericTableAvl(&avl, &e) != FALSE, present);
        break;
      }
    }
    const bool found = model.count(k) == 1;
    EXPECT_EQ(RtlLookupElementGenericTable(&splay, &e) != nullptr, found);
    EXPECT_EQ(RtlLookupElementGenericTableAvl(&avl, &e) != nullptr, found);
  }
  const std::vector<ULONG> expected(model.begin(), model.end());
  EXPECT_EQ(Keys(&splay), expected);
  EXPECT_EQ(Keys(&avl), expected);
  EXPECT_EQ(RtlNumberGenericTableElements(&splay), model.size());
  EXPECT_EQ(RtlNumberGenericTableElementsAvl(&avl), model.size());
  int bad = 0;
  const int height = CheckedHeight(avl.BalancedRoot.RightChild, &bad);
  EXPECT_EQ(bad, 0);
  EXPECT_EQ(static_cast<ULONG>(height), avl.DepthOfTree);
  EXPECT_LE(height, 1.45 * std::log2(model.size() + 2));
  Clear(&splay);
  Clear(&avl);
}

TEST(FullTest, LookupReportsWhereTheInsertGoes) {
  RTL_GENERIC_TABLE splay;
  RTL_AVL_TABLE avl;
  RtlInitializeGenericTable(&splay, SampleCompare, SampleAllocate, SampleFree, nullptr);
  RtlInitializeGenericTableAvl(&avl, SampleCompareAvl, SampleAllocateAvl, SampleFreeAvl, nullptr);
  SAMPLE_ENTRY e = Entry(5);
  PVOID where = reinterpret_cast<PVOID>(1);
  TABLE_SEARCH_RESULT result = TableFoundNode;
  EXPECT_EQ(RtlLookupElementGenericTableFull(&splay, &e, &where, &result), nullptr);
  EXPECT_EQ(result, TableEmptyTree);
  EXPECT_EQ(where, nullptr);
  BOOLEAN added = FALSE;
  ASSERT_NE(RtlInsertElementGenericTableFull(&splay, &e, sizeof(e), &added, where, result),
            nullptr);
  EXPECT_TRUE(added);
  SAMPLE_ENTRY larger = Entry(9);
  EXPECT_EQ(RtlLookupElementGenericTableFull(&splay, &larger, &where, &result), nullptr);
  EXPECT_EQ(result, TableInsertAsRight);
  EXPECT_NE(where, nullptr);
  auto* found = static_cast<PSAMPLE_ENTRY>(
      RtlLookupElementGenericTableFull(&splay, &e, &where, &result));
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(result, TableFoundNode);
  EXPECT_EQ(static_cast<void*>(found), static_cast<char*>(where) + 40);

  // AVL: the same protocol; a stale hint still inserts in order.
  for (ULONG k : {50, 20, 80}) {
    SAMPLE_ENTRY x = Entry(k);
    ASSERT_EQ(RtlLookupElementGenericTableFullAvl(&avl, &x, &where, &result), nullptr);
    ASSERT_NE(RtlInsertElementGenericTableFullAvl(&avl, &x, sizeof(x), &added, where, result),
              nullptr);
  }
  SAMPLE_ENTRY ten = Entry(10);
  ASSERT_EQ(RtlLookupElementGenericTableFullAvl(&avl, &ten, &where, &result), nullptr);
  EXPECT_EQ(result, TableInsertAsLeft);
  SAMPLE_ENTRY thirty = Entry(30);
  ASSERT_NE(RtlInsertElementGenericTableFullAvl(&avl, &thirty, sizeof(thirty), &added, where,
                                                result),  // the hint was for 10
            nullptr);
  EXPECT_EQ(Keys(&avl), (std::vector<ULONG>{20, 30, 50, 80}));
  auto* twenty = static_cast<PSAMPLE_ENTRY>(
      RtlLookupElementGenericTableFullAvl(&avl, &thirty, &where, &result));
  ASSERT_NE(twenty, nullptr);
  EXPECT_EQ(result, TableFoundNode);
  RtlDeleteElementGenericTableAvlEx(&avl, where);
  EXPECT_EQ(Keys(&avl), (std::vector<ULONG>{20, 50, 80}));
  // A node of another table is left alone.
  RTL_AVL_TABLE other;
  RtlInitializeGenericTableAvl(&other, SampleCompareAvl, SampleAllocateAvl, SampleFreeAvl,
                               nullptr);
  SAMPLE_ENTRY fifty = Entry(50);
  ASSERT_NE(RtlInsertElementGenericTableAvl(&other, &fifty, sizeof(fifty), nullptr), nullptr);
  ASSERT_NE(RtlLookupElementGenericTableFullAvl(&other, &fifty, &where, &result), nullptr);
  RtlDeleteElementGenericTableAvlEx(&avl, where);
  EXPECT_EQ(RtlNumberGenericTableElementsAvl(&avl), 3u);
  EXPECT_EQ(RtlNumberGenericTableElementsAvl(&other), 1u);
  Clear(&other);
  EXPECT_BUGCHECK(RtlLookupElementGenericTableFullAvl(&avl, &ten, nullptr, &result),
                  kNullArgument);
  Clear(&splay);
  Clear(&avl);
}

TEST(AvlTableTest, SortedInsertionsStayShallow) {
  RTL_AVL_TABLE t;
  RtlInitializeGenericTableAvl(&t, SampleCompareAvl, SampleAllocateAvl, SampleFreeAvl, nullptr);
  for (ULONG k = 0; k < 1024; ++k) {
    SAMPLE_ENTRY e = Entry(k);
    ASSERT_NE(RtlInsertElementGenericTableAvl(&t, &e, sizeof(e), nullptr), nullptr);
  }
  EXPECT_LE(t.DepthOfTree, 11u);
  Clear(&t);
}

TEST(TableTest, AllocationFailureInsertsNothing) {
  RTL_GENERIC_TABLE t;
  RtlInitializeGenericTable(&t, SampleCompare, SampleAllocate, SampleFree, nullptr);
  poolsim::Options options = poolsim::Ambient().options();
  options.faults.mode = poolsim::FaultMode::kRandom;
  options.faults.probability = 10000;
  poolsim::Ambient().Reconfigure(options);
  SAMPLE_ENTRY e = Entry(1);
  BOOLEAN added = TRUE;
  EXPECT_EQ(RtlInsertElementGenericTable(&t, &e, sizeof(e), &added), nullptr);
  EXPECT_FALSE(added);
  EXPECT_TRUE(RtlIsGenericTableEmpty(&t));
}

TEST(ChecksTest, NullAndUninitializedTables) {
  SAMPLE_ENTRY e = Entry(1);
  EXPECT_BUGCHECK(RtlInsertElementGenericTable(nullptr, &e, sizeof(e), nullptr), kNullArgument);
  EXPECT_BUGCHECK(RtlNumberGenericTableElementsAvl(nullptr), kNullArgument);
  RTL_GENERIC_TABLE zeroed{};
  EXPECT_BUGCHECK(RtlLookupElementGenericTable(&zeroed, &e), kNullArgument);
  RTL_AVL_TABLE zeroed_avl{};
  EXPECT_BUGCHECK(RtlInsertElementGenericTableAvl(&zeroed_avl, &e, sizeof(e), nullptr),
                  kNullArgument);
  RTL_GENERIC_TABLE t;
  RtlInitializeGenericTable(&t, SampleCompare, SampleAllocate, SampleFree, nullptr);
  EXPECT_BUGCHECK(RtlInsertElementGenericTable(&t, nullptr, 8, nullptr), kNullArgument);
  EXPECT_BUGCHECK(RtlEnumerateGenericTableWithoutSplaying(&t, nullptr), kNullArgument);
}

TEST(ChecksTest, IrqlAndResidency) {
  auto* paged = static_cast<PRTL_AVL_TABLE>(
      ExAllocatePool2(POOL_FLAG_PAGED, sizeof(RTL_AVL_TABLE), 'tseT'));
  ASSERT_NE(paged, nullptr);
  RtlInitializeGenericTableAvl(paged, SampleCompareAvl, SampleAllocateAvl, SampleFreeAvl,
                               nullptr);
  RTL_AVL_TABLE resident;
  RtlInitializeGenericTableAvl(&resident, SampleCompareAvl, SampleAllocateAvl, SampleFreeAvl,
                               nullptr);
  SAMPLE_ENTRY e = Entry(1);
  {
    poolsim::ScopedIrql dispatch(poolsim::kDispatchLevel);
    EXPECT_EQ(RtlLookupElementGenericTableAvl(&resident, &e), nullptr);
    EXPECT_BUGCHECK(RtlLookupElementGenericTableAvl(paged, &e), kDriverIrqlNotLessOrEqual);
  }
  {
    poolsim::ScopedIrql high(poolsim::kProfileLevel);
    EXPECT_BUGCHECK(RtlIsGenericTableEmptyAvl(&resident), kIrqlNotLessOrEqual);
  }
  ExFreePool(paged);
}

}  // namespace
