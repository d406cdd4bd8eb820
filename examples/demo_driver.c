/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * File: examples/demo_driver.c
 *
 * A small driver-style component for the demo, written only against WDK
 * names: a name cache of nonpaged entries holding paged names. Trimming it
 * frees everything; the demo's --leaky run asks for the planted version of
 * the trim instead, which has two bugs the simulated kernel reports: a free
 * with the wrong tag (BAD_POOL_CALLER 0xC2/0xA) and an entry never freed. */

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

/* Unlinks the oldest entry; NULL when the cache is empty, or (with
 * `StopEarly`) when only one entry is left. */
static PCACHE_ENTRY RemoveOldest(BOOLEAN StopEarly) {
  PCACHE_ENTRY entry;
  KIRQL old;
  KeAcquireSpinLock(&CacheLock, &old);
  /* Planted bug 2: "!= Blink" stops while one entry is still linked. */
  if (StopEarly ? CacheHead.Flink == CacheHead.Blink : CacheHead.Blink == &CacheHead) {
    KeReleaseSpinLock(&CacheLock, old);
    return NULL;
  }
  entry = CONTAINING_RECORD(CacheHead.Blink, CACHE_ENTRY, Link);
  CacheHead.Blink = entry->Link.Blink;
  CacheHead.Blink->Flink = &CacheHead;
  KeReleaseSpinLock(&CacheLock, old);
  return entry;
}

ULONG DemoCacheTrim(BOOLEAN PlantBugs) {
  ULONG freed = 0;
  PCACHE_ENTRY entry;
  while ((entry = RemoveOldest(PlantBugs)) != NULL) {
    ExFreePoolWithTag(entry->Name, NAME_TAG);
    /* Planted bug 1: the first entry is freed with the name's tag. */
    ExFreePoolWithTag(entry, PlantBugs && freed == 0 ? NAME_TAG : CACHE_TAG);
    freed++;
  }
  return freed;
}
