// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the generic tables, splay and AVL forms
// (rtl/wdk/rtl_generic_table.h): a NULL table, a table never initialized, an
// allocate routine that fails, deleting what is not there, out-of-range
// indexes, the end of an enumeration, the IRQL and a paged table at
// DISPATCH_LEVEL.

#include <cstdint>

#include <ntifs.h>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr ULONG kMaxUlong = 0xFFFFFFFF;

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// What the driver's routines saw; the table's TableContext.
struct Calls {
  int allocations = 0;
  int frees = 0;
  bool fail = false;
};

template <typename T>
RTL_GENERIC_COMPARE_RESULTS NTAPI CompareInts(T* table, PVOID first, PVOID second) {
  (void)table;
  const int a = *static_cast<int*>(first);
  const int b = *static_cast<int*>(second);
  return a < b ? GenericLessThan : a > b ? GenericGreaterThan : GenericEqual;
}

template <typename T>
PVOID NTAPI AllocateNode(T* table, CLONG bytes) {
  Calls* calls = static_cast<Calls*>(table->TableContext);
  ++calls->allocations;
  if (calls->fail) return nullptr;
  return ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, kTag);
}

template <typename T>
VOID NTAPI FreeNode(T* table, PVOID buffer) {
  ++static_cast<Calls*>(table->TableContext)->frees;
  ExFreePoolWithTag(buffer, kTag);
}

// An initialized splay table of ints that deletes what is left when it goes.
struct Splay {
  RTL_GENERIC_TABLE table;
  Calls calls;
  Splay() {
    RtlInitializeGenericTable(&table, CompareInts<RTL_GENERIC_TABLE>,
                              AllocateNode<RTL_GENERIC_TABLE>, FreeNode<RTL_GENERIC_TABLE>,
                              &calls);
  }
  ~Splay() {
    calls.fail = false;
    while (PVOID e = RtlGetElementGenericTable(&table, 0)) {
      RtlDeleteElementGenericTable(&table, e);
    }
  }
  void Add(int value) {
    EXPECT_NE(RtlInsertElementGenericTable(&table, &value, sizeof(value), nullptr), nullptr);
  }
};

struct Avl {
  RTL_AVL_TABLE table;
  Calls calls;
  Avl() {
    RtlInitializeGenericTableAvl(&table, CompareInts<RTL_AVL_TABLE>, AllocateNode<RTL_AVL_TABLE>,
                                 FreeNode<RTL_AVL_TABLE>, &calls);
  }
  ~Avl() {
    calls.fail = false;
    while (PVOID e = RtlGetElementGenericTableAvl(&table, 0)) {
      RtlDeleteElementGenericTableAvl(&table, e);
    }
  }
  void Add(int value) {
    EXPECT_NE(RtlInsertElementGenericTableAvl(&table, &value, sizeof(value), nullptr), nullptr);
  }
};

// --- splay: initialization ------------------------------------------------------------

MISUSE_CASE(RtlInitializeGenericTable, NullTable) {
  Calls calls;
  EXPECT_ONLY_BUGCHECK(
      RtlInitializeGenericTable(nullptr, CompareInts<RTL_GENERIC_TABLE>,
                                AllocateNode<RTL_GENERIC_TABLE>, FreeNode<RTL_GENERIC_TABLE>,
                                &calls),
      0x1E, {kAccessViolation, 0, 1, 0});
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlInitializeGenericTable(nullptr, nullptr, nullptr, nullptr, nullptr),
                         0xD1, {0, DISPATCH_LEVEL, 1, 0});
  });
}

MISUSE_CASE(RtlInitializeGenericTable, AboveDispatch) {
  RTL_GENERIC_TABLE table = {};
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(
        RtlInitializeGenericTable(&table, CompareInts<RTL_GENERIC_TABLE>,
                                  AllocateNode<RTL_GENERIC_TABLE>, FreeNode<RTL_GENERIC_TABLE>,
                                  nullptr),
        0x0A, {Address(&table), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
  EXPECT_EQ(table.CompareRoutine, nullptr);
}

MISUSE_CASE(RtlInitializeGenericTable, PagedTableAtDispatch) {
  auto* table = static_cast<PRTL_GENERIC_TABLE>(
      ExAllocatePool2(POOL_FLAG_PAGED, sizeof(RTL_GENERIC_TABLE), kTag));
  ASSERT_NE(table, nullptr);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(
        RtlInitializeGenericTable(table, CompareInts<RTL_GENERIC_TABLE>,
                                  AllocateNode<RTL_GENERIC_TABLE>, FreeNode<RTL_GENERIC_TABLE>,
                                  nullptr),
        0xD1, {Address(table), DISPATCH_LEVEL, 1, 0});
  });
  ExFreePoolWithTag(table, kTag);
}

// --- splay: insert / lookup / delete ------------------------------------------------------

MISUSE_CASE(RtlInsertElementGenericTable, NullTableAndBuffer) {
  int value = 1;
  BOOLEAN added = TRUE;
  EXPECT_ONLY_BUGCHECK(RtlInsertElementGenericTable(nullptr, &value, sizeof(value), &added),
                       0x1E, {kAccessViolation, 0, 1, 0});
  EXPECT_FALSE(added);
  Splay t;
  PVOID element = reinterpret_cast<PVOID>(1);
  EXPECT_ONLY_BUGCHECK(element = RtlInsertElementGenericTable(&t.table, nullptr, 4, &added),
                       0x1E, {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(element, nullptr);
  EXPECT_EQ(t.calls.allocations, 0);
  EXPECT_EQ(RtlNumberGenericTableElements(&t.table), 0u);
}

MISUSE_CASE(RtlInsertElementGenericTable, NeverInitialized) {
  // A zeroed table has no routines: the first insertion faults on Windows too.
  RTL_GENERIC_TABLE zeroed = {};
  int value = 1;
  EXPECT_ONLY_BUGCHECK(RtlInsertElementGenericTable(&zeroed, &value, sizeof(value), nullptr),
                       0x1E, {kAccessViolation, 0});
  EXPECT_EQ(zeroed.NumberGenericTableElements, 0u);
}

MISUSE_CASE(RtlInsertElementGenericTable, AllocateFails) {
  Splay t;
  t.Add(1);
  t.calls.fail = true;
  int value = 2;
  BOOLEAN added = TRUE;
  PVOID element = reinterpret_cast<PVOID>(1);
  EXPECT_NO_BUGCHECK(element =
                         RtlInsertElementGenericTable(&t.table, &value, sizeof(value), &added));
  EXPECT_EQ(element, nullptr);
  EXPECT_FALSE(added);
  EXPECT_EQ(t.calls.allocations, 2);
  EXPECT_EQ(RtlNumberGenericTableElements(&t.table), 1u);
  EXPECT_EQ(RtlLookupElementGenericTable(&t.table, &value), nullptr);
}

MISUSE_CASE(RtlInsertElementGenericTable, SecondInsertOfAKey) {
  Splay t;
  int value = 7;
  BOOLEAN added = FALSE;
  PVOID first = RtlInsertElementGenericTable(&t.table, &value, sizeof(value), &added);
  ASSERT_NE(first, nullptr);
  EXPECT_TRUE(added);
  // NewElement is optional.
  EXPECT_EQ(RtlInsertElementGenericTable(&t.table, &value, sizeof(value), nullptr), first);
  EXPECT_EQ(RtlInsertElementGenericTable(&t.table, &value, sizeof(value), &added), first);
  EXPECT_FALSE(added);
  EXPECT_EQ(t.calls.allocations, 1);
}

MISUSE_CASE(RtlInsertElementGenericTable, SizeMaxAndZero) {
  Splay t;
  int value = 3;
  BOOLEAN added = TRUE;
  // The node header plus the data does not fit a CLONG: refused, nothing allocated.
  EXPECT_EQ(RtlInsertElementGenericTable(&t.table, &value, kMaxUlong, &added), nullptr);
  EXPECT_FALSE(added);
  EXPECT_EQ(t.calls.allocations, 0);
  // Zero bytes of data: the header alone.
  EXPECT_NE(RtlInsertElementGenericTable(&t.table, &value, 0, &added), nullptr);
  EXPECT_TRUE(added);
}

MISUSE_CASE(RtlInsertElementGenericTable, AboveDispatch) {
  Splay t;
  int value = 3;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlInsertElementGenericTable(&t.table, &value, sizeof(value), nullptr),
                         0x0A, {Address(&t.table), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
  EXPECT_EQ(t.calls.allocations, 0);
  // At DISPATCH_LEVEL a resident table with nonpaged nodes works.
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_NO_BUGCHECK(t.Add(4)); });
}

MISUSE_CASE(RtlLookupElementGenericTable, NullTableBufferAndMissing) {
  int value = 1;
  EXPECT_ONLY_BUGCHECK(RtlLookupElementGenericTable(nullptr, &value), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  Splay t;
  t.Add(1);
  EXPECT_ONLY_BUGCHECK(RtlLookupElementGenericTable(&t.table, nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  int missing = 2;
  EXPECT_EQ(RtlLookupElementGenericTable(&t.table, &missing), nullptr);
}

MISUSE_CASE(RtlLookupElementGenericTable, AboveDispatch) {
  Splay t;
  int value = 1;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlLookupElementGenericTable(&t.table, &value), 0x0A,
                         {Address(&t.table), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
}

MISUSE_CASE(RtlDeleteElementGenericTable, NullNotThereAndTwice) {
  int value = 1;
  BOOLEAN deleted = TRUE;
  EXPECT_ONLY_BUGCHECK(deleted = RtlDeleteElementGenericTable(nullptr, &value), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_FALSE(deleted);
  Splay t;
  t.Add(1);
  EXPECT_ONLY_BUGCHECK(RtlDeleteElementGenericTable(&t.table, nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  int missing = 2;
  EXPECT_FALSE(RtlDeleteElementGenericTable(&t.table, &missing));
  EXPECT_EQ(t.calls.frees, 0);
  EXPECT_TRUE(RtlDeleteElementGenericTable(&t.table, &value));
  EXPECT_FALSE(RtlDeleteElementGenericTable(&t.table, &value));
  EXPECT_EQ(t.calls.frees, 1);
  EXPECT_TRUE(RtlIsGenericTableEmpty(&t.table));
}

// --- splay: queries and enumeration ---------------------------------------------------------

MISUSE_CASE(RtlGetElementGenericTable, NullTableAndOutOfRange) {
  PVOID element = reinterpret_cast<PVOID>(1);
  EXPECT_ONLY_BUGCHECK(element = RtlGetElementGenericTable(nullptr, 0), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(element, nullptr);
  Splay t;
  EXPECT_EQ(RtlGetElementGenericTable(&t.table, 0), nullptr);
  t.Add(1);
  t.Add(2);
  EXPECT_NE(RtlGetElementGenericTable(&t.table, 1), nullptr);
  EXPECT_EQ(RtlGetElementGenericTable(&t.table, 2), nullptr);
  EXPECT_EQ(RtlGetElementGenericTable(&t.table, kMaxUlong), nullptr);
}

MISUSE_CASE(RtlNumberGenericTableElements, NullTableAndAboveDispatch) {
  ULONG count = 5;
  EXPECT_ONLY_BUGCHECK(count = RtlNumberGenericTableElements(nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(count, 0u);
  Splay t;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlNumberGenericTableElements(&t.table), 0x0A,
                         {Address(&t.table), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
}

MISUSE_CASE(RtlIsGenericTableEmpty, NullTableAndNeverInitialized) {
  EXPECT_ONLY_BUGCHECK(RtlIsGenericTableEmpty(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
  // A zeroed table has no root: empty, as on Windows (no routine is called).
  RTL_GENERIC_TABLE zeroed = {};
  BOOLEAN empty = FALSE;
  EXPECT_NO_BUGCHECK(empty = RtlIsGenericTableEmpty(&zeroed));
  EXPECT_TRUE(empty);
}

MISUSE_CASE(RtlEnumerateGenericTable, NullTableEmptyAndPastTheEnd) {
  EXPECT_ONLY_BUGCHECK(RtlEnumerateGenericTable(nullptr, TRUE), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  Splay t;
  EXPECT_EQ(RtlEnumerateGenericTable(&t.table, TRUE), nullptr);
  EXPECT_EQ(RtlEnumerateGenericTable(&t.table, FALSE), nullptr);
  t.Add(1);
  EXPECT_NE(RtlEnumerateGenericTable(&t.table, TRUE), nullptr);
  EXPECT_EQ(RtlEnumerateGenericTable(&t.table, FALSE), nullptr);
  EXPECT_EQ(RtlEnumerateGenericTable(&t.table, FALSE), nullptr);
}

MISUSE_CASE(RtlEnumerateGenericTableWithoutSplaying, NullArgumentsAndPastTheEnd) {
  PVOID key = nullptr;
  EXPECT_ONLY_BUGCHECK(RtlEnumerateGenericTableWithoutSplaying(nullptr, &key), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  Splay t;
  t.Add(1);
  EXPECT_ONLY_BUGCHECK(RtlEnumerateGenericTableWithoutSplaying(&t.table, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_NE(RtlEnumerateGenericTableWithoutSplaying(&t.table, &key), nullptr);
  EXPECT_EQ(RtlEnumerateGenericTableWithoutSplaying(&t.table, &key), nullptr);
}

// --- AVL: initialization ------------------------------------------------------------------

MISUSE_CASE(RtlInitializeGenericTableAvl, NullTable) {
  EXPECT_ONLY_BUGCHECK(
      RtlInitializeGenericTableAvl(nullptr, CompareInts<RTL_AVL_TABLE>,
                                   AllocateNode<RTL_AVL_TABLE>, FreeNode<RTL_AVL_TABLE>, nullptr),
      0x1E, {kAccessViolation, 0, 1, 0});
}

MISUSE_CASE(RtlInitializeGenericTableAvl, AboveDispatchAndPagedAtDispatch) {
  RTL_AVL_TABLE table = {};
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlInitializeGenericTableAvl(&table, CompareInts<RTL_AVL_TABLE>,
                                                      AllocateNode<RTL_AVL_TABLE>,
                                                      FreeNode<RTL_AVL_TABLE>, nullptr),
                         0x0A, {Address(&table), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
  EXPECT_EQ(table.CompareRoutine, nullptr);
  auto* paged = static_cast<PRTL_AVL_TABLE>(
      ExAllocatePool2(POOL_FLAG_PAGED, sizeof(RTL_AVL_TABLE), kTag));
  ASSERT_NE(paged, nullptr);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlInitializeGenericTableAvl(paged, CompareInts<RTL_AVL_TABLE>,
                                                      AllocateNode<RTL_AVL_TABLE>,
                                                      FreeNode<RTL_AVL_TABLE>, nullptr),
                         0xD1, {Address(paged), DISPATCH_LEVEL, 1, 0});
  });
  ExFreePoolWithTag(paged, kTag);
}

// --- AVL: insert / lookup / delete ----------------------------------------------------------

MISUSE_CASE(RtlInsertElementGenericTableAvl, NullTableAndBuffer) {
  int value = 1;
  BOOLEAN added = TRUE;
  EXPECT_ONLY_BUGCHECK(RtlInsertElementGenericTableAvl(nullptr, &value, sizeof(value), &added),
                       0x1E, {kAccessViolation, 0, 1, 0});
  EXPECT_FALSE(added);
  Avl t;
  EXPECT_ONLY_BUGCHECK(RtlInsertElementGenericTableAvl(&t.table, nullptr, 4, &added), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(t.calls.allocations, 0);
}

MISUSE_CASE(RtlInsertElementGenericTableAvl, NeverInitialized) {
  RTL_AVL_TABLE zeroed = {};
  int value = 1;
  EXPECT_ONLY_BUGCHECK(RtlInsertElementGenericTableAvl(&zeroed, &value, sizeof(value), nullptr),
                       0x1E, {kAccessViolation, 0});
  EXPECT_EQ(zeroed.NumberGenericTableElements, 0u);
}

MISUSE_CASE(RtlInsertElementGenericTableAvl, AllocateFails) {
  Avl t;
  t.Add(1);
  t.calls.fail = true;
  int value = 2;
  BOOLEAN added = TRUE;
  PVOID element = reinterpret_cast<PVOID>(1);
  EXPECT_NO_BUGCHECK(
      element = RtlInsertElementGenericTableAvl(&t.table, &value, sizeof(value), &added));
  EXPECT_EQ(element, nullptr);
  EXPECT_FALSE(added);
  EXPECT_EQ(t.calls.allocations, 2);
  EXPECT_EQ(RtlNumberGenericTableElementsAvl(&t.table), 1u);
  EXPECT_EQ(t.table.DepthOfTree, 1u);
}

MISUSE_CASE(RtlInsertElementGenericTableAvl, SecondInsertAndSizeMax) {
  Avl t;
  int value = 7;
  BOOLEAN added = FALSE;
  PVOID first = RtlInsertElementGenericTableAvl(&t.table, &value, sizeof(value), &added);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(RtlInsertElementGenericTableAvl(&t.table, &value, sizeof(value), &added), first);
  EXPECT_FALSE(added);
  int other = 8;
  EXPECT_EQ(RtlInsertElementGenericTableAvl(&t.table, &other, kMaxUlong, &added), nullptr);
  EXPECT_FALSE(added);
  EXPECT_EQ(t.calls.allocations, 1);
}

MISUSE_CASE(RtlInsertElementGenericTableAvl, AboveDispatch) {
  Avl t;
  int value = 3;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(
        RtlInsertElementGenericTableAvl(&t.table, &value, sizeof(value), nullptr), 0x0A,
        {Address(&t.table), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
  EXPECT_EQ(t.calls.allocations, 0);
}

MISUSE_CASE(RtlLookupElementGenericTableAvl, NullTableBufferAndMissing) {
  int value = 1;
  EXPECT_ONLY_BUGCHECK(RtlLookupElementGenericTableAvl(nullptr, &value), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  Avl t;
  t.Add(1);
  EXPECT_ONLY_BUGCHECK(RtlLookupElementGenericTableAvl(&t.table, nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  int missing = 2;
  EXPECT_EQ(RtlLookupElementGenericTableAvl(&t.table, &missing), nullptr);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlLookupElementGenericTableAvl(&t.table, &value), 0x0A,
                         {Address(&t.table), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
}

MISUSE_CASE(RtlDeleteElementGenericTableAvl, NullNotThereAndTwice) {
  int value = 1;
  EXPECT_ONLY_BUGCHECK(RtlDeleteElementGenericTableAvl(nullptr, &value), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  Avl t;
  t.Add(1);
  EXPECT_ONLY_BUGCHECK(RtlDeleteElementGenericTableAvl(&t.table, nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  int missing = 2;
  EXPECT_FALSE(RtlDeleteElementGenericTableAvl(&t.table, &missing));
  EXPECT_EQ(t.calls.frees, 0);
  EXPECT_TRUE(RtlDeleteElementGenericTableAvl(&t.table, &value));
  EXPECT_FALSE(RtlDeleteElementGenericTableAvl(&t.table, &value));
  EXPECT_EQ(t.calls.frees, 1);
  EXPECT_EQ(t.table.DeleteCount, 1u);
  EXPECT_TRUE(RtlIsGenericTableEmptyAvl(&t.table));
}

// --- AVL: queries and enumeration ---------------------------------------------------------

MISUSE_CASE(RtlGetElementGenericTableAvl, NullTableAndOutOfRange) {
  EXPECT_ONLY_BUGCHECK(RtlGetElementGenericTableAvl(nullptr, 0), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  Avl t;
  EXPECT_EQ(RtlGetElementGenericTableAvl(&t.table, 0), nullptr);
  t.Add(2);
  t.Add(1);
  EXPECT_EQ(*static_cast<int*>(RtlGetElementGenericTableAvl(&t.table, 1)), 2);
  EXPECT_EQ(RtlGetElementGenericTableAvl(&t.table, 2), nullptr);
  EXPECT_EQ(RtlGetElementGenericTableAvl(&t.table, kMaxUlong), nullptr);
}

MISUSE_CASE(RtlNumberGenericTableElementsAvl, NullTableAndAboveDispatch) {
  EXPECT_ONLY_BUGCHECK(RtlNumberGenericTableElementsAvl(nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  Avl t;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlNumberGenericTableElementsAvl(&t.table), 0x0A,
                         {Address(&t.table), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
}

MISUSE_CASE(RtlIsGenericTableEmptyAvl, NullTableAndNeverInitialized) {
  EXPECT_ONLY_BUGCHECK(RtlIsGenericTableEmptyAvl(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
  RTL_AVL_TABLE zeroed = {};
  BOOLEAN empty = FALSE;
  EXPECT_NO_BUGCHECK(empty = RtlIsGenericTableEmptyAvl(&zeroed));
  EXPECT_TRUE(empty);
}

MISUSE_CASE(RtlEnumerateGenericTableAvl, NullTableEmptyAndPastTheEnd) {
  EXPECT_ONLY_BUGCHECK(RtlEnumerateGenericTableAvl(nullptr, TRUE), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  Avl t;
  EXPECT_EQ(RtlEnumerateGenericTableAvl(&t.table, TRUE), nullptr);
  t.Add(1);
  EXPECT_NE(RtlEnumerateGenericTableAvl(&t.table, TRUE), nullptr);
  EXPECT_EQ(RtlEnumerateGenericTableAvl(&t.table, FALSE), nullptr);
  EXPECT_EQ(RtlEnumerateGenericTableAvl(&t.table, FALSE), nullptr);
}

MISUSE_CASE(RtlEnumerateGenericTableWithoutSplayingAvl, NullArgumentsAndPastTheEnd) {
  PVOID key = nullptr;
  EXPECT_ONLY_BUGCHECK(RtlEnumerateGenericTableWithoutSplayingAvl(nullptr, &key), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  Avl t;
  t.Add(1);
  EXPECT_ONLY_BUGCHECK(RtlEnumerateGenericTableWithoutSplayingAvl(&t.table, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_NE(RtlEnumerateGenericTableWithoutSplayingAvl(&t.table, &key), nullptr);
  EXPECT_EQ(RtlEnumerateGenericTableWithoutSplayingAvl(&t.table, &key), nullptr);
}

MISUSE_CASE(RtlLookupFirstMatchingElementGenericTableAvl, NullArgumentsAndNoMatch) {
  int value = 1;
  PVOID key = reinterpret_cast<PVOID>(1);
  EXPECT_ONLY_BUGCHECK(RtlLookupFirstMatchingElementGenericTableAvl(nullptr, &value, &key), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  Avl t;
  t.Add(1);
  EXPECT_ONLY_BUGCHECK(RtlLookupFirstMatchingElementGenericTableAvl(&t.table, nullptr, &key),
                       0x1E, {kAccessViolation, 0, 0, 0});
  EXPECT_ONLY_BUGCHECK(RtlLookupFirstMatchingElementGenericTableAvl(&t.table, &value, nullptr),
                       0x1E, {kAccessViolation, 0, 1, 0});
  int missing = 5;
  EXPECT_EQ(RtlLookupFirstMatchingElementGenericTableAvl(&t.table, &missing, &key), nullptr);
  EXPECT_EQ(key, nullptr);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlLookupFirstMatchingElementGenericTableAvl(&t.table, &value, &key),
                         0x0A, {Address(&t.table), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
}

// --- a table without a FreeRoutine, a compare outside the enumeration ----------------------

MISUSE_CASE(RtlDeleteElementGenericTable, NoFreeRoutine) {
  Splay t;
  t.Add(1);
  t.table.FreeRoutine = nullptr;
  int missing = 2;
  EXPECT_NO_BUGCHECK(EXPECT_FALSE(RtlDeleteElementGenericTable(&t.table, &missing)));
  int value = 1;
  BOOLEAN deleted = TRUE;
  EXPECT_ONLY_BUGCHECK(deleted = RtlDeleteElementGenericTable(&t.table, &value), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_FALSE(deleted);
  // Reported before the element was unlinked: it is still there to delete.
  EXPECT_EQ(RtlNumberGenericTableElements(&t.table), 1u);
  EXPECT_NE(RtlLookupElementGenericTable(&t.table, &value), nullptr);
  t.table.FreeRoutine = FreeNode<RTL_GENERIC_TABLE>;
}

MISUSE_CASE(RtlDeleteElementGenericTableAvl, NoFreeRoutine) {
  Avl t;
  t.Add(1);
  t.Add(2);
  t.table.FreeRoutine = nullptr;
  int value = 1;
  EXPECT_ONLY_BUGCHECK(RtlDeleteElementGenericTableAvl(&t.table, &value), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(RtlNumberGenericTableElementsAvl(&t.table), 2u);
  EXPECT_NE(RtlLookupElementGenericTableAvl(&t.table, &value), nullptr);
  EXPECT_EQ(t.table.DeleteCount, 0u);
  t.table.FreeRoutine = FreeNode<RTL_AVL_TABLE>;
}

RTL_GENERIC_COMPARE_RESULTS NTAPI CompareOutsideTheEnum(PRTL_GENERIC_TABLE, PVOID, PVOID) {
  return static_cast<RTL_GENERIC_COMPARE_RESULTS>(7);
}

MISUSE_CASE(RtlInsertElementGenericTable, CompareOutsideTheEnum) {
  // A value that is neither less nor greater counts as equal.
  Splay t;
  t.Add(1);
  t.table.CompareRoutine = CompareOutsideTheEnum;
  int other = 2;
  BOOLEAN added = TRUE;
  EXPECT_NE(RtlInsertElementGenericTable(&t.table, &other, sizeof(other), &added), nullptr);
  EXPECT_FALSE(added);
  EXPECT_EQ(t.calls.allocations, 1);
  t.table.CompareRoutine = CompareInts<RTL_GENERIC_TABLE>;
}

// --- the remaining routines above DISPATCH_LEVEL ---------------------------------------------

template <typename Call>
void RefusedAboveDispatch(const void* table, Call call) {
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(call(), 0x0A, {Address(table), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
}

MISUSE_CASE(RtlDeleteElementGenericTable, AboveDispatch) {
  Splay t;
  t.Add(1);
  int value = 1;
  RefusedAboveDispatch(&t.table, [&] { RtlDeleteElementGenericTable(&t.table, &value); });
  EXPECT_EQ(t.calls.frees, 0);
}
MISUSE_CASE(RtlGetElementGenericTable, AboveDispatch) {
  Splay t;
  RefusedAboveDispatch(&t.table, [&] { RtlGetElementGenericTable(&t.table, 0); });
}
MISUSE_CASE(RtlIsGenericTableEmpty, AboveDispatch) {
  Splay t;
  RefusedAboveDispatch(&t.table, [&] { RtlIsGenericTableEmpty(&t.table); });
}
MISUSE_CASE(RtlEnumerateGenericTable, AboveDispatch) {
  Splay t;
  RefusedAboveDispatch(&t.table, [&] { RtlEnumerateGenericTable(&t.table, TRUE); });
}
MISUSE_CASE(RtlEnumerateGenericTableWithoutSplaying, AboveDispatch) {
  Splay t;
  PVOID key = nullptr;
  RefusedAboveDispatch(&t.table, [&] { RtlEnumerateGenericTableWithoutSplaying(&t.table, &key); });
}
MISUSE_CASE(RtlDeleteElementGenericTableAvl, AboveDispatch) {
  Avl t;
  t.Add(1);
  int value = 1;
  RefusedAboveDispatch(&t.table, [&] { RtlDeleteElementGenericTableAvl(&t.table, &value); });
  EXPECT_EQ(t.calls.frees, 0);
}
MISUSE_CASE(RtlGetElementGenericTableAvl, AboveDispatch) {
  Avl t;
  RefusedAboveDispatch(&t.table, [&] { RtlGetElementGenericTableAvl(&t.table, 0); });
}
MISUSE_CASE(RtlIsGenericTableEmptyAvl, AboveDispatch) {
  Avl t;
  RefusedAboveDispatch(&t.table, [&] { RtlIsGenericTableEmptyAvl(&t.table); });
}
MISUSE_CASE(RtlEnumerateGenericTableAvl, AboveDispatch) {
  Avl t;
  RefusedAboveDispatch(&t.table, [&] { RtlEnumerateGenericTableAvl(&t.table, TRUE); });
}
MISUSE_CASE(RtlEnumerateGenericTableWithoutSplayingAvl, AboveDispatch) {
  Avl t;
  PVOID key = nullptr;
  RefusedAboveDispatch(&t.table,
                       [&] { RtlEnumerateGenericTableWithoutSplayingAvl(&t.table, &key); });
}

// A paged table at DISPATCH_LEVEL, for a query that touches it.
MISUSE_CASE(RtlLookupElementGenericTableAvl, PagedTableAtDispatch) {
  auto* table = static_cast<PRTL_AVL_TABLE>(
      ExAllocatePool2(POOL_FLAG_PAGED, sizeof(RTL_AVL_TABLE), kTag));
  ASSERT_NE(table, nullptr);
  Calls calls;
  RtlInitializeGenericTableAvl(table, CompareInts<RTL_AVL_TABLE>, AllocateNode<RTL_AVL_TABLE>,
                               FreeNode<RTL_AVL_TABLE>, &calls);
  int value = 1;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlLookupElementGenericTableAvl(table, &value), 0xD1,
                         {Address(table), DISPATCH_LEVEL, 1, 0});
  });
  ExFreePoolWithTag(table, kTag);
}

}  // namespace
}  // namespace misuse
