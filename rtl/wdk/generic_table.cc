// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/wdk/generic_table.cc
// -----------------------------------------------------------------------------
//
// The WDK generic tables (rtl/wdk/rtl_generic_table.h) over the intrusive
// trees of rtl/generic_tree.h. Each element is one block from the driver's
// AllocateRoutine: the table's node header, then the driver's data. The
// driver's routines are called with no library lock held (the table has
// none: callers synchronize, as on Windows).

#include <cstddef>
#include <cstring>

#include "poolsim/irql.h"
#include "rtl/generic_tree.h"
#include "rtl/internal/checks.h"
#include "rtl/wdk/rtl_generic_table.h"

namespace {

using rtl::BalancedLinks;
using rtl::SplayLinks;
using rtl::TreeSearch;
using rtl::rtl_internal::IrqlAtMost;
using rtl::rtl_internal::NotNull;
using rtl::rtl_internal::ResidentAtIrql;


// The splay form's node header: the tree links, then the insertion-order
// list entry; the driver's data follows (40 bytes on x64).
struct SplayNode {
  SplayLinks links;
  LIST_ENTRY order;
};
constexpr size_t kSplayHeader = sizeof(RTL_SPLAY_LINKS) + sizeof(LIST_ENTRY);
static_assert(sizeof(SplayNode) == kSplayHeader, "splay node header layout");
static_assert(sizeof(SplayLinks) == sizeof(RTL_SPLAY_LINKS), "RTL_SPLAY_LINKS layout");

// The AVL form's node header is RTL_BALANCED_LINKS (32 bytes on x64).
constexpr size_t kAvlHeader = sizeof(RTL_BALANCED_LINKS);
static_assert(sizeof(BalancedLinks) == kAvlHeader, "RTL_BALANCED_LINKS layout");
static_assert(offsetof(BalancedLinks, balance) == offsetof(RTL_BALANCED_LINKS, Balance),
              "RTL_BALANCED_LINKS layout");

PVOID Data(SplayLinks* n) { return reinterpret_cast<char*>(n) + kSplayHeader; }
PVOID Data(BalancedLinks* n) { return reinterpret_cast<char*>(n) + kAvlHeader; }
SplayNode* NodeOf(SplayLinks* n) { return reinterpret_cast<SplayNode*>(n); }
SplayLinks* FromOrder(PLIST_ENTRY e) {
  return &reinterpret_cast<SplayNode*>(reinterpret_cast<char*>(e) - offsetof(SplayNode, order))
              ->links;
}

SplayLinks** RootOf(PRTL_GENERIC_TABLE t) {
  return reinterpret_cast<SplayLinks**>(&t->TableRoot);
}
BalancedLinks** RootOf(PRTL_AVL_TABLE t) {
  return reinterpret_cast<BalancedLinks**>(&t->BalancedRoot.RightChild);
}

// Maps the driver's result: GenericLessThan -> before, GenericGreaterThan ->
// after, anything else (GenericEqual, or a value outside the enum) -> match.
int Order(RTL_GENERIC_COMPARE_RESULTS r) {
  if (r == GenericLessThan) return -1;
  if (r == GenericGreaterThan) return 1;
  return 0;
}

// The checks every table call shares: IRQL, the table pointer, the table's
// residency at DISPATCH_LEVEL and its compare routine (NULL: never
// initialized).
template <typename T>
bool TableOk(T* table, bool needs_compare, const char* api) {
  if (!IrqlAtMost(poolsim::kDispatchLevel, table, api) ||
      !NotNull(table, true, api, "Table") ||
      !ResidentAtIrql(table, true, api, "Table")) {
    return false;
  }
  if (needs_compare && !NotNull(reinterpret_cast<const void*>(table->CompareRoutine), false, api,
                                "Table->CompareRoutine (the table was never initialized)")) {
    return false;
  }
  return true;
}

template <typename T, typename L>
TreeSearch Search(T* table, PVOID buffer, L** node) {
  auto compare = [table, buffer](L* n) {
    return Order(table->CompareRoutine(table, buffer, Data(n)));
  };
  return rtl::Find(*RootOf(table), compare, node);
}

// Allocates a node through the driver's routine; null if it fails or the
// size does not fit a CLONG.
template <typename T>
void* AllocateNode(T* table, size_t header, CLONG size, const char* api) {
  if (static_cast<uint64_t>(size) + header > 0xFFFFFFFFull) return nullptr;
  if (!NotNull(reinterpret_cast<const void*>(table->AllocateRoutine), false, api,
               "Table->AllocateRoutine")) {
    return nullptr;
  }
  return table->AllocateRoutine(table, static_cast<CLONG>(header + size));
}

// Checked before a found element is unlinked, so that a table with no
// FreeRoutine keeps the element (the driver's memory) after the report.
template <typename T>
bool FreeRoutinePresent(T* table, const char* api) {
  return NotNull(reinterpret_cast<const void*>(table->FreeRoutine), false, api,
                 "Table->FreeRoutine");
}

template <typename T>
void FreeNode(T* table, void* node, const char* api) {
  if (!NotNull(reinterpret_cast<const void*>(table->FreeRoutine), false, api,
               "Table->FreeRoutine")) {
    return;
  }
  table->FreeRoutine(table, node);
}

TABLE_SEARCH_RESULT ToSearchResult(TreeSearch where) {
  switch (where) {
    case TreeSearch::kEmpty:
      return TableEmptyTree;
    case TreeSearch::kFound:
      return TableFoundNode;
    case TreeSearch::kInsertLeft:
      return TableInsertAsLeft;
    case TreeSearch::kInsertRight:
      return TableInsertAsRight;
  }
  return TableEmptyTree;
}

// The insertion after the search: returns the element's data (new or
// existing) or null when the allocation fails.
PVOID SplayInsertAt(PRTL_GENERIC_TABLE table, PVOID buffer, CLONG size, PBOOLEAN new_element,
                    SplayLinks* at, TreeSearch where, const char* api) {
  if (where == TreeSearch::kFound) {
    rtl::Splay(RootOf(table), at);
    return Data(at);
  }
  auto* node = static_cast<SplayNode*>(AllocateNode(table, kSplayHeader, size, api));
  if (node == nullptr) return nullptr;
  std::memcpy(reinterpret_cast<char*>(node) + kSplayHeader, buffer, size);
  rtl::SplayInsert(RootOf(table), at, where, &node->links);
  PLIST_ENTRY head = &table->InsertOrderList;
  node->order.Flink = head;
  node->order.Blink = head->Blink;
  head->Blink->Flink = &node->order;
  head->Blink = &node->order;
  ++table->NumberGenericTableElements;
  if (new_element != nullptr) *new_element = TRUE;
  return Data(&node->links);
}

PVOID AvlInsertAt(PRTL_AVL_TABLE table, PVOID buffer, CLONG size, PBOOLEAN new_element,
                  BalancedLinks* at, TreeSearch where, const char* api) {
  if (where == TreeSearch::kFound) return Data(at);
  auto* node = static_cast<BalancedLinks*>(AllocateNode(table, kAvlHeader, size, api));
  if (node == nullptr) return nullptr;
  std::memset(node, 0, kAvlHeader);
  std::memcpy(reinterpret_cast<char*>(node) + kAvlHeader, buffer, size);
  rtl::AvlInsert(RootOf(table), at, where, node);
  ++table->NumberGenericTableElements;
  table->DepthOfTree = static_cast<ULONG>(rtl::AvlHeight(*RootOf(table)));
  table->OrderedPointer = nullptr;
  table->WhichOrderedElement = 0;
  if (new_element != nullptr) *new_element = TRUE;
  return Data(node);
}

void AvlDeleteNode(PRTL_AVL_TABLE table, BalancedLinks* at, const char* api) {
  // The table's own enumeration position moves back one element, so an
  // enumeration that deletes what it was given continues with the next.
  if (table->RestartKey == reinterpret_cast<PRTL_BALANCED_LINKS>(at)) {
    table->RestartKey = reinterpret_cast<PRTL_BALANCED_LINKS>(rtl::Predecessor(at));
  }
  rtl::AvlRemove(RootOf(table), at);
  --table->NumberGenericTableElements;
  ++table->DeleteCount;
  table->DepthOfTree = static_cast<ULONG>(rtl::AvlHeight(*RootOf(table)));
  table->OrderedPointer = nullptr;
  table->WhichOrderedElement = 0;
  FreeNode(table, at, api);
}

}  // namespace

extern "C" {

// --- splay form ----------------------------------------------------------------------

VOID NTAPI RtlInitializeGenericTable(PRTL_GENERIC_TABLE Table,
                                     PRTL_GENERIC_COMPARE_ROUTINE CompareRoutine,
                                     PRTL_GENERIC_ALLOCATE_ROUTINE AllocateRoutine,
                                     PRTL_GENERIC_FREE_ROUTINE FreeRoutine, PVOID TableContext) {
  if (!TableOk(Table, false, "RtlInitializeGenericTable")) return;
  Table->TableRoot = nullptr;
  Table->InsertOrderList.Flink = &Table->InsertOrderList;
  Table->InsertOrderList.Blink = &Table->InsertOrderList;
  Table->OrderedPointer = &Table->InsertOrderList;
  Table->WhichOrderedElement = 0;
  Table->NumberGenericTableElements = 0;
  Table->CompareRoutine = CompareRoutine;
  Table->AllocateRoutine = AllocateRoutine;
  Table->FreeRoutine = FreeRoutine;
  Table->TableContext = TableContext;
}

PVOID NTAPI RtlInsertElementGenericTable(PRTL_GENERIC_TABLE Table, PVOID Buffer,
                                         CLONG BufferSize, PBOOLEAN NewElement) {
  static constexpr char kApi[] = "RtlInsertElementGenericTable";
  if (NewElement != nullptr) *NewElement = FALSE;
  if (!TableOk(Table, true, kApi) || !NotNull(Buffer, false, kApi, "Buffer")) {
    return nullptr;
  }
  SplayLinks* at = nullptr;
  const TreeSearch where = Search(Table, Buffer, &at);
  return SplayInsertAt(Table, Buffer, BufferSize, NewElement, at, where, kApi);
}

PVOID NTAPI RtlLookupElementGenericTableFull(PRTL_GENERIC_TABLE Table, PVOID Buffer,
                                             PVOID* NodeOrParent,
                                             TABLE_SEARCH_RESULT* SearchResult) {
  static constexpr char kApi[] = "RtlLookupElementGenericTableFull";
  if (!TableOk(Table, true, kApi) || !NotNull(Buffer, false, kApi, "Buffer") ||
      !NotNull(NodeOrParent, true, kApi, "NodeOrParent") ||
      !NotNull(SearchResult, true, kApi, "SearchResult")) {
    return nullptr;
  }
  SplayLinks* at = nullptr;
  const TreeSearch where = Search(Table, Buffer, &at);
  *NodeOrParent = at;
  *SearchResult = ToSearchResult(where);
  if (where != TreeSearch::kFound) return nullptr;
  rtl::Splay(RootOf(Table), at);
  return Data(at);
}

PVOID NTAPI RtlInsertElementGenericTableFull(PRTL_GENERIC_TABLE Table, PVOID Buffer,
                                             CLONG BufferSize, PBOOLEAN NewElement,
                                             PVOID NodeOrParent,
                                             TABLE_SEARCH_RESULT SearchResult) {
  static constexpr char kApi[] = "RtlInsertElementGenericTableFull";
  if (NewElement != nullptr) *NewElement = FALSE;
  if (!TableOk(Table, true, kApi) || !NotNull(Buffer, false, kApi, "Buffer")) {
    return nullptr;
  }
  (void)NodeOrParent;  // not trusted: searched again
  (void)SearchResult;
  SplayLinks* at = nullptr;
  const TreeSearch where = Search(Table, Buffer, &at);
  return SplayInsertAt(Table, Buffer, BufferSize, NewElement, at, where, kApi);
}

PVOID NTAPI RtlLookupElementGenericTable(PRTL_GENERIC_TABLE Table, PVOID Buffer) {
  static constexpr char kApi[] = "RtlLookupElementGenericTable";
  if (!TableOk(Table, true, kApi) || !NotNull(Buffer, false, kApi, "Buffer")) {
    return nullptr;
  }
  SplayLinks* at = nullptr;
  if (Search(Table, Buffer, &at) != TreeSearch::kFound) return nullptr;
  rtl::Splay(RootOf(Table), at);
  return Data(at);
}

BOOLEAN NTAPI RtlDeleteElementGenericTable(PRTL_GENERIC_TABLE Table, PVOID Buffer) {
  static constexpr char kApi[] = "RtlDeleteElementGenericTable";
  if (!TableOk(Table, true, kApi) || !NotNull(Buffer, false, kApi, "Buffer")) {
    return FALSE;
  }
  SplayLinks* at = nullptr;
  if (Search(Table, Buffer, &at) != TreeSearch::kFound) return FALSE;
  if (!FreeRoutinePresent(Table, kApi)) return FALSE;  // the element stays in the table
  rtl::SplayRemove(RootOf(Table), at);
  SplayNode* node = NodeOf(at);
  node->order.Blink->Flink = node->order.Flink;
  node->order.Flink->Blink = node->order.Blink;
  --Table->NumberGenericTableElements;
  Table->OrderedPointer = &Table->InsertOrderList;
  Table->WhichOrderedElement = 0;
  FreeNode(Table, node, kApi);
  return TRUE;
}

PVOID NTAPI RtlGetElementGenericTable(PRTL_GENERIC_TABLE Table, ULONG I) {
  if (!TableOk(Table, false, "RtlGetElementGenericTable")) return nullptr;
  const ULONG count = Table->NumberGenericTableElements;
  if (I >= count) return nullptr;
  // Walk the insertion-order list from its nearer end.
  PLIST_ENTRY head = &Table->InsertOrderList;
  PLIST_ENTRY e;
  if (I < count / 2) {
    e = head->Flink;
    for (ULONG i = 0; i < I; ++i) e = e->Flink;
  } else {
    e = head->Blink;
    for (ULONG i = count - 1; i > I; --i) e = e->Blink;
  }
  return Data(FromOrder(e));
}

ULONG NTAPI RtlNumberGenericTableElements(PRTL_GENERIC_TABLE Table) {
  if (!TableOk(Table, false, "RtlNumberGenericTableElements")) return 0;
  return Table->NumberGenericTableElements;
}

BOOLEAN NTAPI RtlIsGenericTableEmpty(PRTL_GENERIC_TABLE Table) {
  if (!TableOk(Table, false, "RtlIsGenericTableEmpty")) return TRUE;
  return Table->TableRoot == nullptr ? TRUE : FALSE;
}

PVOID NTAPI RtlEnumerateGenericTable(PRTL_GENERIC_TABLE Table, BOOLEAN Restart) {
  if (!TableOk(Table, false, "RtlEnumerateGenericTable")) return nullptr;
  SplayLinks** root = RootOf(Table);
  if (*root == nullptr) return nullptr;
  // Each call leaves the element it returned at the root, so "the next one"
  // is the root's successor.
  SplayLinks* n = Restart ? rtl::Leftmost(*root) : rtl::Successor(*root);
  if (n == nullptr) return nullptr;
  rtl::Splay(root, n);
  return Data(n);
}

PVOID NTAPI RtlEnumerateGenericTableWithoutSplaying(PRTL_GENERIC_TABLE Table,
                                                    PVOID* RestartKey) {
  static constexpr char kApi[] = "RtlEnumerateGenericTableWithoutSplaying";
  if (!TableOk(Table, false, kApi) || !NotNull(RestartKey, true, kApi, "RestartKey")) {
    return nullptr;
  }
  auto* key = static_cast<SplayLinks*>(*RestartKey);
  SplayLinks* n = key == nullptr ? rtl::Leftmost(*RootOf(Table)) : rtl::Successor(key);
  *RestartKey = n;
  return n != nullptr ? Data(n) : nullptr;
}

// --- AVL form -------------------------------------------------------------------------

VOID NTAPI RtlInitializeGenericTableAvl(PRTL_AVL_TABLE Table,
                                        PRTL_AVL_COMPARE_ROUTINE CompareRoutine,
                                        PRTL_AVL_ALLOCATE_ROUTINE AllocateRoutine,
                                        PRTL_AVL_FREE_ROUTINE FreeRoutine, PVOID TableContext) {
  if (!TableOk(Table, false, "RtlInitializeGenericTableAvl")) return;
  std::memset(&Table->BalancedRoot, 0, sizeof(Table->BalancedRoot));
  Table->BalancedRoot.Parent = &Table->BalancedRoot;
  Table->OrderedPointer = nullptr;
  Table->WhichOrderedElement = 0;
  Table->NumberGenericTableElements = 0;
  Table->DepthOfTree = 0;
  Table->RestartKey = nullptr;
  Table->DeleteCount = 0;
  Table->CompareRoutine = CompareRoutine;
  Table->AllocateRoutine = AllocateRoutine;
  Table->FreeRoutine = FreeRoutine;
  Table->TableContext = TableContext;
}

PVOID NTAPI RtlInsertElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                            CLONG BufferSize, PBOOLEAN NewElement) {
  static constexpr char kApi[] = "RtlInsertElementGenericTableAvl";
  if (NewElement != nullptr) *NewElement = FALSE;
  if (!TableOk(Table, true, kApi) || !NotNull(Buffer, false, kApi, "Buffer")) {
    return nullptr;
  }
  BalancedLinks* at = nullptr;
  const TreeSearch where = Search(Table, Buffer, &at);
  return AvlInsertAt(Table, Buffer, BufferSize, NewElement, at, where, kApi);
}

PVOID NTAPI RtlLookupElementGenericTableFullAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                PVOID* NodeOrParent,
                                                TABLE_SEARCH_RESULT* SearchResult) {
  static constexpr char kApi[] = "RtlLookupElementGenericTableFullAvl";
  if (!TableOk(Table, true, kApi) || !NotNull(Buffer, false, kApi, "Buffer") ||
      !NotNull(NodeOrParent, true, kApi, "NodeOrParent") ||
      !NotNull(SearchResult, true, kApi, "SearchResult")) {
    return nullptr;
  }
  BalancedLinks* at = nullptr;
  const TreeSearch where = Search(Table, Buffer, &at);
  *NodeOrParent = at;
  *SearchResult = ToSearchResult(where);
  return where == TreeSearch::kFound ? Data(at) : nullptr;
}

PVOID NTAPI RtlInsertElementGenericTableFullAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                CLONG BufferSize, PBOOLEAN NewElement,
                                                PVOID NodeOrParent,
                                                TABLE_SEARCH_RESULT SearchResult) {
  static constexpr char kApi[] = "RtlInsertElementGenericTableFullAvl";
  if (NewElement != nullptr) *NewElement = FALSE;
  if (!TableOk(Table, true, kApi) || !NotNull(Buffer, false, kApi, "Buffer")) {
    return nullptr;
  }
  (void)NodeOrParent;  // not trusted: searched again
  (void)SearchResult;
  BalancedLinks* at = nullptr;
  const TreeSearch where = Search(Table, Buffer, &at);
  return AvlInsertAt(Table, Buffer, BufferSize, NewElement, at, where, kApi);
}

VOID NTAPI RtlDeleteElementGenericTableAvlEx(PRTL_AVL_TABLE Table, PVOID NodeOrParent) {
  static constexpr char kApi[] = "RtlDeleteElementGenericTableAvlEx";
  if (!TableOk(Table, true, kApi) || !NotNull(NodeOrParent, false, kApi, "NodeOrParent")) {
    return;
  }
  // The node must be in the table: found again by its own data.
  auto* node = static_cast<BalancedLinks*>(NodeOrParent);
  BalancedLinks* at = nullptr;
  if (Search(Table, Data(node), &at) != TreeSearch::kFound || at != node) return;
  AvlDeleteNode(Table, node, kApi);
}

PVOID NTAPI RtlLookupElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer) {
  static constexpr char kApi[] = "RtlLookupElementGenericTableAvl";
  if (!TableOk(Table, true, kApi) || !NotNull(Buffer, false, kApi, "Buffer")) {
    return nullptr;
  }
  BalancedLinks* at = nullptr;
  return Search(Table, Buffer, &at) == TreeSearch::kFound ? Data(at) : nullptr;
}

BOOLEAN NTAPI RtlDeleteElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer) {
  static constexpr char kApi[] = "RtlDeleteElementGenericTableAvl";
  if (!TableOk(Table, true, kApi) || !NotNull(Buffer, false, kApi, "Buffer")) {
    return FALSE;
  }
  BalancedLinks* at = nullptr;
  if (Search(Table, Buffer, &at) != TreeSearch::kFound) return FALSE;
  if (!FreeRoutinePresent(Table, kApi)) return FALSE;  // the element stays in the table
  AvlDeleteNode(Table, at, kApi);
  return TRUE;
}

PVOID NTAPI RtlGetElementGenericTableAvl(PRTL_AVL_TABLE Table, ULONG I) {
  if (!TableOk(Table, false, "RtlGetElementGenericTableAvl")) return nullptr;
  if (I >= Table->NumberGenericTableElements) return nullptr;
  BalancedLinks* n = rtl::Leftmost(*RootOf(Table));
  for (ULONG i = 0; i < I && n != nullptr; ++i) n = rtl::Successor(n);
  return n != nullptr ? Data(n) : nullptr;
}

ULONG NTAPI RtlNumberGenericTableElementsAvl(PRTL_AVL_TABLE Table) {
  if (!TableOk(Table, false, "RtlNumberGenericTableElementsAvl")) return 0;
  return Table->NumberGenericTableElements;
}

BOOLEAN NTAPI RtlIsGenericTableEmptyAvl(PRTL_AVL_TABLE Table) {
  if (!TableOk(Table, false, "RtlIsGenericTableEmptyAvl")) return TRUE;
  return *RootOf(Table) == nullptr ? TRUE : FALSE;
}

PVOID NTAPI RtlEnumerateGenericTableWithoutSplayingAvl(PRTL_AVL_TABLE Table, PVOID* RestartKey) {
  static constexpr char kApi[] = "RtlEnumerateGenericTableWithoutSplayingAvl";
  if (!TableOk(Table, false, kApi) || !NotNull(RestartKey, true, kApi, "RestartKey")) {
    return nullptr;
  }
  auto* key = static_cast<BalancedLinks*>(*RestartKey);
  BalancedLinks* n = key == nullptr ? rtl::Leftmost(*RootOf(Table)) : rtl::Successor(key);
  *RestartKey = n;
  return n != nullptr ? Data(n) : nullptr;
}

PVOID NTAPI RtlEnumerateGenericTableAvl(PRTL_AVL_TABLE Table, BOOLEAN Restart) {
  if (!TableOk(Table, false, "RtlEnumerateGenericTableAvl")) return nullptr;
  if (Restart) Table->RestartKey = nullptr;
  auto* key = reinterpret_cast<BalancedLinks*>(Table->RestartKey);
  BalancedLinks* n = key == nullptr ? rtl::Leftmost(*RootOf(Table)) : rtl::Successor(key);
  if (n == nullptr) return nullptr;  // the end: the position stays on the last element
  Table->RestartKey = reinterpret_cast<PRTL_BALANCED_LINKS>(n);
  return Data(n);
}

PVOID NTAPI RtlLookupFirstMatchingElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                         PVOID* RestartKey) {
  static constexpr char kApi[] = "RtlLookupFirstMatchingElementGenericTableAvl";
  if (!TableOk(Table, true, kApi) || !NotNull(Buffer, false, kApi, "Buffer") ||
      !NotNull(RestartKey, true, kApi, "RestartKey")) {
    return nullptr;
  }
  // The leftmost element that matches: on a match keep looking to the left.
  BalancedLinks* match = nullptr;
  for (BalancedLinks* n = *RootOf(Table); n != nullptr;) {
    const int c = Order(Table->CompareRoutine(Table, Buffer, Data(n)));
    if (c == 0) {
      match = n;
      n = n->left;
    } else {
      n = c < 0 ? n->left : n->right;
    }
  }
  *RestartKey = match;
  return match != nullptr ? Data(match) : nullptr;
}

}  // extern "C"
