/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * The run-time library's part of the declarations filters use (spec
 * section 3): counted-string initializers, RTL_NUMBER_OF / ARRAYSIZE,
 * LIST_ENTRY and its functions, and the generic tables with their routine
 * types, used from C the way driver sources use them. Built with the same
 * flags as declarations_c.c. */

#include <fltKernel.h>
#include <ntstrsafe.h>

#include "tests/declarations/declarations_c.h"

typedef struct _DECLS_ENTRY {
  LIST_ENTRY Link;
  ULONG Key;
} DECLS_ENTRY, *PDECLS_ENTRY;

static RTL_GENERIC_COMPARE_ROUTINE CompareKeys;
static RTL_GENERIC_ALLOCATE_ROUTINE AllocateNode;
static RTL_GENERIC_FREE_ROUTINE FreeNode;
static RTL_AVL_COMPARE_ROUTINE CompareKeysAvl;
static RTL_AVL_ALLOCATE_ROUTINE AllocateNodeAvl;
static RTL_AVL_FREE_ROUTINE FreeNodeAvl;

static RTL_GENERIC_COMPARE_RESULTS NTAPI CompareKeys(PRTL_GENERIC_TABLE Table, PVOID First,
                                                     PVOID Second) {
  const ULONG a = *(const ULONG*)First, b = *(const ULONG*)Second;
  UNREFERENCED_PARAMETER(Table);
  return a < b ? GenericLessThan : a > b ? GenericGreaterThan : GenericEqual;
}
static PVOID NTAPI AllocateNode(PRTL_GENERIC_TABLE Table, CLONG ByteSize) {
  UNREFERENCED_PARAMETER(Table);
  return ExAllocatePool2(POOL_FLAG_PAGED, ByteSize, 'lcDR');
}
static VOID NTAPI FreeNode(PRTL_GENERIC_TABLE Table, PVOID Buffer) {
  UNREFERENCED_PARAMETER(Table);
  ExFreePoolWithTag(Buffer, 'lcDR');
}
static RTL_GENERIC_COMPARE_RESULTS NTAPI CompareKeysAvl(PRTL_AVL_TABLE Table, PVOID First,
                                                        PVOID Second) {
  UNREFERENCED_PARAMETER(Table);
  return CompareKeys(NULL, First, Second);
}
static PVOID NTAPI AllocateNodeAvl(PRTL_AVL_TABLE Table, CLONG ByteSize) {
  UNREFERENCED_PARAMETER(Table);
  return ExAllocatePool2(POOL_FLAG_PAGED, ByteSize, 'lcDR');
}
static VOID NTAPI FreeNodeAvl(PRTL_AVL_TABLE Table, PVOID Buffer) {
  UNREFERENCED_PARAMETER(Table);
  ExFreePoolWithTag(Buffer, 'lcDR');
}

static const UNICODE_STRING kConstant = RTL_CONSTANT_STRING(L"\\Device\\X");
DECLARE_CONST_UNICODE_STRING(kDeclared, L"declared");

int DeclarationsCheckRtlC(void) {
  int failures = 0;
  WCHAR buffer[32];
  UNICODE_STRING copy;
  DECLS_ENTRY entries[3];
  LIST_ENTRY head;
  PLIST_ENTRY first;
  RTL_GENERIC_TABLE table;
  RTL_AVL_TABLE avl;
  TABLE_SEARCH_RESULT search = TableEmptyTree;
  ULONG key = 7;
  ULONG i;
  BOOLEAN inserted = FALSE;
  PVOID node = NULL;

  failures += kConstant.Length != 9 * sizeof(WCHAR);
  failures += kConstant.MaximumLength != 10 * sizeof(WCHAR);
  failures += kDeclared.Length != 8 * sizeof(WCHAR);
  failures += RTL_NUMBER_OF(buffer) != 32;
  failures += ARRAYSIZE(entries) != 3;
  RtlInitEmptyUnicodeString(&copy, buffer, sizeof(buffer));
  failures += !NT_SUCCESS(RtlUnicodeStringCopy(&copy, &kConstant));
  failures += !RtlEqualUnicodeString(&copy, &kConstant, FALSE);

  InitializeListHead(&head);
  failures += !IsListEmpty(&head);
  for (i = 0; i < ARRAYSIZE(entries); ++i) {
    entries[i].Key = i;
    InsertTailList(&head, &entries[i].Link);
  }
  first = RemoveHeadList(&head);
  failures += CONTAINING_RECORD(first, DECLS_ENTRY, Link)->Key != 0;
  failures += RemoveEntryList(&entries[2].Link) != FALSE;

  RtlInitializeGenericTable(&table, CompareKeys, AllocateNode, FreeNode, NULL);
  node = RtlInsertElementGenericTable(&table, &key, sizeof(key), &inserted);
  failures += node == NULL || !inserted;
  failures += RtlNumberGenericTableElements(&table) != 1;
  failures += RtlDeleteElementGenericTable(&table, &key) != TRUE;
  failures += !RtlIsGenericTableEmpty(&table);

  RtlInitializeGenericTableAvl(&avl, CompareKeysAvl, AllocateNodeAvl, FreeNodeAvl, NULL);
  failures += RtlLookupElementGenericTableFullAvl(&avl, &key, &node, &search) != NULL;
  failures += search != TableEmptyTree;
  node = RtlInsertElementGenericTableAvl(&avl, &key, sizeof(key), &inserted);
  failures += node == NULL || !inserted;
  failures += RtlDeleteElementGenericTableAvl(&avl, &key) != TRUE;
  failures += !RtlIsGenericTableEmptyAvl(&avl);
  return failures;
}
