// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the generic tables' Full forms and
// RtlDeleteElementGenericTableAvlEx (rtl/wdk/rtl_generic_table.h): a NULL
// table, buffer, NodeOrParent or SearchResult, a table never initialized, a
// search result that does not match the node (the table searches again), an
// allocation that fails, sizes 0 and max, a node of another table, and the
// IRQL.

#include <cstdint>

#include <ntifs.h>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr ULONG kMaxUlong = 0xFFFFFFFF;

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

struct Calls {
  int allocations = 0;
  int frees = 0;
  bool fail = false;
};

template <typename T>
RTL_GENERIC_COMPARE_RESULTS NTAPI Compare(T*, PVOID first, PVOID second) {
  const int a = *static_cast<int*>(first);
  const int b = *static_cast<int*>(second);
  return a < b ? GenericLessThan : a > b ? GenericGreaterThan : GenericEqual;
}

template <typename T>
PVOID NTAPI Allocate(T* table, CLONG bytes) {
  Calls* calls = static_cast<Calls*>(table->TableContext);
  ++calls->allocations;
  return calls->fail ? nullptr : ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, kTag);
}

template <typename T>
VOID NTAPI Free(T* table, PVOID buffer) {
  ++static_cast<Calls*>(table->TableContext)->frees;
  ExFreePoolWithTag(buffer, kTag);
}

// A splay or AVL table of ints through the Full forms, emptied at the end.
struct SplayForm {
  using Table = RTL_GENERIC_TABLE;
  static void Init(Table* t, Calls* c) {
    RtlInitializeGenericTable(t, Compare<Table>, Allocate<Table>, Free<Table>, c);
  }
  static PVOID Lookup(Table* t, PVOID b, PVOID* n, TABLE_SEARCH_RESULT* r) {
    return RtlLookupElementGenericTableFull(t, b, n, r);
  }
  static PVOID Insert(Table* t, PVOID b, CLONG s, PBOOLEAN e, PVOID n, TABLE_SEARCH_RESULT r) {
    return RtlInsertElementGenericTableFull(t, b, s, e, n, r);
  }
  static PVOID Get(Table* t, ULONG i) { return RtlGetElementGenericTable(t, i); }
  static void Delete(Table* t, PVOID b) { RtlDeleteElementGenericTable(t, b); }
  static ULONG Count(Table* t) { return RtlNumberGenericTableElements(t); }
};

struct AvlForm {
  using Table = RTL_AVL_TABLE;
  static void Init(Table* t, Calls* c) {
    RtlInitializeGenericTableAvl(t, Compare<Table>, Allocate<Table>, Free<Table>, c);
  }
  static PVOID Lookup(Table* t, PVOID b, PVOID* n, TABLE_SEARCH_RESULT* r) {
    return RtlLookupElementGenericTableFullAvl(t, b, n, r);
  }
  static PVOID Insert(Table* t, PVOID b, CLONG s, PBOOLEAN e, PVOID n, TABLE_SEARCH_RESULT r) {
    return RtlInsertElementGenericTableFullAvl(t, b, s, e, n, r);
  }
  static PVOID Get(Table* t, ULONG i) { return RtlGetElementGenericTableAvl(t, i); }
  static void Delete(Table* t, PVOID b) { RtlDeleteElementGenericTableAvl(t, b); }
  static ULONG Count(Table* t) { return RtlNumberGenericTableElementsAvl(t); }
};

template <typename Form>
struct Ints {
  typename Form::Table table;
  Calls calls;
  Ints() { Form::Init(&table, &calls); }
  ~Ints() {
    calls.fail = false;
    while (PVOID e = Form::Get(&table, 0)) Form::Delete(&table, e);
  }
  void Add(int value) {
    PVOID node = nullptr;
    TABLE_SEARCH_RESULT where = TableEmptyTree;
    Form::Lookup(&table, &value, &node, &where);
    EXPECT_NE(Form::Insert(&table, &value, sizeof(value), nullptr, node, where), nullptr);
  }
  // The elements in collation order, as one number (digits of single-digit keys).
  int Keys() {
    int keys = 0;
    for (int v = 0; v < 10; ++v) {
      PVOID node = nullptr;
      TABLE_SEARCH_RESULT where = TableEmptyTree;
      if (Form::Lookup(&table, &v, &node, &where) != nullptr) keys = keys * 10 + v;
    }
    return keys;
  }
};

// --- lookup ------------------------------------------------------------------------

template <typename Form>
void LookupRow() {
  int key = 5;
  PVOID node = reinterpret_cast<PVOID>(1);
  TABLE_SEARCH_RESULT where = TableInsertAsLeft;
  EXPECT_ONLY_BUGCHECK(Form::Lookup(nullptr, &key, &node, &where), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  typename Form::Table zeroed = {};
  EXPECT_ONLY_BUGCHECK(Form::Lookup(&zeroed, &key, &node, &where), 0x1E, {kAccessViolation, 0});
  Ints<Form> t;
  PVOID result = reinterpret_cast<PVOID>(1);
  EXPECT_ONLY_BUGCHECK(result = Form::Lookup(&t.table, nullptr, &node, &where), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(result, nullptr);
  EXPECT_ONLY_BUGCHECK(result = Form::Lookup(&t.table, &key, nullptr, &where), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(result, nullptr);
  EXPECT_ONLY_BUGCHECK(result = Form::Lookup(&t.table, &key, &node, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(result, nullptr);
  EXPECT_EQ(where, TableInsertAsLeft);  // untouched by the refused calls
  // Empty, missing (where it would go) and found.
  EXPECT_EQ(Form::Lookup(&t.table, &key, &node, &where), nullptr);
  EXPECT_EQ(where, TableEmptyTree);
  t.Add(3);
  EXPECT_EQ(Form::Lookup(&t.table, &key, &node, &where), nullptr);
  EXPECT_EQ(where, TableInsertAsRight);
  EXPECT_NE(node, nullptr);
  int low = 1;
  EXPECT_EQ(Form::Lookup(&t.table, &low, &node, &where), nullptr);
  EXPECT_EQ(where, TableInsertAsLeft);
  int three = 3;
  PVOID found = Form::Lookup(&t.table, &three, &node, &where);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*static_cast<int*>(found), 3);
  EXPECT_EQ(where, TableFoundNode);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(Form::Lookup(&t.table, &three, &node, &where), 0x0A,
                         {Address(&t.table), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
}

MISUSE_CASE(RtlLookupElementGenericTableFull, NullArgumentsNeverInitializedAndIrql) {
  LookupRow<SplayForm>();
}
MISUSE_CASE(RtlLookupElementGenericTableFullAvl, NullArgumentsNeverInitializedAndIrql) {
  LookupRow<AvlForm>();
}

// --- insert ------------------------------------------------------------------------

template <typename Form>
void InsertNullsSizesAndIrql() {
  int key = 5;
  BOOLEAN added = TRUE;
  EXPECT_ONLY_BUGCHECK(
      Form::Insert(nullptr, &key, sizeof(key), &added, nullptr, TableEmptyTree), 0x1E,
      {kAccessViolation, 0, 1, 0});
  EXPECT_FALSE(added);
  Ints<Form> t;
  added = TRUE;
  EXPECT_ONLY_BUGCHECK(
      Form::Insert(&t.table, nullptr, sizeof(key), &added, nullptr, TableEmptyTree), 0x1E,
      {kAccessViolation, 0, 0, 0});
  EXPECT_FALSE(added);
  // Size max: refused before the allocate routine; an allocation that fails.
  EXPECT_EQ(Form::Insert(&t.table, &key, kMaxUlong, &added, nullptr, TableEmptyTree), nullptr);
  EXPECT_EQ(t.calls.allocations, 0);
  t.calls.fail = true;
  EXPECT_NO_BUGCHECK(
      EXPECT_EQ(Form::Insert(&t.table, &key, sizeof(key), &added, nullptr, TableEmptyTree),
                nullptr));
  EXPECT_FALSE(added);
  EXPECT_EQ(t.calls.allocations, 1);
  t.calls.fail = false;
  EXPECT_EQ(Form::Count(&t.table), 0u);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(
        Form::Insert(&t.table, &key, sizeof(key), &added, nullptr, TableEmptyTree), 0x0A,
        {Address(&t.table), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
  EXPECT_EQ(t.calls.allocations, 1);
  // Never initialized.
  typename Form::Table zeroed = {};
  EXPECT_ONLY_BUGCHECK(
      Form::Insert(&zeroed, &key, sizeof(key), nullptr, nullptr, TableEmptyTree), 0x1E,
      {kAccessViolation, 0});
}

// The hint is not trusted (docs/rtl.md): a result that does not match the
// node, a NULL node, a second insertion of a key and an undefined
// TABLE_SEARCH_RESULT all insert where a fresh lookup says.
template <typename Form>
void InsertWithStaleHints() {
  Ints<Form> t;
  t.Add(2);
  t.Add(8);
  int five = 5;
  PVOID node = nullptr;
  TABLE_SEARCH_RESULT where = TableEmptyTree;
  EXPECT_EQ(Form::Lookup(&t.table, &five, &node, &where), nullptr);
  // The lookup's hint for 5, used for 9 (it belongs elsewhere).
  int nine = 9;
  BOOLEAN added = FALSE;
  EXPECT_NO_BUGCHECK(Form::Insert(&t.table, &nine, sizeof(nine), &added, node, where));
  EXPECT_TRUE(added);
  // A NULL node with a found result, and an undefined result.
  int one = 1;
  EXPECT_NO_BUGCHECK(Form::Insert(&t.table, &one, sizeof(one), &added, nullptr, TableFoundNode));
  EXPECT_TRUE(added);
  EXPECT_NO_BUGCHECK(Form::Insert(&t.table, &five, sizeof(five), &added, node,
                                  static_cast<TABLE_SEARCH_RESULT>(7)));
  EXPECT_TRUE(added);
  // A key already there, with an insertion hint: the element there, not a second.
  int eight = 8;
  PVOID existing = Form::Lookup(&t.table, &eight, &node, &where);
  ASSERT_NE(existing, nullptr);
  EXPECT_EQ(Form::Insert(&t.table, &eight, sizeof(eight), &added, nullptr, TableInsertAsLeft),
            existing);
  EXPECT_FALSE(added);
  EXPECT_EQ(Form::Count(&t.table), 5u);
  EXPECT_EQ(t.Keys(), 12589);
  EXPECT_EQ(t.calls.allocations, 5);
}

MISUSE_CASE(RtlInsertElementGenericTableFull, NullArgumentsSizesAllocateFailsAndIrql) {
  InsertNullsSizesAndIrql<SplayForm>();
}
MISUSE_CASE(RtlInsertElementGenericTableFull, SearchResultNotMatchingTheNode) {
  InsertWithStaleHints<SplayForm>();
}
MISUSE_CASE(RtlInsertElementGenericTableFullAvl, NullArgumentsSizesAllocateFailsAndIrql) {
  InsertNullsSizesAndIrql<AvlForm>();
}
MISUSE_CASE(RtlInsertElementGenericTableFullAvl, SearchResultNotMatchingTheNode) {
  InsertWithStaleHints<AvlForm>();
  Ints<AvlForm> t;
  for (int v : {1, 2, 3, 4, 5, 6, 7}) {
    int key = v;
    // Always the same wrong hint: the tree still balances.
    EXPECT_NE(AvlForm::Insert(&t.table, &key, sizeof(key), nullptr, nullptr, TableInsertAsLeft),
              nullptr);
  }
  EXPECT_EQ(t.table.DepthOfTree, 3u);
}

// --- RtlDeleteElementGenericTableAvlEx ------------------------------------------------

MISUSE_CASE(RtlDeleteElementGenericTableAvlEx, NullForeignNodeAndIrql) {
  Ints<AvlForm> t;
  t.Add(1);
  t.Add(2);
  int one = 1;
  PVOID node = nullptr;
  TABLE_SEARCH_RESULT where = TableEmptyTree;
  ASSERT_NE(AvlForm::Lookup(&t.table, &one, &node, &where), nullptr);
  ASSERT_EQ(where, TableFoundNode);
  EXPECT_ONLY_BUGCHECK(RtlDeleteElementGenericTableAvlEx(nullptr, node), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_ONLY_BUGCHECK(RtlDeleteElementGenericTableAvlEx(&t.table, nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  RTL_AVL_TABLE zeroed = {};
  EXPECT_ONLY_BUGCHECK(RtlDeleteElementGenericTableAvlEx(&zeroed, node), 0x1E,
                       {kAccessViolation, 0});
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlDeleteElementGenericTableAvlEx(&t.table, node), 0x0A,
                         {Address(&t.table), HIGH_LEVEL, DISPATCH_LEVEL, 0});
  });
  EXPECT_EQ(AvlForm::Count(&t.table), 2u);
  // Nodes of another table, with an equal key and with a key not here: left alone.
  Ints<AvlForm> other;
  other.Add(1);
  other.Add(5);
  for (int v : {1, 5}) {
    PVOID foreign = nullptr;
    ASSERT_NE(AvlForm::Lookup(&other.table, &v, &foreign, &where), nullptr);
    EXPECT_NO_BUGCHECK(RtlDeleteElementGenericTableAvlEx(&t.table, foreign));
  }
  EXPECT_EQ(AvlForm::Count(&t.table), 2u);
  EXPECT_EQ(AvlForm::Count(&other.table), 2u);
  EXPECT_EQ(t.calls.frees + other.calls.frees, 0);
  // A search result that is not TableFoundNode: the parent it names is a
  // node of the table, and it is deleted (the routine takes a node).
  int three = 3;
  PVOID parent = nullptr;
  EXPECT_EQ(AvlForm::Lookup(&t.table, &three, &parent, &where), nullptr);
  EXPECT_NE(where, TableFoundNode);
  EXPECT_NO_BUGCHECK(RtlDeleteElementGenericTableAvlEx(&t.table, parent));
  EXPECT_EQ(AvlForm::Count(&t.table), 1u);
  EXPECT_EQ(t.calls.frees, 1);
  // The found node: deleted, freed once.
  ASSERT_NE(AvlForm::Lookup(&t.table, &one, &node, &where), nullptr);
  EXPECT_NO_BUGCHECK(RtlDeleteElementGenericTableAvlEx(&t.table, node));
  EXPECT_EQ(AvlForm::Count(&t.table), 0u);
  EXPECT_EQ(t.calls.frees, 2);
  EXPECT_EQ(t.table.DeleteCount, 2u);
}

}  // namespace
}  // namespace misuse
