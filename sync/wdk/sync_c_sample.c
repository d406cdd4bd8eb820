/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: sync/wdk/sync_c_sample.c
 * -----------------------------------------------------------------------------
 *
 * A C driver's use of the synchronization surface: typed pointers through
 * InterlockedExchangePointer / InterlockedCompareExchangePointer, a table of
 * contexts under an ERESOURCE, and an event hand-off. */

#include "sync/wdk/sync_c_sample.h"

#include "poolsim/wdk/wdm.h"

typedef struct _SAMPLE_CONTEXT {
  ULONG Key;
  struct _SAMPLE_CONTEXT* Next;
} SAMPLE_CONTEXT, *PSAMPLE_CONTEXT;

#define SAMPLE_TAG 'lbTS'

int SampleInterlocked(void) {
  int failures = 0;
  LONG volatile value = 5;
  LONG64 volatile wide = 1;
  ULONG volatile flags = 0;
  SAMPLE_CONTEXT a = {1, NULL};
  SAMPLE_CONTEXT b = {2, NULL};
  PSAMPLE_CONTEXT slot = NULL;
  PSAMPLE_CONTEXT old;
  PVOID untyped = NULL;

  failures += InterlockedIncrement(&value) != 6;
  failures += InterlockedDecrement(&value) != 5;
  failures += InterlockedExchange(&value, 9) != 5;
  failures += InterlockedExchangeAdd(&value, 3) != 9;
  failures += InterlockedAdd(&value, 1) != 13;
  failures += InterlockedCompareExchange(&value, 20, 13) != 13;
  failures += InterlockedCompareExchange(&value, 30, 13) != 20;
  failures += InterlockedAnd(&value, 0x4) != 20;
  failures += InterlockedOr(&value, 0x3) != 4;
  failures += InterlockedXor(&value, 0x1) != 7;
  failures += ReadNoFence(&value) != 6;
  WriteNoFence(&value, -1);
  failures += ReadAcquire(&value) != -1;
  WriteRelease(&value, 0);
  failures += InterlockedDecrement(&value) != -1; /* LONG is 32-bit and signed */

  failures += InterlockedIncrement64(&wide) != 2;
  failures += InterlockedExchangeAdd64(&wide, 0x100000000LL) != 2;
  failures += InterlockedCompareExchange64(&wide, 7, 0x100000002LL) != 0x100000002LL;
  failures += InterlockedExchange64(&wide, 8) != 7;
  failures += InterlockedOr64(&wide, 1) != 8;
  failures += InterlockedAnd64(&wide, 1) != 9;
  failures += InterlockedXor64(&wide, 1) != 1;
  failures += InterlockedDecrement64(&wide) != -1;
  failures += InterlockedAdd64(&wide, 2) != 1;

  RtlInterlockedSetBitsDiscardReturn(&flags, 0x5);
  failures += RtlInterlockedClearBits(&flags, 0x1) != 0x5;
  failures += flags != 0x4;

  /* Typed pointers: no casts, no incompatible-pointer diagnostics. */
  old = InterlockedExchangePointer(&slot, &a);
  failures += old != NULL;
  old = InterlockedCompareExchangePointer(&slot, &b, &a);
  failures += old != &a;
  old = InterlockedCompareExchangePointer(&slot, NULL, &a);
  failures += old != &b || slot != &b;
  failures += InterlockedExchangePointer(&slot, NULL)->Key != 2;
  failures += InterlockedExchangePointer(&untyped, &a) != NULL;
  failures += InterlockedCompareExchangePointer((PVOID*)&slot, &b, NULL) != NULL;
  failures += slot != &b;
  KeMemoryBarrier();
  return failures;
}

/* The table. */
static ERESOURCE TableLock;
static PSAMPLE_CONTEXT TableHead;
static LONG volatile TableCount;

NTSTATUS SampleTableInitialize(void) {
  TableHead = NULL;
  TableCount = 0;
  return ExInitializeResourceLite(&TableLock);
}

NTSTATUS SampleTableInsert(ULONG key) {
  PSAMPLE_CONTEXT entry =
      (PSAMPLE_CONTEXT)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(SAMPLE_CONTEXT), SAMPLE_TAG);
  if (entry == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  entry->Key = key;
  FltAcquireResourceExclusive(&TableLock);
  entry->Next = TableHead;
  TableHead = entry;
  InterlockedIncrement(&TableCount);
  FltReleaseResource(&TableLock);
  return STATUS_SUCCESS;
}

BOOLEAN SampleTableContains(ULONG key) {
  BOOLEAN found = FALSE;
  PSAMPLE_CONTEXT entry;
  KeEnterCriticalRegion();
  ExAcquireResourceSharedLite(&TableLock, TRUE);
  for (entry = TableHead; entry != NULL; entry = entry->Next) {
    if (entry->Key == key) {
      found = TRUE;
      break;
    }
  }
  ExReleaseResourceLite(&TableLock);
  KeLeaveCriticalRegion();
  return found;
}

ULONG SampleTableCount(void) {
  ULONG count;
  FltAcquireResourceShared(&TableLock);
  count = (ULONG)ReadNoFence(&TableCount);
  FltReleaseResource(&TableLock);
  return count;
}

VOID SampleTableDestroy(void) {
  PSAMPLE_CONTEXT entry;
  FltAcquireResourceExclusive(&TableLock);
  while ((entry = TableHead) != NULL) {
    TableHead = entry->Next;
    ExFreePoolWithTag(entry, SAMPLE_TAG);
  }
  FltReleaseResource(&TableLock);
  ExDeleteResourceLite(&TableLock);
}

/* The hand-off. */
VOID SampleWorker(PKEVENT request, PKEVENT reply, LONG volatile* counter) {
  if (KeWaitForSingleObject(request, Executive, KernelMode, FALSE, NULL) == STATUS_SUCCESS) {
    InterlockedIncrement(counter);
    KeSetEvent(reply, IO_NO_INCREMENT, FALSE);
  }
}

NTSTATUS SampleRequestAndWait(PKEVENT request, PKEVENT reply, LONG timeout_ms) {
  LARGE_INTEGER timeout;
  timeout.QuadPart = -(LONGLONG)timeout_ms * 10000;
  KeSetEvent(request, IO_NO_INCREMENT, FALSE);
  return KeWaitForSingleObject(reply, Executive, KernelMode, FALSE, &timeout);
}
