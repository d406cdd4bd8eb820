/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * The tracker's table of stream contexts and its queue of names to scan,
 * both under one ERESOURCE (taken inside a critical region), and the event
 * that wakes the scanner. */
#include "tracker.h"

#include <ntstrsafe.h>

typedef struct _TRACKER_SCAN_ITEM {
  LIST_ENTRY Link;
  UNICODE_STRING Name; /* buffer follows the item */
} TRACKER_SCAN_ITEM, *PTRACKER_SCAN_ITEM;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, TrackerTableInitialize)
#pragma alloc_text(PAGE, TrackerTableDelete)
#pragma alloc_text(PAGE, TrackerScanNext)
#endif

VOID TrackerTableInitialize(VOID) {
  PAGED_CODE();
  ExInitializeResourceLite(&TrackerGlobals.Lock);
  InitializeListHead(&TrackerGlobals.Streams);
  InitializeListHead(&TrackerGlobals.Pending);
  TrackerGlobals.StreamCount = 0;
  KeInitializeEvent(&TrackerGlobals.WorkReady, SynchronizationEvent, FALSE);
}

VOID TrackerTableDelete(VOID) {
  PAGED_CODE();
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&TrackerGlobals.Lock, TRUE);
  while (!IsListEmpty(&TrackerGlobals.Pending)) {
    PLIST_ENTRY entry = RemoveHeadList(&TrackerGlobals.Pending);
    ExFreePoolWithTag(CONTAINING_RECORD(entry, TRACKER_SCAN_ITEM, Link), TRACKER_TAG_SCAN);
  }
  FLT_ASSERT(IsListEmpty(&TrackerGlobals.Streams));
  ExReleaseResourceLite(&TrackerGlobals.Lock);
  KeLeaveCriticalRegion();
  ExDeleteResourceLite(&TrackerGlobals.Lock);
}

VOID TrackerTableInsert(PTRACKER_STREAM_CONTEXT Context) {
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&TrackerGlobals.Lock, TRUE);
  InsertTailList(&TrackerGlobals.Streams, &Context->Link);
  TrackerGlobals.StreamCount++;
  ExReleaseResourceLite(&TrackerGlobals.Lock);
  KeLeaveCriticalRegion();
}

VOID TrackerTableRemove(PTRACKER_STREAM_CONTEXT Context) {
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&TrackerGlobals.Lock, TRUE);
  if (Context->Link.Flink != NULL) {
    RemoveEntryList(&Context->Link);
    Context->Link.Flink = Context->Link.Blink = NULL;
    TrackerGlobals.StreamCount--;
  }
  ExReleaseResourceLite(&TrackerGlobals.Lock);
  KeLeaveCriticalRegion();
}

/* Replaces the context's name with a copy of NewName. */
NTSTATUS TrackerTableRename(PTRACKER_STREAM_CONTEXT Context, PCUNICODE_STRING NewName) {
  PWCH buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, NewName->Length, TRACKER_TAG_NAME);
  if (buffer == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  RtlCopyMemory(buffer, NewName->Buffer, NewName->Length);
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&TrackerGlobals.Lock, TRUE);
  PWCH old = Context->Name.Buffer;
  Context->Name.Buffer = buffer;
  Context->Name.Length = Context->Name.MaximumLength = NewName->Length;
  InterlockedIncrement(&Context->Renames);
  ExReleaseResourceLite(&TrackerGlobals.Lock);
  KeLeaveCriticalRegion();
  if (old != NULL) ExFreePoolWithTag(old, TRACKER_TAG_NAME);
  return STATUS_SUCCESS;
}

NTSTATUS TrackerQueueScan(PCUNICODE_STRING Name) {
  PTRACKER_SCAN_ITEM item = (PTRACKER_SCAN_ITEM)ExAllocatePoolWithTag(
      PagedPool, sizeof(TRACKER_SCAN_ITEM) + Name->Length, TRACKER_TAG_SCAN);
  if (item == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  item->Name.Buffer = (PWCH)(item + 1);
  item->Name.Length = 0;
  item->Name.MaximumLength = Name->Length;
  RtlCopyUnicodeString(&item->Name, Name);
  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&TrackerGlobals.Lock, TRUE);
  InsertTailList(&TrackerGlobals.Pending, &item->Link);
  ExReleaseResourceLite(&TrackerGlobals.Lock);
  KeLeaveCriticalRegion();
  KeSetEvent(&TrackerGlobals.WorkReady, IO_NO_INCREMENT, FALSE);
  return STATUS_SUCCESS;
}

NTSTATUS TrackerScanNext(PUNICODE_STRING Name, ULONG TimeoutMs) {
  LARGE_INTEGER timeout;
  NTSTATUS status;
  PTRACKER_SCAN_ITEM item = NULL;
  BOOLEAN more = FALSE;
  PAGED_CODE();

  timeout.QuadPart = -(LONGLONG)TimeoutMs * 10 * 1000; /* relative, 100 ns units */
  status = KeWaitForSingleObject(&TrackerGlobals.WorkReady, Executive, KernelMode, FALSE,
                                 &timeout);
  if (status == STATUS_TIMEOUT) return STATUS_TIMEOUT;

  KeEnterCriticalRegion();
  ExAcquireResourceExclusiveLite(&TrackerGlobals.Lock, TRUE);
  try {
    if (IsListEmpty(&TrackerGlobals.Pending)) {
      status = STATUS_TIMEOUT;
      leave;
    }
    item = CONTAINING_RECORD(TrackerGlobals.Pending.Flink, TRACKER_SCAN_ITEM, Link);
    if (Name->MaximumLength < item->Name.Length) {
      item = NULL; /* stays queued */
      status = STATUS_BUFFER_TOO_SMALL;
      leave;
    }
    RemoveEntryList(&item->Link);
    RtlCopyUnicodeString(Name, &item->Name);
    more = !IsListEmpty(&TrackerGlobals.Pending);
    status = STATUS_SUCCESS;
  } finally {
    ExReleaseResourceLite(&TrackerGlobals.Lock);
    KeLeaveCriticalRegion();
  }
  if (more) KeSetEvent(&TrackerGlobals.WorkReady, IO_NO_INCREMENT, FALSE);
  if (item != NULL) ExFreePoolWithTag(item, TRACKER_TAG_SCAN);
  return status;
}

ULONG TrackerStreamCount(VOID) {
  ULONG count;
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&TrackerGlobals.Lock, TRUE);
  count = TrackerGlobals.StreamCount;
  ExReleaseResourceLite(&TrackerGlobals.Lock);
  KeLeaveCriticalRegion();
  return count;
}

static PTRACKER_STREAM_CONTEXT FindLocked(PCWSTR Suffix) {
  UNICODE_STRING suffix;
  PLIST_ENTRY entry;
  RtlInitUnicodeString(&suffix, Suffix);
  for (entry = TrackerGlobals.Streams.Flink; entry != &TrackerGlobals.Streams;
       entry = entry->Flink) {
    PTRACKER_STREAM_CONTEXT c = CONTAINING_RECORD(entry, TRACKER_STREAM_CONTEXT, Link);
    if (c->Name.Length >= suffix.Length) {
      UNICODE_STRING tail;
      tail.Buffer = c->Name.Buffer + (c->Name.Length - suffix.Length) / sizeof(WCHAR);
      tail.Length = tail.MaximumLength = suffix.Length;
      if (RtlEqualUnicodeString(&tail, &suffix, TRUE)) return c;
    }
  }
  return NULL;
}

LONG TrackerWritesOf(PCWSTR Suffix) {
  LONG writes = -1;
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&TrackerGlobals.Lock, TRUE);
  PTRACKER_STREAM_CONTEXT c = FindLocked(Suffix);
  if (c != NULL) writes = c->Writes;
  ExReleaseResourceLite(&TrackerGlobals.Lock);
  KeLeaveCriticalRegion();
  return writes;
}

LONG TrackerRenamesOf(PCWSTR Suffix) {
  LONG renames = -1;
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&TrackerGlobals.Lock, TRUE);
  PTRACKER_STREAM_CONTEXT c = FindLocked(Suffix);
  if (c != NULL) renames = c->Renames;
  ExReleaseResourceLite(&TrackerGlobals.Lock);
  KeLeaveCriticalRegion();
  return renames;
}
