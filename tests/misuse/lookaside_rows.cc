// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of lookaside lists (poolsim/wdk/wdm.h): the three list
// kinds share their checks, so each kind gets the classes its own calls can
// meet.

#include <cstdint>
#include <cstring>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// A list's storage that was never initialized: garbage, as on a stack.
template <typename List>
void Garbage(List* list) {
  std::memset(static_cast<void*>(list), 0xA5, sizeof(*list));
}

// Non-paged lists.

MISUSE_CASE(ExInitializeNPagedLookasideList, NullList) {
  EXPECT_ONLY_BUGCHECK(ExInitializeNPagedLookasideList(nullptr, nullptr,
                                                       nullptr, 0, 32, kTag, 0),
                       0x1E, {kAccessViolation, 0, 1});
}

MISUSE_CASE(ExInitializeNPagedLookasideList, EntryTooSmall) {
  NPAGED_LOOKASIDE_LIST list;
  Garbage(&list);
  EXPECT_ONLY_BUGCHECK(
      ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 1, kTag, 0),
      0xC4, {0xCD, Address(&list), 1});
}

MISUSE_CASE(ExInitializeNPagedLookasideList, Twice) {
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  EXPECT_ONLY_BUGCHECK(
      ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0),
      0xC4, {0xCA, Address(&list)});
  ExDeleteNPagedLookasideList(&list);
}

MISUSE_CASE(ExInitializeNPagedLookasideList, AboveDispatch) {
  NPAGED_LOOKASIDE_LIST list;
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExInitializeNPagedLookasideList(
                             &list, nullptr, nullptr, 0, 32, kTag, 0),
                         0x0A, {Address(&list), HIGH_LEVEL});
  });
}

MISUSE_CASE(ExAllocateFromNPagedLookasideList, NullList) {
  PVOID entry = reinterpret_cast<PVOID>(1);
  EXPECT_ONLY_BUGCHECK(entry = ExAllocateFromNPagedLookasideList(nullptr), 0x1E,
                       {kAccessViolation});
  EXPECT_EQ(entry, nullptr);
}

MISUSE_CASE(ExAllocateFromNPagedLookasideList, NotInitialized) {
  NPAGED_LOOKASIDE_LIST list;
  Garbage(&list);
  PVOID entry = reinterpret_cast<PVOID>(1);
  EXPECT_ONLY_BUGCHECK(entry = ExAllocateFromNPagedLookasideList(&list), 0xC4,
                       {0xCB, Address(&list)});
  EXPECT_EQ(entry, nullptr);
}

MISUSE_CASE(ExAllocateFromNPagedLookasideList, AfterDelete) {
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  ExDeleteNPagedLookasideList(&list);
  EXPECT_ONLY_BUGCHECK(ExAllocateFromNPagedLookasideList(&list), 0xC4,
                       {0xCB, Address(&list)});
}

MISUSE_CASE(ExFreeToNPagedLookasideList, NullArguments) {
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  PVOID entry = ExAllocateFromNPagedLookasideList(&list);
  EXPECT_ONLY_BUGCHECK(ExFreeToNPagedLookasideList(nullptr, entry), 0x1E,
                       {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(ExFreeToNPagedLookasideList(&list, nullptr), 0x1E,
                       {kAccessViolation});
  ExFreeToNPagedLookasideList(&list, entry);
  ExDeleteNPagedLookasideList(&list);
}

MISUSE_CASE(ExFreeToNPagedLookasideList, ForeignEntry) {
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  PVOID other = ExAllocatePool2(POOL_FLAG_NON_PAGED, 32, kTag);
  EXPECT_ONLY_BUGCHECK(ExFreeToNPagedLookasideList(&list, other), 0xC4,
                       {0x16, 0, Address(other)});
  ExFreePoolWithTag(other, kTag);
  ExDeleteNPagedLookasideList(&list);
}

MISUSE_CASE(ExFreeToNPagedLookasideList, EntryFreedToPoolFirst) {
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  PVOID entry = ExAllocateFromNPagedLookasideList(&list);
  ExFreePoolWithTag(entry, kTag);
  EXPECT_ONLY_BUGCHECK(ExFreeToNPagedLookasideList(&list, entry), 0xC6,
                       {Address(entry), 1, 0});
  ExDeleteNPagedLookasideList(&list);
}

MISUSE_CASE(ExFreeToNPagedLookasideList, Twice) {
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  PVOID entry = ExAllocateFromNPagedLookasideList(&list);
  ExFreeToNPagedLookasideList(&list, entry);
  const std::vector<poolsim::BugCheck> seen =
      Capture([&] { ExFreeToNPagedLookasideList(&list, entry); });
  EXPECT_EQ(seen.size(), 1u) << "a second free of the same entry is one report";
  ExDeleteNPagedLookasideList(&list);
}

MISUSE_CASE(ExDeleteNPagedLookasideList, NullAndNotInitialized) {
  EXPECT_ONLY_BUGCHECK(ExDeleteNPagedLookasideList(nullptr), 0x1E,
                       {kAccessViolation});
  NPAGED_LOOKASIDE_LIST list;
  Garbage(&list);
  EXPECT_ONLY_BUGCHECK(ExDeleteNPagedLookasideList(&list), 0xC4,
                       {0xCB, Address(&list)});
}

MISUSE_CASE(ExDeleteNPagedLookasideList, Twice) {
  NPAGED_LOOKASIDE_LIST list;
  ExInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  ExDeleteNPagedLookasideList(&list);
  EXPECT_ONLY_BUGCHECK(ExDeleteNPagedLookasideList(&list), 0xC4,
                       {0xCB, Address(&list)});
}

// Paged lists.

MISUSE_CASE(ExInitializePagedLookasideList, NullList) {
  EXPECT_ONLY_BUGCHECK(
      ExInitializePagedLookasideList(nullptr, nullptr, nullptr, 0, 32, kTag, 0),
      0x1E, {kAccessViolation});
}

MISUSE_CASE(ExInitializePagedLookasideList, AtDispatch) {
  PAGED_LOOKASIDE_LIST list;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(
        ExInitializePagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0),
        0x0A, {Address(&list), DISPATCH_LEVEL});
  });
}

MISUSE_CASE(ExInitializePagedLookasideList, EntryTooSmall) {
  PAGED_LOOKASIDE_LIST list;
  Garbage(&list);
  EXPECT_ONLY_BUGCHECK(
      ExInitializePagedLookasideList(&list, nullptr, nullptr, 0, 0, kTag, 0),
      0xC4, {0xCD, Address(&list), 0});
}

MISUSE_CASE(ExAllocateFromPagedLookasideList, AtDispatch) {
  PAGED_LOOKASIDE_LIST list;
  ExInitializePagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  AtIrql(DISPATCH_LEVEL, [&] {
    PVOID entry = reinterpret_cast<PVOID>(1);
    EXPECT_ONLY_BUGCHECK(entry = ExAllocateFromPagedLookasideList(&list), 0x0A,
                         {Address(&list), DISPATCH_LEVEL});
    EXPECT_EQ(entry, nullptr);
  });
  ExDeletePagedLookasideList(&list);
}

MISUSE_CASE(ExAllocateFromPagedLookasideList, NullAndNotInitialized) {
  EXPECT_ONLY_BUGCHECK(ExAllocateFromPagedLookasideList(nullptr), 0x1E,
                       {kAccessViolation});
  PAGED_LOOKASIDE_LIST list;
  Garbage(&list);
  EXPECT_ONLY_BUGCHECK(ExAllocateFromPagedLookasideList(&list), 0xC4,
                       {0xCB, Address(&list)});
}

MISUSE_CASE(ExFreeToPagedLookasideList, AtDispatch) {
  PAGED_LOOKASIDE_LIST list;
  ExInitializePagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  PVOID entry = ExAllocateFromPagedLookasideList(&list);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExFreeToPagedLookasideList(&list, entry), 0x0A,
                         {Address(&list), DISPATCH_LEVEL});
  });
  ExFreeToPagedLookasideList(&list, entry);
  ExDeletePagedLookasideList(&list);
}

MISUSE_CASE(ExFreeToPagedLookasideList, NullAndForeign) {
  PAGED_LOOKASIDE_LIST list;
  ExInitializePagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  EXPECT_ONLY_BUGCHECK(ExFreeToPagedLookasideList(&list, nullptr), 0x1E,
                       {kAccessViolation});
  int not_an_entry = 0;
  EXPECT_ONLY_BUGCHECK(ExFreeToPagedLookasideList(&list, &not_an_entry), 0xC4,
                       {0x16, 0, Address(&not_an_entry)});
  ExDeletePagedLookasideList(&list);
}

MISUSE_CASE(ExDeletePagedLookasideList, NullAndTwice) {
  EXPECT_ONLY_BUGCHECK(ExDeletePagedLookasideList(nullptr), 0x1E,
                       {kAccessViolation});
  PAGED_LOOKASIDE_LIST list;
  ExInitializePagedLookasideList(&list, nullptr, nullptr, 0, 32, kTag, 0);
  ExDeletePagedLookasideList(&list);
  EXPECT_ONLY_BUGCHECK(ExDeletePagedLookasideList(&list), 0xC4,
                       {0xCB, Address(&list)});
}

// LOOKASIDE_LIST_EX: the initializer returns statuses.

MISUSE_CASE(ExInitializeLookasideListEx, NullList) {
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_ONLY_BUGCHECK(
      status = ExInitializeLookasideListEx(nullptr, nullptr, nullptr,
                                           NonPagedPoolNx, 0, 32, kTag, 0),
      0x1E, {kAccessViolation});
  EXPECT_NE(status, STATUS_SUCCESS);
}

MISUSE_CASE(ExInitializeLookasideListEx, BadPoolType) {
  LOOKASIDE_LIST_EX list;
  EXPECT_EQ(
      ExInitializeLookasideListEx(&list, nullptr, nullptr,
                                  static_cast<POOL_TYPE>(0x7F), 0, 32, kTag, 0),
      STATUS_INVALID_PARAMETER_4);
}

MISUSE_CASE(ExInitializeLookasideListEx, BadFlags) {
  LOOKASIDE_LIST_EX list;
  EXPECT_EQ(ExInitializeLookasideListEx(&list, nullptr, nullptr, NonPagedPoolNx,
                                        0x80000000u, 32, kTag, 0),
            STATUS_INVALID_PARAMETER_5);
  // Both failure behaviours at once are contradictory.
  EXPECT_EQ(
      ExInitializeLookasideListEx(&list, nullptr, nullptr, NonPagedPoolNx,
                                  EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL |
                                      EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE,
                                  32, kTag, 0),
      STATUS_INVALID_PARAMETER_5);
}

MISUSE_CASE(ExInitializeLookasideListEx, EntryTooSmall) {
  LOOKASIDE_LIST_EX list;
  Garbage(&list);
  EXPECT_ONLY_BUGCHECK(
      ExInitializeLookasideListEx(&list, nullptr, nullptr, NonPagedPoolNx, 0, 1,
                                  kTag, 0),
      0xC4, {0xCD, Address(&list), 1});
}

MISUSE_CASE(ExAllocateFromLookasideListEx, NullAndNotInitialized) {
  EXPECT_ONLY_BUGCHECK(ExAllocateFromLookasideListEx(nullptr), 0x1E,
                       {kAccessViolation});
  LOOKASIDE_LIST_EX list;
  Garbage(&list);
  EXPECT_ONLY_BUGCHECK(ExAllocateFromLookasideListEx(&list), 0xC4,
                       {0xCB, Address(&list)});
}

MISUSE_CASE(ExAllocateFromLookasideListEx, PagedAtDispatch) {
  LOOKASIDE_LIST_EX list;
  ASSERT_EQ(ExInitializeLookasideListEx(&list, nullptr, nullptr, PagedPool, 0,
                                        32, kTag, 0),
            STATUS_SUCCESS);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAllocateFromLookasideListEx(&list), 0x0A,
                         {Address(&list), DISPATCH_LEVEL});
  });
  ExDeleteLookasideListEx(&list);
}

MISUSE_CASE(ExFreeToLookasideListEx, NullForeignAndFreedToPool) {
  LOOKASIDE_LIST_EX list;
  ASSERT_EQ(ExInitializeLookasideListEx(&list, nullptr, nullptr, NonPagedPoolNx,
                                        0, 32, kTag, 0),
            STATUS_SUCCESS);
  EXPECT_ONLY_BUGCHECK(ExFreeToLookasideListEx(&list, nullptr), 0x1E,
                       {kAccessViolation});
  EXPECT_ONLY_BUGCHECK(ExFreeToLookasideListEx(nullptr, &list), 0x1E,
                       {kAccessViolation});
  PVOID entry = ExAllocateFromLookasideListEx(&list);
  ExFreePoolWithTag(entry, kTag);
  EXPECT_ONLY_BUGCHECK(ExFreeToLookasideListEx(&list, entry), 0xC6,
                       {Address(entry), 1, 0});
  ExDeleteLookasideListEx(&list);
}

MISUSE_CASE(ExFlushLookasideListEx, NullAndNotInitialized) {
  EXPECT_ONLY_BUGCHECK(ExFlushLookasideListEx(nullptr), 0x1E,
                       {kAccessViolation});
  LOOKASIDE_LIST_EX list;
  Garbage(&list);
  EXPECT_ONLY_BUGCHECK(ExFlushLookasideListEx(&list), 0xC4,
                       {0xCB, Address(&list)});
}

MISUSE_CASE(ExDeleteLookasideListEx, NullAndTwice) {
  EXPECT_ONLY_BUGCHECK(ExDeleteLookasideListEx(nullptr), 0x1E,
                       {kAccessViolation});
  LOOKASIDE_LIST_EX list;
  ASSERT_EQ(ExInitializeLookasideListEx(&list, nullptr, nullptr, NonPagedPoolNx,
                                        0, 32, kTag, 0),
            STATUS_SUCCESS);
  ExDeleteLookasideListEx(&list);
  EXPECT_ONLY_BUGCHECK(ExDeleteLookasideListEx(&list), 0xC4,
                       {0xCB, Address(&list)});
}

}  // namespace
}  // namespace misuse
