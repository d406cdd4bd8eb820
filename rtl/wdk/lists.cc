// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: rtl/wdk/lists.cc
// -----------------------------------------------------------------------------
//
// The WDK list helpers (rtl/wdk/rtl_lists.h) with the kernel's list-integrity
// check: before linking or unlinking, each neighbour's link back must point
// at the entry or head concerned; otherwise KERNEL_SECURITY_CHECK_FAILURE / 3
// is raised and the list is left untouched. Links the routine would follow
// are NULL-checked first (an access violation on Windows).

#include "poolsim/bugcheck.h"
#include "poolsim/irql.h"
#include "rtl/internal/checks.h"
#include "rtl/wdk/rtl_lists.h"

namespace {

using rtl::rtl_internal::NotNull;
using rtl::rtl_internal::ReportListCorruption;


// The NULL checks of a doubly linked entry whose two links the routine follows.
bool LinksPresent(const LIST_ENTRY* entry, const char* api, const char* what) {
  if (!NotNull(entry, false, api, what)) return false;
  return NotNull(entry->Flink, false, api, "a Flink link") &&
         NotNull(entry->Blink, false, api, "a Blink link");
}

// True if both neighbours of `entry` point back at it.
bool Linked(const LIST_ENTRY* entry) {
  return entry->Flink->Blink == entry && entry->Blink->Flink == entry;
}

bool InsertHead(PLIST_ENTRY head, PLIST_ENTRY entry, const char* api) {
  if (!LinksPresent(head, api, "ListHead") ||
      !NotNull(entry, true, api, "Entry")) {
    return false;
  }
  PLIST_ENTRY first = head->Flink;
  if (first->Blink != head) {
    ReportListCorruption(head, api, "ListHead->Flink->Blink does not point at ListHead");
    return false;
  }
  entry->Flink = first;
  entry->Blink = head;
  first->Blink = entry;
  head->Flink = entry;
  return true;
}

bool InsertTail(PLIST_ENTRY head, PLIST_ENTRY entry, const char* api) {
  if (!LinksPresent(head, api, "ListHead") ||
      !NotNull(entry, true, api, "Entry")) {
    return false;
  }
  PLIST_ENTRY last = head->Blink;
  if (last->Flink != head) {
    ReportListCorruption(head, api, "ListHead->Blink->Flink does not point at ListHead");
    return false;
  }
  entry->Flink = head;
  entry->Blink = last;
  last->Flink = entry;
  head->Blink = entry;
  return true;
}

// Unlinks `entry` (not a head). Returns false after a report.
bool Unlink(PLIST_ENTRY entry, const char* api) {
  if (!LinksPresent(entry, api, "Entry")) return false;
  if (!Linked(entry)) {
    ReportListCorruption(entry, api,
                         "a neighbour's link does not point back at the entry (removed twice, "
                         "never inserted, or overwritten)");
    return false;
  }
  PLIST_ENTRY next = entry->Flink;
  PLIST_ENTRY previous = entry->Blink;
  previous->Flink = next;
  next->Blink = previous;
  return true;
}

// Removes the first entry; returns it, `head` for an empty list, or null
// after a report.
PLIST_ENTRY RemoveHead(PLIST_ENTRY head, const char* api) {
  if (!LinksPresent(head, api, "ListHead")) return nullptr;
  PLIST_ENTRY entry = head->Flink;
  if (entry == head) {
    if (head->Blink != head) {
      ReportListCorruption(head, api, "ListHead->Flink is ListHead but Blink is not");
      return nullptr;
    }
    return head;
  }
  if (!NotNull(entry->Flink, false, api, "the first entry's Flink")) return nullptr;
  if (entry->Blink != head || entry->Flink->Blink != entry) {
    ReportListCorruption(entry, api, "the first entry is not linked to its neighbours");
    return nullptr;
  }
  PLIST_ENTRY next = entry->Flink;
  head->Flink = next;
  next->Blink = head;
  return entry;
}

PLIST_ENTRY RemoveTail(PLIST_ENTRY head, const char* api) {
  if (!LinksPresent(head, api, "ListHead")) return nullptr;
  PLIST_ENTRY entry = head->Blink;
  if (entry == head) {
    if (head->Flink != head) {
      ReportListCorruption(head, api, "ListHead->Blink is ListHead but Flink is not");
      return nullptr;
    }
    return head;
  }
  if (!NotNull(entry->Blink, false, api, "the last entry's Blink")) return nullptr;
  if (entry->Flink != head || entry->Blink->Flink != entry) {
    ReportListCorruption(entry, api, "the last entry is not linked to its neighbours");
    return nullptr;
  }
  PLIST_ENTRY previous = entry->Blink;
  head->Blink = previous;
  previous->Flink = head;
  return entry;
}

// Holds a driver's KSPIN_LOCK for the ExInterlocked* forms, at any IRQL:
// below DISPATCH_LEVEL it raises to DISPATCH_LEVEL and restores the IRQL on
// release; at or above, it takes the lock without changing the IRQL.
//
// held() is false when the acquisition was refused (a bug check: the lock is
// already this thread's, or it never came free); the routine then returns
// without touching the list, and nothing is released.
//
// Thread-compatible (one holder object per acquisition, on one thread).
class SpinLockHold {
 public:
  explicit SpinLockHold(PKSPIN_LOCK lock) : lock_(lock) {
    const bool already_held = HeldBySelf(lock_);
    raised_ = poolsim::CurrentIrql() < poolsim::kDispatchLevel;
    if (raised_) {
      KeAcquireSpinLock(lock_, &old_irql_);
    } else {
      KeAcquireSpinLockAtDpcLevel(lock_);
    }
    held_ = !already_held && HeldBySelf(lock_);
  }
  ~SpinLockHold() {
    if (!held_) return;
    if (raised_) {
      KeReleaseSpinLock(lock_, old_irql_);
    } else {
      KeReleaseSpinLockFromDpcLevel(lock_);
    }
  }
  SpinLockHold(const SpinLockHold&) = delete;
  SpinLockHold& operator=(const SpinLockHold&) = delete;

  bool held() const { return held_; }

 private:
  // True if this thread holds `lock`: a held KSPIN_LOCK holds its owner's
  // poolsim thread ordinal (poolsim/wdk/ke_irql.cc).
  static bool HeldBySelf(const KSPIN_LOCK* lock) {
    return __atomic_load_n(lock, __ATOMIC_ACQUIRE) == poolsim::CurrentThreadOrdinal();
  }

  PKSPIN_LOCK lock_;
  bool raised_ = false;
  bool held_ = false;
  KIRQL old_irql_ = PASSIVE_LEVEL;
};

}  // namespace

extern "C" {

VOID NTAPI InitializeListHead(PLIST_ENTRY ListHead) {
  if (!NotNull(ListHead, true, "InitializeListHead", "ListHead")) return;
  ListHead->Flink = ListHead;
  ListHead->Blink = ListHead;
}

BOOLEAN NTAPI IsListEmpty(const LIST_ENTRY* ListHead) {
  if (!NotNull(ListHead, false, "IsListEmpty", "ListHead")) return TRUE;
  return ListHead->Flink == ListHead ? TRUE : FALSE;
}

VOID NTAPI InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry) {
  InsertHead(ListHead, Entry, "InsertHeadList");
}

VOID NTAPI InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry) {
  InsertTail(ListHead, Entry, "InsertTailList");
}

PLIST_ENTRY NTAPI RemoveHeadList(PLIST_ENTRY ListHead) {
  PLIST_ENTRY entry = RemoveHead(ListHead, "RemoveHeadList");
  return entry != nullptr ? entry : ListHead;
}

PLIST_ENTRY NTAPI RemoveTailList(PLIST_ENTRY ListHead) {
  PLIST_ENTRY entry = RemoveTail(ListHead, "RemoveTailList");
  return entry != nullptr ? entry : ListHead;
}

BOOLEAN NTAPI RemoveEntryList(PLIST_ENTRY Entry) {
  if (!Unlink(Entry, "RemoveEntryList")) return FALSE;
  return Entry->Flink == Entry->Blink ? TRUE : FALSE;
}

VOID NTAPI AppendTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListToAppend) {
  static constexpr char kApi[] = "AppendTailList";
  if (!LinksPresent(ListHead, kApi, "ListHead") ||
      !LinksPresent(ListToAppend, kApi, "ListToAppend")) {
    return;
  }
  if (!Linked(ListHead)) {
    ReportListCorruption(ListHead, kApi, "ListHead's neighbours do not point back at it");
    return;
  }
  if (!Linked(ListToAppend)) {
    ReportListCorruption(ListToAppend, kApi, "ListToAppend's neighbours do not point back at it");
    return;
  }
  PLIST_ENTRY old_last = ListHead->Blink;
  PLIST_ENTRY appended_last = ListToAppend->Blink;
  old_last->Flink = ListToAppend;
  ListToAppend->Blink = old_last;
  appended_last->Flink = ListHead;
  ListHead->Blink = appended_last;
}

VOID NTAPI PushEntryList(PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY Entry) {
  if (!NotNull(ListHead, true, "PushEntryList", "ListHead") ||
      !NotNull(Entry, true, "PushEntryList", "Entry")) {
    return;
  }
  Entry->Next = ListHead->Next;
  ListHead->Next = Entry;
}

PSINGLE_LIST_ENTRY NTAPI PopEntryList(PSINGLE_LIST_ENTRY ListHead) {
  if (!NotNull(ListHead, true, "PopEntryList", "ListHead")) return nullptr;
  PSINGLE_LIST_ENTRY first = ListHead->Next;
  if (first != nullptr) ListHead->Next = first->Next;
  return first;
}

PLIST_ENTRY NTAPI ExInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
                                              PKSPIN_LOCK Lock) {
  static constexpr char kApi[] = "ExInterlockedInsertHeadList";
  if (!NotNull(Lock, true, kApi, "Lock")) return nullptr;
  SpinLockHold hold(Lock);
  if (!hold.held()) return nullptr;
  if (!LinksPresent(ListHead, kApi, "ListHead")) return nullptr;
  PLIST_ENTRY first = ListHead->Flink;
  if (!InsertHead(ListHead, ListEntry, kApi)) return nullptr;
  return first == ListHead ? nullptr : first;
}

PLIST_ENTRY NTAPI ExInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
                                              PKSPIN_LOCK Lock) {
  static constexpr char kApi[] = "ExInterlockedInsertTailList";
  if (!NotNull(Lock, true, kApi, "Lock")) return nullptr;
  SpinLockHold hold(Lock);
  if (!hold.held()) return nullptr;
  if (!LinksPresent(ListHead, kApi, "ListHead")) return nullptr;
  PLIST_ENTRY last = ListHead->Blink;
  if (!InsertTail(ListHead, ListEntry, kApi)) return nullptr;
  return last == ListHead ? nullptr : last;
}

PLIST_ENTRY NTAPI ExInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PKSPIN_LOCK Lock) {
  static constexpr char kApi[] = "ExInterlockedRemoveHeadList";
  if (!NotNull(Lock, true, kApi, "Lock")) return nullptr;
  SpinLockHold hold(Lock);
  if (!hold.held()) return nullptr;
  PLIST_ENTRY entry = RemoveHead(ListHead, kApi);
  return entry == ListHead ? nullptr : entry;
}

PSINGLE_LIST_ENTRY NTAPI ExInterlockedPushEntryList(PSINGLE_LIST_ENTRY ListHead,
                                                    PSINGLE_LIST_ENTRY ListEntry,
                                                    PKSPIN_LOCK Lock) {
  static constexpr char kApi[] = "ExInterlockedPushEntryList";
  if (!NotNull(Lock, true, kApi, "Lock") ||
      !NotNull(ListHead, true, kApi, "ListHead") ||
      !NotNull(ListEntry, true, kApi, "ListEntry")) {
    return nullptr;
  }
  SpinLockHold hold(Lock);
  if (!hold.held()) return nullptr;
  PSINGLE_LIST_ENTRY first = ListHead->Next;
  ListEntry->Next = first;
  ListHead->Next = ListEntry;
  return first;
}

PSINGLE_LIST_ENTRY NTAPI ExInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead,
                                                   PKSPIN_LOCK Lock) {
  static constexpr char kApi[] = "ExInterlockedPopEntryList";
  if (!NotNull(Lock, true, kApi, "Lock") ||
      !NotNull(ListHead, true, kApi, "ListHead")) {
    return nullptr;
  }
  SpinLockHold hold(Lock);
  if (!hold.held()) return nullptr;
  PSINGLE_LIST_ENTRY first = ListHead->Next;
  if (first != nullptr) ListHead->Next = first->Next;
  return first;
}

}  // extern "C"
