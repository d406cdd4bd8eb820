/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * Driver-style C code written only against WDK names, compiled as C11 with
 * //:wdk_headers, the way a user's driver source is compiled in a test. */

#include <wdm.h>

#include "tests/c_driver/sample_pool_driver.h"

#define SAMPLE_TAG 'lpmS' /* shows as "Smpl" */

typedef struct _SAMPLE_ENTRY {
  LIST_ENTRY Link;
  ULONG Value;
} SAMPLE_ENTRY, *PSAMPLE_ENTRY;

static KSPIN_LOCK SampleLock;
static LIST_ENTRY SampleList;

_IRQL_requires_max_(PASSIVE_LEVEL)
VOID SampleInitialize(VOID) {
  PAGED_CODE();
  KeInitializeSpinLock(&SampleLock);
  SampleList.Flink = &SampleList;
  SampleList.Blink = &SampleList;
}

_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS SampleInsert(_In_ ULONG Value) {
  KIRQL oldIrql;
  PSAMPLE_ENTRY entry =
      (PSAMPLE_ENTRY)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(SAMPLE_ENTRY), SAMPLE_TAG);
  if (entry == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  entry->Value = Value;
  KeAcquireSpinLock(&SampleLock, &oldIrql);
  entry->Link.Flink = SampleList.Flink;
  entry->Link.Blink = &SampleList;
  SampleList.Flink->Blink = &entry->Link;
  SampleList.Flink = &entry->Link;
  KeReleaseSpinLock(&SampleLock, oldIrql);
  return STATUS_SUCCESS;
}

_IRQL_requires_max_(DISPATCH_LEVEL)
ULONG SampleDrain(_In_ BOOLEAN Leak) {
  ULONG count = 0;
  KIRQL oldIrql;
  KeAcquireSpinLock(&SampleLock, &oldIrql);
  while (SampleList.Flink != &SampleList) {
    PSAMPLE_ENTRY entry = CONTAINING_RECORD(SampleList.Flink, SAMPLE_ENTRY, Link);
    SampleList.Flink = entry->Link.Flink;
    SampleList.Flink->Blink = &SampleList;
    if (!Leak) {
      ExFreePoolWithTag(entry, SAMPLE_TAG);
    }
    count++;
  }
  KeReleaseSpinLock(&SampleLock, oldIrql);
  return count;
}

_IRQL_requires_max_(APC_LEVEL)
PVOID SampleAllocatePagedScratch(_In_ SIZE_T Bytes) {
  return ExAllocatePoolWithTag(PagedPool, Bytes, SAMPLE_TAG);
}

VOID SampleFreeScratch(_In_ PVOID Scratch, _In_ ULONG Tag) { ExFreePoolWithTag(Scratch, Tag); }
