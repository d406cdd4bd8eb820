// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the Rtl list helpers and the ExInterlocked list forms
// (rtl/wdk/rtl_lists.h), RtlSecureZeroMemory (rtl/wdk/rtl_memory.h), the GUID
// comparisons (wdkhost/wdk/guid.h), IoInitializeDriverCreateContext and
// ExInitializeDriverRuntime (wdkhost/wdk).

#include <cstdint>
#include <cstring>

#include <ntifs.h>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr uint32_t kSecurityCheck = 0x139;
constexpr uint64_t kListCorrupted = 3;

// A list head with two entries: head <-> a <-> b <-> head.
struct TwoEntries {
  LIST_ENTRY head;
  LIST_ENTRY a;
  LIST_ENTRY b;
  TwoEntries() {
    InitializeListHead(&head);
    InsertTailList(&head, &a);
    InsertTailList(&head, &b);
  }
  bool Intact() const {
    return head.Flink == &a && a.Flink == &b && b.Flink == &head && head.Blink == &b &&
           b.Blink == &a && a.Blink == &head;
  }
};

// --- InitializeListHead / IsListEmpty -----------------------------------------------

MISUSE_CASE(InitializeListHead, NullHead) {
  EXPECT_ONLY_BUGCHECK(InitializeListHead(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(InitializeListHead(nullptr), 0xD1, {0, DISPATCH_LEVEL, 1, 0});
  });
}

MISUSE_CASE(InitializeListHead, AnyIrqlAndTwice) {
  LIST_ENTRY head;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(InitializeListHead(&head)); });
  EXPECT_EQ(head.Flink, &head);
  // Initializing again forgets the entries (they are the driver's memory).
  LIST_ENTRY entry;
  InsertHeadList(&head, &entry);
  EXPECT_NO_BUGCHECK(InitializeListHead(&head));
  EXPECT_TRUE(IsListEmpty(&head));
}

MISUSE_CASE(IsListEmpty, NullHead) {
  BOOLEAN empty = FALSE;
  EXPECT_ONLY_BUGCHECK(empty = IsListEmpty(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
  (void)empty;
}

MISUSE_CASE(IsListEmpty, ZeroedHead) {
  // A zeroed head's Flink is NULL, not the head: not empty, and no access.
  LIST_ENTRY head = {};
  BOOLEAN empty = TRUE;
  EXPECT_NO_BUGCHECK(empty = IsListEmpty(&head));
  EXPECT_FALSE(empty);
}

// --- insertions ---------------------------------------------------------------------

MISUSE_CASE(InsertHeadList, NullPointers) {
  LIST_ENTRY head;
  InitializeListHead(&head);
  LIST_ENTRY entry;
  EXPECT_ONLY_BUGCHECK(InsertHeadList(nullptr, &entry), 0x1E, {kAccessViolation, 0, 0, 0});
  EXPECT_ONLY_BUGCHECK(InsertHeadList(&head, nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
  EXPECT_TRUE(IsListEmpty(&head));
}

MISUSE_CASE(InsertHeadList, ZeroedHead) {
  LIST_ENTRY head = {};
  LIST_ENTRY entry;
  EXPECT_ONLY_BUGCHECK(InsertHeadList(&head, &entry), 0x1E, {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(head.Flink, nullptr);
}

MISUSE_CASE(InsertHeadList, CorruptedHead) {
  TwoEntries list;
  list.a.Blink = &list.b;  // the first entry no longer points back at the head
  LIST_ENTRY entry = {};
  EXPECT_ONLY_BUGCHECK(InsertHeadList(&list.head, &entry), kSecurityCheck,
                       {kListCorrupted, 0, 0, 0});
  EXPECT_EQ(list.head.Flink, &list.a);
  EXPECT_EQ(entry.Flink, nullptr);
}

MISUSE_CASE(InsertHeadList, AtHighLevel) {
  LIST_ENTRY head;
  InitializeListHead(&head);
  LIST_ENTRY entry;
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(InsertHeadList(&head, &entry)); });
  EXPECT_EQ(head.Flink, &entry);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(InsertHeadList(nullptr, &entry), 0xD1, {0, HIGH_LEVEL, 0, 0});
  });
}

MISUSE_CASE(InsertTailList, NullPointers) {
  LIST_ENTRY head;
  InitializeListHead(&head);
  LIST_ENTRY entry;
  EXPECT_ONLY_BUGCHECK(InsertTailList(nullptr, &entry), 0x1E, {kAccessViolation, 0, 0, 0});
  EXPECT_ONLY_BUGCHECK(InsertTailList(&head, nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
  EXPECT_TRUE(IsListEmpty(&head));
}

MISUSE_CASE(InsertTailList, CorruptedHead) {
  TwoEntries list;
  list.b.Flink = &list.a;  // the last entry no longer points at the head
  LIST_ENTRY entry = {};
  EXPECT_ONLY_BUGCHECK(InsertTailList(&list.head, &entry), kSecurityCheck,
                       {kListCorrupted, 0, 0, 0});
  EXPECT_EQ(list.head.Blink, &list.b);
  EXPECT_EQ(entry.Flink, nullptr);
}

MISUSE_CASE(InsertTailList, EntryAlreadyOnTheList) {
  // Inserting an entry that is already linked (the usual double insert):
  // the list stays walkable because the check runs on the head only, and
  // the later removal of the stale link is what Windows catches.
  TwoEntries list;
  EXPECT_ONLY_BUGCHECK(
      {
        InsertTailList(&list.head, &list.a);  // a moves to the tail; b's Flink still says a
        RemoveEntryList(&list.b);             // b's neighbours no longer point back at b
      },
      kSecurityCheck, {kListCorrupted, 0, 0, 0});
}

// --- removals -----------------------------------------------------------------------

MISUSE_CASE(RemoveHeadList, NullAndEmpty) {
  EXPECT_ONLY_BUGCHECK(RemoveHeadList(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
  LIST_ENTRY head;
  InitializeListHead(&head);
  PLIST_ENTRY removed = nullptr;
  EXPECT_NO_BUGCHECK(removed = RemoveHeadList(&head));
  EXPECT_EQ(removed, &head);
}

MISUSE_CASE(RemoveHeadList, CorruptedFirstEntry) {
  TwoEntries list;
  list.b.Blink = &list.head;  // the second entry no longer points back at the first
  PLIST_ENTRY removed = nullptr;
  EXPECT_ONLY_BUGCHECK(removed = RemoveHeadList(&list.head), kSecurityCheck,
                       {kListCorrupted, 0, 0, 0});
  EXPECT_EQ(list.head.Flink, &list.a);
  EXPECT_NE(removed, &list.a);
}

MISUSE_CASE(RemoveHeadList, HalfEmptyHead) {
  // Flink says empty, Blink says otherwise.
  LIST_ENTRY head;
  LIST_ENTRY other;
  head.Flink = &head;
  head.Blink = &other;
  EXPECT_ONLY_BUGCHECK(RemoveHeadList(&head), kSecurityCheck, {kListCorrupted, 0, 0, 0});
}

MISUSE_CASE(RemoveTailList, NullAndEmpty) {
  EXPECT_ONLY_BUGCHECK(RemoveTailList(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
  LIST_ENTRY head;
  InitializeListHead(&head);
  PLIST_ENTRY removed = nullptr;
  EXPECT_NO_BUGCHECK(removed = RemoveTailList(&head));
  EXPECT_EQ(removed, &head);
}

MISUSE_CASE(RemoveTailList, CorruptedLastEntry) {
  TwoEntries list;
  list.a.Flink = &list.head;  // the first entry no longer points at the last
  PLIST_ENTRY removed = nullptr;
  EXPECT_ONLY_BUGCHECK(removed = RemoveTailList(&list.head), kSecurityCheck,
                       {kListCorrupted, 0, 0, 0});
  EXPECT_EQ(list.head.Blink, &list.b);
  EXPECT_NE(removed, &list.b);
}

MISUSE_CASE(RemoveEntryList, Twice) {
  TwoEntries list;
  EXPECT_FALSE(RemoveEntryList(&list.a));
  EXPECT_ONLY_BUGCHECK(RemoveEntryList(&list.a), kSecurityCheck, {kListCorrupted, 0, 0, 0});
  EXPECT_EQ(list.head.Flink, &list.b);
  EXPECT_EQ(list.b.Blink, &list.head);
}

MISUSE_CASE(RemoveEntryList, NeverInserted) {
  TwoEntries list;
  LIST_ENTRY stranger;
  stranger.Flink = &list.a;
  stranger.Blink = &list.head;
  EXPECT_ONLY_BUGCHECK(RemoveEntryList(&stranger), kSecurityCheck, {kListCorrupted, 0, 0, 0});
  EXPECT_TRUE(list.Intact());
}

MISUSE_CASE(RemoveEntryList, NullEntryAndLinks) {
  EXPECT_ONLY_BUGCHECK(RemoveEntryList(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
  LIST_ENTRY zeroed = {};
  EXPECT_ONLY_BUGCHECK(RemoveEntryList(&zeroed), 0x1E, {kAccessViolation, 0, 0, 0});
}

MISUSE_CASE(AppendTailList, NullPointers) {
  LIST_ENTRY head;
  InitializeListHead(&head);
  EXPECT_ONLY_BUGCHECK(AppendTailList(nullptr, &head), 0x1E, {kAccessViolation, 0, 0, 0});
  EXPECT_ONLY_BUGCHECK(AppendTailList(&head, nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
  EXPECT_TRUE(IsListEmpty(&head));
}

MISUSE_CASE(AppendTailList, CorruptedEitherList) {
  TwoEntries list;
  TwoEntries other;
  list.b.Flink = &list.a;
  EXPECT_ONLY_BUGCHECK(AppendTailList(&list.head, &other.a), kSecurityCheck,
                       {kListCorrupted, 0, 0, 0});
  list.b.Flink = &list.head;
  other.b.Blink = &other.head;  // other.a's successor no longer points back
  EXPECT_ONLY_BUGCHECK(AppendTailList(&list.head, &other.a), kSecurityCheck,
                       {kListCorrupted, 0, 0, 0});
  EXPECT_TRUE(list.Intact());
}

// --- singly linked --------------------------------------------------------------------

MISUSE_CASE(PushEntryList, NullPointers) {
  SINGLE_LIST_ENTRY head = {};
  SINGLE_LIST_ENTRY entry = {};
  EXPECT_ONLY_BUGCHECK(PushEntryList(nullptr, &entry), 0x1E, {kAccessViolation, 0, 1, 0});
  EXPECT_ONLY_BUGCHECK(PushEntryList(&head, nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(head.Next, nullptr);
}

MISUSE_CASE(PopEntryList, NullAndEmpty) {
  PSINGLE_LIST_ENTRY popped = reinterpret_cast<PSINGLE_LIST_ENTRY>(1);
  EXPECT_ONLY_BUGCHECK(popped = PopEntryList(nullptr), 0x1E, {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(popped, nullptr);
  SINGLE_LIST_ENTRY head = {};
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(popped = PopEntryList(&head)); });
  EXPECT_EQ(popped, nullptr);
}

// --- ExInterlocked ----------------------------------------------------------------------

MISUSE_CASE(ExInterlockedInsertHeadList, NullPointers) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  LIST_ENTRY head;
  InitializeListHead(&head);
  LIST_ENTRY entry;
  PLIST_ENTRY first = reinterpret_cast<PLIST_ENTRY>(1);
  EXPECT_ONLY_BUGCHECK(first = ExInterlockedInsertHeadList(&head, &entry, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(first, nullptr);
  // The list is touched with the lock held, at DISPATCH_LEVEL.
  EXPECT_ONLY_BUGCHECK(ExInterlockedInsertHeadList(nullptr, &entry, &lock), 0xD1,
                       {0, DISPATCH_LEVEL, 0, 0});
  EXPECT_ONLY_BUGCHECK(ExInterlockedInsertHeadList(&head, nullptr, &lock), 0xD1,
                       {0, DISPATCH_LEVEL, 1, 0});
  EXPECT_TRUE(IsListEmpty(&head));
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(ExInterlockedInsertHeadList, CorruptedList) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  TwoEntries list;
  list.a.Blink = &list.b;
  LIST_ENTRY entry = {};
  PLIST_ENTRY first = reinterpret_cast<PLIST_ENTRY>(1);
  EXPECT_ONLY_BUGCHECK(first = ExInterlockedInsertHeadList(&list.head, &entry, &lock),
                       kSecurityCheck, {kListCorrupted, 0, 0, 0});
  EXPECT_EQ(first, nullptr);
  EXPECT_EQ(list.head.Flink, &list.a);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  // The lock was released: it can be taken again.
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  KeReleaseSpinLock(&lock, old);
}

MISUSE_CASE(ExInterlockedInsertHeadList, AtHighLevel) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  LIST_ENTRY head;
  InitializeListHead(&head);
  LIST_ENTRY entry;
  PLIST_ENTRY first = reinterpret_cast<PLIST_ENTRY>(1);
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_NO_BUGCHECK(first = ExInterlockedInsertHeadList(&head, &entry, &lock));
    EXPECT_EQ(KeGetCurrentIrql(), HIGH_LEVEL);
  });
  EXPECT_EQ(first, nullptr);
  EXPECT_EQ(head.Flink, &entry);
}

void ShortSpinTimeout(poolsim::Options& o) { o.spin_timeout_ms = 20; }

MISUSE_CASE(ExInterlockedInsertHeadList, LockAlreadyHeld) {
  // The lock must serve this list only: a caller that holds it already
  // would spin forever on Windows; the simulator reports the recursion and
  // leaves both the list and the caller's hold as they were.
  ScopedOptions options(ShortSpinTimeout);
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  LIST_ENTRY head;
  InitializeListHead(&head);
  LIST_ENTRY entry = {};
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  EXPECT_ONLY_BUGCHECK(ExInterlockedInsertHeadList(&head, &entry, &lock), 0x0F);
  EXPECT_TRUE(IsListEmpty(&head));
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  EXPECT_NO_BUGCHECK(KeReleaseSpinLock(&lock, old));
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(ExInterlockedInsertHeadList, UninitializedLock) {
  ScopedOptions options(ShortSpinTimeout);
  KSPIN_LOCK lock = 0xDEADBEEF;
  LIST_ENTRY head;
  InitializeListHead(&head);
  LIST_ENTRY entry = {};
  EXPECT_ONLY_BUGCHECK(ExInterlockedInsertHeadList(&head, &entry, &lock), 0x133,
                       {0x01, 20, reinterpret_cast<uintptr_t>(&lock)});
  EXPECT_TRUE(IsListEmpty(&head));
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(ExInterlockedPopEntryList, LockAlreadyHeld) {
  ScopedOptions options(ShortSpinTimeout);
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  SINGLE_LIST_ENTRY head = {};
  SINGLE_LIST_ENTRY entry = {};
  PushEntryList(&head, &entry);
  KIRQL old;
  KeAcquireSpinLock(&lock, &old);
  PSINGLE_LIST_ENTRY popped = reinterpret_cast<PSINGLE_LIST_ENTRY>(1);
  EXPECT_ONLY_BUGCHECK(popped = ExInterlockedPopEntryList(&head, &lock), 0x0F);
  EXPECT_EQ(popped, nullptr);
  EXPECT_EQ(head.Next, &entry);
  EXPECT_NO_BUGCHECK(KeReleaseSpinLock(&lock, old));
}

MISUSE_CASE(ExInterlockedInsertTailList, NullPointers) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  LIST_ENTRY head;
  InitializeListHead(&head);
  LIST_ENTRY entry;
  EXPECT_ONLY_BUGCHECK(ExInterlockedInsertTailList(&head, &entry, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_ONLY_BUGCHECK(ExInterlockedInsertTailList(nullptr, &entry, &lock), 0xD1,
                       {0, DISPATCH_LEVEL, 0, 0});
  EXPECT_ONLY_BUGCHECK(ExInterlockedInsertTailList(&head, nullptr, &lock), 0xD1,
                       {0, DISPATCH_LEVEL, 1, 0});
  EXPECT_TRUE(IsListEmpty(&head));
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(ExInterlockedInsertTailList, CorruptedList) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  TwoEntries list;
  list.b.Flink = &list.a;
  LIST_ENTRY entry = {};
  PLIST_ENTRY last = reinterpret_cast<PLIST_ENTRY>(1);
  EXPECT_ONLY_BUGCHECK(last = ExInterlockedInsertTailList(&list.head, &entry, &lock),
                       kSecurityCheck, {kListCorrupted, 0, 0, 0});
  EXPECT_EQ(last, nullptr);
  EXPECT_EQ(list.head.Blink, &list.b);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(ExInterlockedRemoveHeadList, NullEmptyAndCorrupted) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  LIST_ENTRY head;
  InitializeListHead(&head);
  EXPECT_ONLY_BUGCHECK(ExInterlockedRemoveHeadList(&head, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_ONLY_BUGCHECK(ExInterlockedRemoveHeadList(nullptr, &lock), 0xD1,
                       {0, DISPATCH_LEVEL, 0, 0});
  PLIST_ENTRY removed = reinterpret_cast<PLIST_ENTRY>(1);
  EXPECT_NO_BUGCHECK(removed = ExInterlockedRemoveHeadList(&head, &lock));
  EXPECT_EQ(removed, nullptr);  // empty: NULL, not the head
  TwoEntries list;
  list.b.Blink = &list.head;
  removed = reinterpret_cast<PLIST_ENTRY>(1);
  EXPECT_ONLY_BUGCHECK(removed = ExInterlockedRemoveHeadList(&list.head, &lock),
                       kSecurityCheck, {kListCorrupted, 0, 0, 0});
  EXPECT_EQ(removed, nullptr);
  EXPECT_EQ(list.head.Flink, &list.a);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(ExInterlockedRemoveHeadList, ZeroedHead) {
  // A head never initialized but zeroed: its NULL Flink is followed with
  // the lock held, at DISPATCH_LEVEL.
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  LIST_ENTRY head = {};
  PLIST_ENTRY removed = reinterpret_cast<PLIST_ENTRY>(1);
  EXPECT_ONLY_BUGCHECK(removed = ExInterlockedRemoveHeadList(&head, &lock), 0xD1,
                       {0, DISPATCH_LEVEL, 0, 0});
  EXPECT_EQ(removed, nullptr);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_EQ(lock, 0u);  // released
}

MISUSE_CASE(ExInterlockedPushEntryList, NullPointers) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  SINGLE_LIST_ENTRY head = {};
  SINGLE_LIST_ENTRY entry = {};
  EXPECT_ONLY_BUGCHECK(ExInterlockedPushEntryList(&head, &entry, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_ONLY_BUGCHECK(ExInterlockedPushEntryList(nullptr, &entry, &lock), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_ONLY_BUGCHECK(ExInterlockedPushEntryList(&head, nullptr, &lock), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_EQ(head.Next, nullptr);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

MISUSE_CASE(ExInterlockedPopEntryList, NullAndEmpty) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  SINGLE_LIST_ENTRY head = {};
  EXPECT_ONLY_BUGCHECK(ExInterlockedPopEntryList(&head, nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  EXPECT_ONLY_BUGCHECK(ExInterlockedPopEntryList(nullptr, &lock), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  PSINGLE_LIST_ENTRY popped = reinterpret_cast<PSINGLE_LIST_ENTRY>(1);
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(popped = ExInterlockedPopEntryList(&head, &lock)); });
  EXPECT_EQ(popped, nullptr);
}

// --- RtlSecureZeroMemory ------------------------------------------------------------

MISUSE_CASE(RtlSecureZeroMemory, NullDestination) {
  EXPECT_ONLY_BUGCHECK(RtlSecureZeroMemory(nullptr, 16), 0x1E, {kAccessViolation, 0, 1, 0});
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(RtlSecureZeroMemory(nullptr, 16), 0xD1, {0, DISPATCH_LEVEL, 1, 0});
  });
  // Nothing to write: no access.
  EXPECT_NO_BUGCHECK(RtlSecureZeroMemory(nullptr, 0));
}

MISUSE_CASE(RtlSecureZeroMemory, SizesZeroOneAndWhole) {
  unsigned char secret[8];
  std::memset(secret, 0x5A, sizeof(secret));
  EXPECT_EQ(RtlSecureZeroMemory(secret, 0), secret);
  EXPECT_EQ(secret[0], 0x5A);
  EXPECT_EQ(RtlSecureZeroMemory(secret, 1), secret);
  EXPECT_EQ(secret[0], 0);
  EXPECT_EQ(secret[1], 0x5A);
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(RtlSecureZeroMemory(secret, sizeof(secret))); });
  for (unsigned char c : secret) EXPECT_EQ(c, 0);
}

// --- GUIDs ----------------------------------------------------------------------------

const GUID kGuid = {0x01234567, 0x89AB, 0xCDEF, {0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE}};

MISUSE_CASE(IsEqualGUID, EveryByteCounts) {
  EXPECT_TRUE(IsEqualGUID(kGuid, kGuid));
  for (size_t i = 0; i < sizeof(GUID); ++i) {
    GUID other = kGuid;
    reinterpret_cast<unsigned char*>(&other)[i] ^= 0x80;
    EXPECT_FALSE(IsEqualGUID(kGuid, other)) << "byte " << i;
    EXPECT_FALSE(IsEqualGUID(other, kGuid)) << "byte " << i;
  }
}

MISUSE_CASE(InlineIsEqualGUID, EveryByteCounts) {
  GUID copy;
  std::memcpy(&copy, &kGuid, sizeof(copy));
  EXPECT_TRUE(InlineIsEqualGUID(kGuid, copy));
  for (size_t i = 0; i < sizeof(GUID); ++i) {
    GUID other = kGuid;
    reinterpret_cast<unsigned char*>(&other)[i] ^= 0x01;
    EXPECT_FALSE(InlineIsEqualGUID(kGuid, other)) << "byte " << i;
  }
}

// --- driver run time ------------------------------------------------------------------

MISUSE_CASE(IoInitializeDriverCreateContext, GarbageIsOverwritten) {
  IO_DRIVER_CREATE_CONTEXT context;
  std::memset(&context, 0xA5, sizeof(context));
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(IoInitializeDriverCreateContext(&context)); });
  EXPECT_EQ(context.Size, static_cast<CSHORT>(sizeof(IO_DRIVER_CREATE_CONTEXT)));
  EXPECT_EQ(context.ExtraCreateParameter, nullptr);
  EXPECT_EQ(context.DeviceObjectHint, nullptr);
  EXPECT_EQ(context.TxnParameters, nullptr);
  EXPECT_EQ(context.SiloContext, nullptr);
}

// Restores the process-wide run-time defaults a case changes.
class RuntimeDefaults {
 public:
  RuntimeDefaults() : pool_(ExDefaultNonPagedPoolType), mdl_(ExDefaultMdlProtection) {}
  ~RuntimeDefaults() {
    ExDefaultNonPagedPoolType = pool_;
    ExDefaultMdlProtection = mdl_;
  }

 private:
  POOL_TYPE pool_;
  ULONG mdl_;
};

MISUSE_CASE(ExInitializeDriverRuntime, UndefinedFlagsIgnored) {
  RuntimeDefaults restore;
  ExDefaultNonPagedPoolType = NonPagedPool;
  ExDefaultMdlProtection = 0;
  EXPECT_NO_BUGCHECK(ExInitializeDriverRuntime(0));
  EXPECT_NO_BUGCHECK(ExInitializeDriverRuntime(~static_cast<ULONG>(DrvRtPoolNxOptIn)));
  EXPECT_EQ(ExDefaultNonPagedPoolType, NonPagedPool);
  EXPECT_EQ(ExDefaultMdlProtection, 0u);
}

MISUSE_CASE(ExInitializeDriverRuntime, TwiceAndAtHighLevel) {
  RuntimeDefaults restore;
  ExDefaultNonPagedPoolType = NonPagedPool;
  ExDefaultMdlProtection = 0;
  EXPECT_NO_BUGCHECK(ExInitializeDriverRuntime(DrvRtPoolNxOptIn));
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(ExInitializeDriverRuntime(DrvRtPoolNxOptIn)); });
  EXPECT_EQ(ExDefaultNonPagedPoolType, NonPagedPoolNx);
  EXPECT_EQ(ExDefaultMdlProtection, static_cast<ULONG>(MdlMappingNoExecute));
}

}  // namespace
}  // namespace misuse
