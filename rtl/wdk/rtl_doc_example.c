/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: rtl/wdk/rtl_doc_example.c
 * -----------------------------------------------------------------------------
 *
 * The example of docs/rtl.md, between the markers (the page must show
 * exactly the lines between them). */

#include "rtl/wdk/rtl_doc_example.h"

/* docs/rtl.md example begins */
#include <ntifs.h>
#include <ntstrsafe.h>

#define EXAMPLE_TAG 'mxEd'

typedef struct _NAME_RECORD {
  UNICODE_STRING Name; /* upcased, in pool */
  ULONG Hits;
} NAME_RECORD, *PNAME_RECORD;

static RTL_AVL_TABLE g_names;

static RTL_GENERIC_COMPARE_RESULTS NTAPI CompareNames(PRTL_AVL_TABLE Table, PVOID First,
                                                      PVOID Second) {
  LONG order = RtlCompareUnicodeString(&((PNAME_RECORD)First)->Name,
                                       &((PNAME_RECORD)Second)->Name, FALSE);
  UNREFERENCED_PARAMETER(Table);
  return order < 0 ? GenericLessThan : order > 0 ? GenericGreaterThan : GenericEqual;
}

static PVOID NTAPI AllocateRecord(PRTL_AVL_TABLE Table, CLONG ByteSize) {
  UNREFERENCED_PARAMETER(Table);
  return ExAllocatePool2(POOL_FLAG_PAGED, ByteSize, EXAMPLE_TAG);
}

static VOID NTAPI FreeRecord(PRTL_AVL_TABLE Table, PVOID Buffer) {
  UNREFERENCED_PARAMETER(Table);
  ExFreePoolWithTag(Buffer, EXAMPLE_TAG);
}

NTSTATUS ExampleStart(void) {
  RtlInitializeGenericTableAvl(&g_names, CompareNames, AllocateRecord, FreeRecord, NULL);
  return STATUS_SUCCESS;
}

NTSTATUS ExampleRemember(PCUNICODE_STRING Name, ULONG Hits) {
  NAME_RECORD probe;
  PNAME_RECORD record;
  BOOLEAN added;
  NTSTATUS status = RtlUpcaseUnicodeString(&probe.Name, Name, TRUE);
  if (!NT_SUCCESS(status)) return status;
  probe.Hits = Hits;
  record = (PNAME_RECORD)RtlInsertElementGenericTableAvl(&g_names, &probe, sizeof(probe), &added);
  if (record == NULL || !added) {
    RtlFreeUnicodeString(&probe.Name); /* not kept: failed, or already there */
    if (record == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    record->Hits += Hits;
  }
  return STATUS_SUCCESS;
}

ULONG ExampleHits(PCUNICODE_STRING Name) {
  NAME_RECORD probe;
  PNAME_RECORD record;
  ULONG hits = 0;
  if (!NT_SUCCESS(RtlUpcaseUnicodeString(&probe.Name, Name, TRUE))) return 0;
  record = (PNAME_RECORD)RtlLookupElementGenericTableAvl(&g_names, &probe);
  if (record != NULL) hits = record->Hits;
  RtlFreeUnicodeString(&probe.Name);
  return hits;
}

/* "NAME=hits;NAME=hits;" in collation order; STATUS_BUFFER_OVERFLOW if cut. */
NTSTATUS ExampleDescribe(PWSTR Buffer, size_t BufferChars) {
  PNAME_RECORD record;
  NTSTATUS status = RtlStringCchCopyW(Buffer, BufferChars, L"");
  for (record = (PNAME_RECORD)RtlEnumerateGenericTableAvl(&g_names, TRUE);
       record != NULL && NT_SUCCESS(status);
       record = (PNAME_RECORD)RtlEnumerateGenericTableAvl(&g_names, FALSE)) {
    WCHAR item[64];
    status = RtlStringCchPrintfW(item, RTL_NUMBER_OF(item), L"%wZ=%lu;", &record->Name,
                                 record->Hits);
    if (NT_SUCCESS(status)) status = RtlStringCchCatW(Buffer, BufferChars, item);
  }
  return status;
}

VOID ExampleStop(void) {
  PNAME_RECORD record;
  while ((record = (PNAME_RECORD)RtlGetElementGenericTableAvl(&g_names, 0)) != NULL) {
    UNICODE_STRING name = record->Name;
    RtlDeleteElementGenericTableAvl(&g_names, record);
    RtlFreeUnicodeString(&name);
  }
}
/* docs/rtl.md example ends */
