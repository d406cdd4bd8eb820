/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: rtl/wdk/rtl_c_sample.c
 * -----------------------------------------------------------------------------
 *
 * A C driver's use of the Rtl surface, written as driver sources are. */

#include "rtl/wdk/rtl_c_sample.h"

#include <string.h>

#define CHECK(cond) \
  do {              \
    if (!(cond)) ++failures; \
  } while (0)

static const UNICODE_STRING kExtension = RTL_CONSTANT_STRING(L".TXT");
static const ANSI_STRING kAnsi = RTL_CONSTANT_STRING("abc");

int SampleStrings(void) {
  int failures = 0;
  DECLARE_CONST_UNICODE_STRING(prefix, L"\\Device\\");
  DECLARE_UNICODE_STRING_SIZE(name, 64);
  UNICODE_STRING volume;
  UNICODE_STRING number;
  WCHAR digits[16];
  ULONG value = 0;

  CHECK(kExtension.Length == 4 * sizeof(WCHAR));
  CHECK(kExtension.MaximumLength == 5 * sizeof(WCHAR));
  CHECK(kAnsi.Length == 3 && kAnsi.MaximumLength == 4);
  CHECK(prefix.Length == 8 * sizeof(WCHAR));

  RtlInitUnicodeString(&volume, L"HarddiskVolume");
  RtlCopyUnicodeString(&name, &prefix);
  CHECK(RtlAppendUnicodeStringToString(&name, &volume) == STATUS_SUCCESS);
  number.Buffer = digits;
  number.Length = 0;
  number.MaximumLength = sizeof(digits);
  CHECK(RtlIntegerToUnicodeString(3, 10, &number) == STATUS_SUCCESS);
  CHECK(RtlAppendUnicodeStringToString(&name, &number) == STATUS_SUCCESS);
  CHECK(RtlAppendUnicodeToString(&name, L"\\file.txt") == STATUS_SUCCESS);
  CHECK(name.Length == 32 * sizeof(WCHAR));
  CHECK(name.Buffer[name.Length / sizeof(WCHAR)] == L'\0');

  CHECK(RtlPrefixUnicodeString(&prefix, &name, FALSE));
  CHECK(RtlSuffixUnicodeString(&kExtension, &name, TRUE));
  CHECK(!RtlSuffixUnicodeString(&kExtension, &name, FALSE));
  CHECK(RtlCompareUnicodeString(&prefix, &name, FALSE) < 0);

  CHECK(RtlUnicodeStringToInteger(&number, 0, &value) == STATUS_SUCCESS && value == 3);
  CHECK(RtlUpcaseUnicodeChar(L'q') == L'Q');
  return failures;
}

NTSTATUS SampleUpcaseAndFree(PCUNICODE_STRING name) {
  UNICODE_STRING upper;
  NTSTATUS status = RtlUpcaseUnicodeString(&upper, name, TRUE);
  if (!NT_SUCCESS(status)) return status;
  if (!RtlEqualUnicodeString(&upper, name, TRUE)) status = STATUS_UNSUCCESSFUL;
  RtlFreeUnicodeString(&upper);
  return status;
}

VOID SampleLeakUpcase(PCUNICODE_STRING name) {
  UNICODE_STRING upper;
  (void)RtlUpcaseUnicodeString(&upper, name, TRUE);
}

/* --- lists ------------------------------------------------------------------ */

typedef struct _SAMPLE_RECORD {
  ULONG Value;
  LIST_ENTRY Links;
} SAMPLE_RECORD, *PSAMPLE_RECORD;

#define SAMPLE_TAG 'lpmS'

int SampleLists(void) {
  int failures = 0;
  LIST_ENTRY head;
  SINGLE_LIST_ENTRY stack;
  SINGLE_LIST_ENTRY a;
  SINGLE_LIST_ENTRY b;
  PLIST_ENTRY entry;
  ULONG i;
  ULONG expected = 1;

  InitializeListHead(&head);
  CHECK(IsListEmpty(&head));
  for (i = 1; i <= 4; ++i) {
    PSAMPLE_RECORD record =
        (PSAMPLE_RECORD)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(SAMPLE_RECORD), SAMPLE_TAG);
    if (record == NULL) break; /* out of memory: work with what we have */
    record->Value = i;
    InsertTailList(&head, &record->Links);
  }
  if (IsListEmpty(&head)) return failures;
  for (entry = head.Flink; entry != &head; entry = entry->Flink) {
    CHECK(CONTAINING_RECORD(entry, SAMPLE_RECORD, Links)->Value == expected);
    ++expected;
  }
  entry = RemoveTailList(&head);
  CHECK(CONTAINING_RECORD(entry, SAMPLE_RECORD, Links)->Value == expected - 1);
  InsertHeadList(&head, entry);
  CHECK(CONTAINING_RECORD(head.Flink, SAMPLE_RECORD, Links)->Value == expected - 1);
  while (!IsListEmpty(&head)) {
    entry = RemoveHeadList(&head);
    ExFreePoolWithTag(CONTAINING_RECORD(entry, SAMPLE_RECORD, Links), SAMPLE_TAG);
  }
  CHECK(RemoveHeadList(&head) == &head);

  stack.Next = NULL;
  PushEntryList(&stack, &a);
  PushEntryList(&stack, &b);
  CHECK(PopEntryList(&stack) == &b);
  CHECK(PopEntryList(&stack) == &a);
  CHECK(PopEntryList(&stack) == NULL);
  return failures;
}

int SampleMemory(void) {
  int failures = 0;
  UCHAR* block = (UCHAR*)ExAllocatePool2(POOL_FLAG_NON_PAGED, 32, SAMPLE_TAG);
  UCHAR copy[32];
  if (block == NULL) return 100;
  RtlFillMemory(block, 32, 0xA5);
  RtlCopyMemory(copy, block, sizeof(copy));
  CHECK(RtlEqualMemory(copy, block, 32));
  copy[20] = 0;
  CHECK(RtlCompareMemory(copy, block, 32) == 20);
  RtlMoveMemory(block + 1, block, 16);
  RtlZeroMemory(block, 8);
  CHECK(block[7] == 0 && block[8] == 0xA5);
  CHECK(RtlSecureZeroMemory(block, 32) == block);
  CHECK(block[31] == 0);
  ExFreePoolWithTag(block, SAMPLE_TAG);
  return failures;
}

static LIST_ENTRY g_queue;
static KSPIN_LOCK g_queue_lock;

VOID SampleQueueInitialize(void) {
  InitializeListHead(&g_queue);
  KeInitializeSpinLock(&g_queue_lock);
}

NTSTATUS SampleQueuePush(ULONG value) {
  PSAMPLE_RECORD record =
      (PSAMPLE_RECORD)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(SAMPLE_RECORD), SAMPLE_TAG);
  if (record == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  record->Value = value;
  (void)ExInterlockedInsertTailList(&g_queue, &record->Links, &g_queue_lock);
  return STATUS_SUCCESS;
}

BOOLEAN SampleQueuePop(PULONG value) {
  PLIST_ENTRY entry = ExInterlockedRemoveHeadList(&g_queue, &g_queue_lock);
  PSAMPLE_RECORD record;
  if (entry == NULL) return FALSE;
  record = CONTAINING_RECORD(entry, SAMPLE_RECORD, Links);
  *value = record->Value;
  ExFreePoolWithTag(record, SAMPLE_TAG);
  return TRUE;
}

VOID SampleDoubleRemove(void) {
  LIST_ENTRY head;
  LIST_ENTRY one;
  LIST_ENTRY two;
  InitializeListHead(&head);
  InsertTailList(&head, &one);
  InsertTailList(&head, &two);
  RemoveEntryList(&one);
  RemoveEntryList(&one);
}

/* --- ntstrsafe ----------------------------------------------------------------- */

int SampleNtStrSafe(void) {
  int failures = 0;
  WCHAR path[32];
  char line[64];
  CHAR tiny[6];
  size_t length = 0;
  UNICODE_STRING name = RTL_CONSTANT_STRING(L"report.doc");
  DECLARE_UNICODE_STRING_SIZE(full, 24);

  CHECK(RtlStringCchCopyW(path, RTL_NUMBER_OF(path), L"\\??\\C:\\") == STATUS_SUCCESS);
  CHECK(RtlStringCchCatW(path, RTL_NUMBER_OF(path), L"dir") == STATUS_SUCCESS);
  CHECK(RtlStringCchLengthW(path, RTL_NUMBER_OF(path), &length) == STATUS_SUCCESS);
  CHECK(length == 10);
  CHECK(RtlStringCbPrintfA(line, sizeof(line), "%wZ: %I64x bytes, pid %lu", &name,
                           (ULONGLONG)0x10000, (ULONG)42) == STATUS_SUCCESS);
  CHECK(strcmp(line, "report.doc: 10000 bytes, pid 42") == 0);
  CHECK(RtlStringCbCopyA(tiny, sizeof(tiny), "truncate me") == STATUS_BUFFER_OVERFLOW);
  CHECK(strcmp(tiny, "trunc") == 0);
  CHECK(RtlUnicodeStringPrintf(&full, L"%s\\%wZ", path, &name) == STATUS_SUCCESS);
  CHECK(full.Length == 21 * sizeof(WCHAR));
  CHECK(RtlUnicodeStringCatString(&full, L".bak") == STATUS_BUFFER_OVERFLOW);
  CHECK(full.Length == 24 * sizeof(WCHAR));
  CHECK(RtlUnicodeStringValidate(&full) == STATUS_SUCCESS);
  return failures;
}

/* --- generic tables --------------------------------------------------------------- */

CLONG g_sample_last_allocation = 0;

RTL_GENERIC_COMPARE_RESULTS NTAPI SampleCompare(PRTL_GENERIC_TABLE Table, PVOID First,
                                                PVOID Second) {
  ULONG a = ((PSAMPLE_ENTRY)First)->Key;
  ULONG b = ((PSAMPLE_ENTRY)Second)->Key;
  UNREFERENCED_PARAMETER(Table);
  if (a < b) return GenericLessThan;
  if (a > b) return GenericGreaterThan;
  return GenericEqual;
}

PVOID NTAPI SampleAllocate(PRTL_GENERIC_TABLE Table, CLONG ByteSize) {
  UNREFERENCED_PARAMETER(Table);
  g_sample_last_allocation = ByteSize;
  return ExAllocatePoolWithTag(PagedPool, ByteSize, SAMPLE_TABLE_TAG);
}

VOID NTAPI SampleFree(PRTL_GENERIC_TABLE Table, PVOID Buffer) {
  UNREFERENCED_PARAMETER(Table);
  ExFreePoolWithTag(Buffer, SAMPLE_TABLE_TAG);
}

RTL_GENERIC_COMPARE_RESULTS NTAPI SampleCompareAvl(PRTL_AVL_TABLE Table, PVOID First,
                                                   PVOID Second) {
  ULONG a = ((PSAMPLE_ENTRY)First)->Key;
  ULONG b = ((PSAMPLE_ENTRY)Second)->Key;
  UNREFERENCED_PARAMETER(Table);
  return a < b ? GenericLessThan : a > b ? GenericGreaterThan : GenericEqual;
}

PVOID NTAPI SampleAllocateAvl(PRTL_AVL_TABLE Table, CLONG ByteSize) {
  UNREFERENCED_PARAMETER(Table);
  g_sample_last_allocation = ByteSize;
  return ExAllocatePoolWithTag(PagedPool, ByteSize, SAMPLE_TABLE_TAG);
}

VOID NTAPI SampleFreeAvl(PRTL_AVL_TABLE Table, PVOID Buffer) {
  UNREFERENCED_PARAMETER(Table);
  ExFreePoolWithTag(Buffer, SAMPLE_TABLE_TAG);
}

int SampleTables(void) {
  int failures = 0;
  RTL_GENERIC_TABLE splay;
  RTL_AVL_TABLE avl;
  static const ULONG keys[] = {50, 20, 80, 10, 30, 70, 90};
  ULONG i;
  ULONG previous;
  PSAMPLE_ENTRY e;
  SAMPLE_ENTRY probe;
  BOOLEAN added;

  RtlInitializeGenericTable(&splay, SampleCompare, SampleAllocate, SampleFree, NULL);
  RtlInitializeGenericTableAvl(&avl, SampleCompareAvl, SampleAllocateAvl, SampleFreeAvl, NULL);
  CHECK(RtlIsGenericTableEmpty(&splay) && RtlIsGenericTableEmptyAvl(&avl));
  for (i = 0; i < RTL_NUMBER_OF(keys); ++i) {
    SAMPLE_ENTRY entry;
    entry.Key = keys[i];
    entry.Value = keys[i] * 10;
    (void)RtlInsertElementGenericTable(&splay, &entry, sizeof(entry), &added);
    (void)RtlInsertElementGenericTableAvl(&avl, &entry, sizeof(entry), &added);
  }
  /* Duplicates are not added. */
  probe.Key = 20;
  probe.Value = 0;
  e = (PSAMPLE_ENTRY)RtlInsertElementGenericTable(&splay, &probe, sizeof(probe), &added);
  if (e != NULL) CHECK(!added && e->Value == 200);
  e = (PSAMPLE_ENTRY)RtlLookupElementGenericTableAvl(&avl, &probe);
  if (e != NULL) CHECK(e->Value == 200);

  /* Collation order in both forms. */
  previous = 0;
  for (e = (PSAMPLE_ENTRY)RtlEnumerateGenericTable(&splay, TRUE); e != NULL;
       e = (PSAMPLE_ENTRY)RtlEnumerateGenericTable(&splay, FALSE)) {
    CHECK(e->Key > previous);
    previous = e->Key;
  }
  previous = 0;
  for (e = (PSAMPLE_ENTRY)RtlEnumerateGenericTableAvl(&avl, TRUE); e != NULL;
       e = (PSAMPLE_ENTRY)RtlEnumerateGenericTableAvl(&avl, FALSE)) {
    CHECK(e->Key > previous);
    previous = e->Key;
  }
  CHECK(RtlNumberGenericTableElements(&splay) == RtlNumberGenericTableElementsAvl(&avl));

  /* Tear down as drivers do: delete the first element until none is left. */
  while ((e = (PSAMPLE_ENTRY)RtlGetElementGenericTable(&splay, 0)) != NULL) {
    probe = *e;
    CHECK(RtlDeleteElementGenericTable(&splay, &probe));
  }
  while ((e = (PSAMPLE_ENTRY)RtlEnumerateGenericTableAvl(&avl, TRUE)) != NULL) {
    probe = *e;
    CHECK(RtlDeleteElementGenericTableAvl(&avl, &probe));
  }
  CHECK(RtlIsGenericTableEmpty(&splay) && RtlIsGenericTableEmptyAvl(&avl));
  return failures;
}
