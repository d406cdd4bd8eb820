/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: rtl/wdk/rtl_generic_table.h
 * -----------------------------------------------------------------------------
 *
 * The WDK's generic tables: the splay-tree form (RTL_GENERIC_TABLE,
 * Rtl...GenericTable) and the AVL-tree form (RTL_AVL_TABLE,
 * Rtl...GenericTableAvl). C11 and C++.
 *
 * As on Windows, the table calls the driver's routines: CompareRoutine(Table,
 * First, Second) with First the caller's buffer (the key searched for or the
 * element being inserted) and Second an element in the table;
 * AllocateRoutine(Table, ByteSize) once per new element, where ByteSize is the
 * table's node header plus the element's size: sizeof(RTL_SPLAY_LINKS) +
 * sizeof(LIST_ENTRY) = 40 bytes for the splay form, sizeof(RTL_BALANCED_LINKS)
 * = 32 bytes for the AVL form, the element's data following the header; and
 * FreeRoutine(Table, Buffer) with the pointer AllocateRoutine returned. The
 * nodes are the driver's memory, so a node never freed appears in the leak
 * report under the driver's own tag. Element data pointers the routines
 * return point just after the header.
 *
 * IRQL: <= DISPATCH_LEVEL for a table whose memory is resident (a table in
 * paged pool used at DISPATCH_LEVEL bug-checks 0xD1). A NULL table, or a
 * table whose CompareRoutine is NULL (never initialized), is the access
 * violation of poolsim/pointer_check.h. The caller synchronizes access, as on
 * Windows. */

#ifndef RTL_WDK_RTL_GENERIC_TABLE_H_
#define RTL_WDK_RTL_GENERIC_TABLE_H_

#include "poolsim/wdk/ntdef.h"

POOLSIM_BEGIN_EXTERN_C

#ifndef FLTCTX_RTL_GENERIC_TABLE_DEFINED
#define FLTCTX_RTL_GENERIC_TABLE_DEFINED

#ifndef FLTCTX_CLONG_DEFINED
#define FLTCTX_CLONG_DEFINED
typedef ULONG CLONG;
#endif

typedef struct _RTL_SPLAY_LINKS {
  struct _RTL_SPLAY_LINKS* Parent;
  struct _RTL_SPLAY_LINKS* LeftChild;
  struct _RTL_SPLAY_LINKS* RightChild;
} RTL_SPLAY_LINKS, *PRTL_SPLAY_LINKS;

typedef struct _RTL_BALANCED_LINKS {
  struct _RTL_BALANCED_LINKS* Parent;
  struct _RTL_BALANCED_LINKS* LeftChild;
  struct _RTL_BALANCED_LINKS* RightChild;
  CHAR Balance;
  UCHAR Reserved[3];
} RTL_BALANCED_LINKS, *PRTL_BALANCED_LINKS;

typedef enum _RTL_GENERIC_COMPARE_RESULTS {
  GenericLessThan,
  GenericGreaterThan,
  GenericEqual
} RTL_GENERIC_COMPARE_RESULTS;

typedef enum _TABLE_SEARCH_RESULT {
  TableEmptyTree,
  TableFoundNode,
  TableInsertAsLeft,
  TableInsertAsRight
} TABLE_SEARCH_RESULT;

struct _RTL_GENERIC_TABLE;
typedef RTL_GENERIC_COMPARE_RESULTS NTAPI RTL_GENERIC_COMPARE_ROUTINE(
    struct _RTL_GENERIC_TABLE* Table, PVOID FirstStruct, PVOID SecondStruct);
typedef RTL_GENERIC_COMPARE_ROUTINE* PRTL_GENERIC_COMPARE_ROUTINE;
typedef PVOID NTAPI RTL_GENERIC_ALLOCATE_ROUTINE(struct _RTL_GENERIC_TABLE* Table,
                                                 CLONG ByteSize);
typedef RTL_GENERIC_ALLOCATE_ROUTINE* PRTL_GENERIC_ALLOCATE_ROUTINE;
typedef VOID NTAPI RTL_GENERIC_FREE_ROUTINE(struct _RTL_GENERIC_TABLE* Table, PVOID Buffer);
typedef RTL_GENERIC_FREE_ROUTINE* PRTL_GENERIC_FREE_ROUTINE;

typedef struct _RTL_GENERIC_TABLE {
  PRTL_SPLAY_LINKS TableRoot;
  LIST_ENTRY InsertOrderList;
  PLIST_ENTRY OrderedPointer;
  ULONG WhichOrderedElement;
  ULONG NumberGenericTableElements;
  PRTL_GENERIC_COMPARE_ROUTINE CompareRoutine;
  PRTL_GENERIC_ALLOCATE_ROUTINE AllocateRoutine;
  PRTL_GENERIC_FREE_ROUTINE FreeRoutine;
  PVOID TableContext;
} RTL_GENERIC_TABLE, *PRTL_GENERIC_TABLE;

struct _RTL_AVL_TABLE;
typedef RTL_GENERIC_COMPARE_RESULTS NTAPI RTL_AVL_COMPARE_ROUTINE(struct _RTL_AVL_TABLE* Table,
                                                                  PVOID FirstStruct,
                                                                  PVOID SecondStruct);
typedef RTL_AVL_COMPARE_ROUTINE* PRTL_AVL_COMPARE_ROUTINE;
typedef PVOID NTAPI RTL_AVL_ALLOCATE_ROUTINE(struct _RTL_AVL_TABLE* Table, CLONG ByteSize);
typedef RTL_AVL_ALLOCATE_ROUTINE* PRTL_AVL_ALLOCATE_ROUTINE;
typedef VOID NTAPI RTL_AVL_FREE_ROUTINE(struct _RTL_AVL_TABLE* Table, PVOID Buffer);
typedef RTL_AVL_FREE_ROUTINE* PRTL_AVL_FREE_ROUTINE;

typedef struct _RTL_AVL_TABLE {
  RTL_BALANCED_LINKS BalancedRoot; /* BalancedRoot.RightChild is the tree's root */
  PVOID OrderedPointer;
  ULONG WhichOrderedElement;
  ULONG NumberGenericTableElements;
  ULONG DepthOfTree;
  PRTL_BALANCED_LINKS RestartKey;
  ULONG DeleteCount;
  PRTL_AVL_COMPARE_ROUTINE CompareRoutine;
  PRTL_AVL_ALLOCATE_ROUTINE AllocateRoutine;
  PRTL_AVL_FREE_ROUTINE FreeRoutine;
  PVOID TableContext;
} RTL_AVL_TABLE, *PRTL_AVL_TABLE;

#endif /* FLTCTX_RTL_GENERIC_TABLE_DEFINED */

/* --- Splay form --------------------------------------------------------------- */

NTSYSAPI VOID NTAPI RtlInitializeGenericTable(PRTL_GENERIC_TABLE Table,
                                              PRTL_GENERIC_COMPARE_ROUTINE CompareRoutine,
                                              PRTL_GENERIC_ALLOCATE_ROUTINE AllocateRoutine,
                                              PRTL_GENERIC_FREE_ROUTINE FreeRoutine,
                                              PVOID TableContext);
/* Returns the new element's data (a copy of BufferSize bytes of Buffer), the
 * existing element's data when one compares equal (*NewElement FALSE, no
 * allocation), or NULL when AllocateRoutine fails. */
NTSYSAPI PVOID NTAPI RtlInsertElementGenericTable(PRTL_GENERIC_TABLE Table, PVOID Buffer,
                                                  CLONG BufferSize, PBOOLEAN NewElement);
/* Returns the matching element's data or NULL; a match is splayed to the root. */
NTSYSAPI PVOID NTAPI RtlLookupElementGenericTable(PRTL_GENERIC_TABLE Table, PVOID Buffer);
/* Returns TRUE if a matching element was found, removed and freed. */
NTSYSAPI BOOLEAN NTAPI RtlDeleteElementGenericTable(PRTL_GENERIC_TABLE Table, PVOID Buffer);
/* Returns the I'th element in insertion order (0-based) or NULL. */
NTSYSAPI PVOID NTAPI RtlGetElementGenericTable(PRTL_GENERIC_TABLE Table, ULONG I);
NTSYSAPI ULONG NTAPI RtlNumberGenericTableElements(PRTL_GENERIC_TABLE Table);
NTSYSAPI BOOLEAN NTAPI RtlIsGenericTableEmpty(PRTL_GENERIC_TABLE Table);
/* Collation order. Restart TRUE returns the first element; each call splays
 * the element it returns to the root and the next call (Restart FALSE)
 * returns the root's successor, so a lookup or insertion between calls moves
 * the enumeration, as on Windows. NULL at the end. */
NTSYSAPI PVOID NTAPI RtlEnumerateGenericTable(PRTL_GENERIC_TABLE Table, BOOLEAN Restart);
/* Collation order without restructuring: *RestartKey NULL starts at the
 * first element; each call stores the position for the next. */
NTSYSAPI PVOID NTAPI RtlEnumerateGenericTableWithoutSplaying(PRTL_GENERIC_TABLE Table,
                                                             PVOID* RestartKey);

/* The two halves of an insertion: the lookup also reports where the element
 * is (TableFoundNode, *NodeOrParent the node) or would go (TableEmptyTree,
 * TableInsertAsLeft / TableInsertAsRight of *NodeOrParent); the insertion
 * takes that result. The hint is not trusted: the table searches again, so a
 * stale hint inserts where a fresh one would (docs/rtl.md). */
NTSYSAPI PVOID NTAPI RtlLookupElementGenericTableFull(PRTL_GENERIC_TABLE Table, PVOID Buffer,
                                                      PVOID* NodeOrParent,
                                                      TABLE_SEARCH_RESULT* SearchResult);
NTSYSAPI PVOID NTAPI RtlInsertElementGenericTableFull(PRTL_GENERIC_TABLE Table, PVOID Buffer,
                                                      CLONG BufferSize, PBOOLEAN NewElement,
                                                      PVOID NodeOrParent,
                                                      TABLE_SEARCH_RESULT SearchResult);

/* --- AVL form -------------------------------------------------------------------- */

NTSYSAPI VOID NTAPI RtlInitializeGenericTableAvl(PRTL_AVL_TABLE Table,
                                                 PRTL_AVL_COMPARE_ROUTINE CompareRoutine,
                                                 PRTL_AVL_ALLOCATE_ROUTINE AllocateRoutine,
                                                 PRTL_AVL_FREE_ROUTINE FreeRoutine,
                                                 PVOID TableContext);
NTSYSAPI PVOID NTAPI RtlInsertElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                     CLONG BufferSize, PBOOLEAN NewElement);
NTSYSAPI PVOID NTAPI RtlLookupElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer);
NTSYSAPI BOOLEAN NTAPI RtlDeleteElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer);
/* Returns the I'th element in collation order (0-based) or NULL. */
NTSYSAPI PVOID NTAPI RtlGetElementGenericTableAvl(PRTL_AVL_TABLE Table, ULONG I);
NTSYSAPI ULONG NTAPI RtlNumberGenericTableElementsAvl(PRTL_AVL_TABLE Table);
NTSYSAPI BOOLEAN NTAPI RtlIsGenericTableEmptyAvl(PRTL_AVL_TABLE Table);
/* Collation order; Restart TRUE starts over. The position is kept in
 * Table->RestartKey (the tree is not restructured). */
NTSYSAPI PVOID NTAPI RtlEnumerateGenericTableAvl(PRTL_AVL_TABLE Table, BOOLEAN Restart);
NTSYSAPI PVOID NTAPI RtlEnumerateGenericTableWithoutSplayingAvl(PRTL_AVL_TABLE Table,
                                                                PVOID* RestartKey);
NTSYSAPI PVOID NTAPI RtlLookupElementGenericTableFullAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                         PVOID* NodeOrParent,
                                                         TABLE_SEARCH_RESULT* SearchResult);
NTSYSAPI PVOID NTAPI RtlInsertElementGenericTableFullAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                         CLONG BufferSize, PBOOLEAN NewElement,
                                                         PVOID NodeOrParent,
                                                         TABLE_SEARCH_RESULT SearchResult);
/* Deletes the element whose node RtlLookupElementGenericTableFullAvl found
 * (NodeOrParent with TableFoundNode). A node that is not in the table is
 * left alone (docs/rtl.md). */
NTSYSAPI VOID NTAPI RtlDeleteElementGenericTableAvlEx(PRTL_AVL_TABLE Table, PVOID NodeOrParent);

/* Returns the first element (in collation order) that compares equal to
 * Buffer and stores its position in *RestartKey for
 * RtlEnumerateGenericTableWithoutSplayingAvl, or NULL (*RestartKey NULL). */
NTSYSAPI PVOID NTAPI RtlLookupFirstMatchingElementGenericTableAvl(PRTL_AVL_TABLE Table,
                                                                  PVOID Buffer,
                                                                  PVOID* RestartKey);

POOLSIM_END_EXTERN_C

#endif /* RTL_WDK_RTL_GENERIC_TABLE_H_ */
