/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * A small driver-style component for the demo, written only against WDK
 * names: a name cache filled at PASSIVE_LEVEL and trimmed from a "DPC". It
 * has two deliberate bugs the simulated kernel reports: a cache entry that is
 * never freed, and a free with the wrong tag. */

#include <wdm.h>

#include "examples/demo_driver.h"

#define CACHE_TAG 'hcaC'   /* "Cach" */
#define NAME_TAG 'emaN'    /* "Name" */

typedef struct _CACHE_ENTRY {
  LIST_ENTRY Link;
  PWCHAR Name;
  SIZE_T NameBytes;
} CACHE_ENTRY, *PCACHE_ENTRY;

static KSPIN_LOCK CacheLock;
static LIST_ENTRY CacheHead;

VOID DemoCacheInitialize(VOID) {
  KeInitializeSpinLock(&CacheLock);
  CacheHead.Flink = CacheHead.Blink = &CacheHead;
}

NTSTATUS DemoCacheInsert(_In_ PCWSTR Name) {
  SIZE_T bytes = (wcslen(Name) + 1) * sizeof(WCHAR);
  KIRQL old;
  PCACHE_ENTRY entry =
      (PCACHE_ENTRY)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(CACHE_ENTRY), CACHE_TAG);
  if (entry == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  entry->Name = (PWCHAR)ExAllocatePool2(POOL_FLAG_PAGED, bytes, NAME_TAG);
  if (entry->Name == NULL) {
    ExFreePoolWithTag(entry, CACHE_TAG);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  RtlCopyMemory(entry->Name, Name, bytes);
  entry->NameBytes = bytes;
  KeAcquireSpinLock(&CacheLock, &old);
  entry->Link.Flink = CacheHead.Flink;
  entry->Link.Blink = &CacheHead;
  CacheHead.Flink->Blink = &entry->Link;
  CacheHead.Flink = &entry->Link;
  KeReleaseSpinLock(&CacheLock, old);
  return STATUS_SUCCESS;
}

/* Frees every entry but the newest: the bug is the "!= Blink" stop test. */
ULONG DemoCacheTrim(VOID) {
  ULONG freed = 0;
  while (CacheHead.Flink != CacheHead.Blink) {
    PCACHE_ENTRY entry = CONTAINING_RECORD(CacheHead.Blink, CACHE_ENTRY, Link);
    CacheHead.Blink = entry->Link.Blink;
    CacheHead.Blink->Flink = &CacheHead;
    ExFreePoolWithTag(entry->Name, NAME_TAG);
    /* Bug: frees the entry with the name's tag. */
    ExFreePoolWithTag(entry, freed == 0 ? NAME_TAG : CACHE_TAG);
    freed++;
  }
  return freed;
}
