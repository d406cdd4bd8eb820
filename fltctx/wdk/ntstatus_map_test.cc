// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "fltctx/wdk/ntstatus_map.h"

#include "gtest/gtest.h"

namespace fltctx {
namespace fltctx_internal {
namespace {

template <typename E>
struct Row {
  E outcome;
  uint32_t status;
};

TEST(NtStatusMap, Allocate) {
  const Row<AllocateOutcome> rows[] = {
      {AllocateOutcome::kAllocated, 0x00000000},
      {AllocateOutcome::kInvalidType, 0xC000000D},
      {AllocateOutcome::kInvalidSize, 0xC000000D},
      {AllocateOutcome::kSizeTooLarge, 0xC0000206},
      {AllocateOutcome::kFilterDeleting, 0xC01C000B},
      {AllocateOutcome::kDefinitionNotFound, 0xC01C0016},
      {AllocateOutcome::kMustBeNonPaged, 0xC01C000C},
      {AllocateOutcome::kInvalidPoolType, 0xC000000D},
      {AllocateOutcome::kInsufficientResources, 0xC000009A},
  };
  for (const auto& r : rows) EXPECT_EQ(static_cast<uint32_t>(ToNtStatus(r.outcome)), r.status);
}

TEST(NtStatusMap, SetGetDelete) {
  const Row<SetOutcome> set[] = {
      {SetOutcome::kInserted, 0},
      {SetOutcome::kReplaced, 0},
      {SetOutcome::kKeptExisting, 0xC01C0002},
      {SetOutcome::kObjectGone, 0xC01C000B},
      {SetOutcome::kAlreadyLinked, 0xC01C001C},
      {SetOutcome::kInvalidParameter, 0xC000000D},
      {SetOutcome::kNotSupported, 0xC00000BB},
  };
  for (const auto& r : set) EXPECT_EQ(static_cast<uint32_t>(ToNtStatus(r.outcome)), r.status);
  const Row<GetOutcome> get[] = {
      {GetOutcome::kFound, 0}, {GetOutcome::kNotFound, 0xC0000225},
      {GetOutcome::kNotSupported, 0xC00000BB}};
  for (const auto& r : get) EXPECT_EQ(static_cast<uint32_t>(ToNtStatus(r.outcome)), r.status);
  const Row<DeleteOutcome> del[] = {{DeleteOutcome::kDeleted, 0},
                                    {DeleteOutcome::kNotFound, 0xC0000225},
                                    {DeleteOutcome::kNotSupported, 0xC00000BB},
                                    {DeleteOutcome::kObjectGone, 0xC01C000B}};
  for (const auto& r : del) EXPECT_EQ(static_cast<uint32_t>(ToNtStatus(r.outcome)), r.status);
}

TEST(NtStatusMap, RegistrationSectionsTransactions) {
  const Row<RegisterOutcome> reg[] = {{RegisterOutcome::kRegistered, 0},
                                      {RegisterOutcome::kInvalidParameter, 0xC000000D},
                                      {RegisterOutcome::kInvalidContextRegistration, 0xC01C0017},
                                      {RegisterOutcome::kNotInitialized, 0xC01C0007}};
  for (const auto& r : reg) EXPECT_EQ(static_cast<uint32_t>(ToNtStatus(r.outcome)), r.status);
  const Row<CreateSectionOutcome> create[] = {
      {CreateSectionOutcome::kCreated, 0},
      {CreateSectionOutcome::kAlreadyDefined, 0xC01C0002},
      {CreateSectionOutcome::kInvalidParameter, 0xC000000D},
      {CreateSectionOutcome::kNotSupported, 0xC00000BB},
      {CreateSectionOutcome::kEndOfFile, 0xC0000011},
      {CreateSectionOutcome::kObjectGone, 0xC01C000B},
      {CreateSectionOutcome::kAlreadyLinked, 0xC01C001C}};
  for (const auto& r : create) EXPECT_EQ(static_cast<uint32_t>(ToNtStatus(r.outcome)), r.status);
  const Row<CloseSectionOutcome> close[] = {{CloseSectionOutcome::kClosed, 0},
                                            {CloseSectionOutcome::kNeverCreated, 0xC000000D},
                                            {CloseSectionOutcome::kAlreadyClosed, 0xC0000225}};
  for (const auto& r : close) EXPECT_EQ(static_cast<uint32_t>(ToNtStatus(r.outcome)), r.status);
  const Row<EnlistOutcome> enlist[] = {{EnlistOutcome::kEnlisted, 0},
                                       {EnlistOutcome::kAlreadyEnlisted, 0xC01C001B},
                                       {EnlistOutcome::kInvalidParameter, 0xC000000D},
                                       {EnlistOutcome::kInvalidMask, 0xC00000F2},
                                       {EnlistOutcome::kObjectGone, 0xC01C000B}};
  for (const auto& r : enlist) EXPECT_EQ(static_cast<uint32_t>(ToNtStatus(r.outcome)), r.status);
  const Row<DataScanOutcome> scan[] = {{DataScanOutcome::kRegistered, 0},
                                       {DataScanOutcome::kNotSupported, 0xC00000BB},
                                       {DataScanOutcome::kObjectGone, 0xC01C000B}};
  for (const auto& r : scan) EXPECT_EQ(static_cast<uint32_t>(ToNtStatus(r.outcome)), r.status);
  EXPECT_EQ(ToNtStatus(StartOutcome::kStarted), STATUS_SUCCESS);
  EXPECT_EQ(ToNtStatus(StartOutcome::kInvalidParameter), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ToNtStatus(GetContextsOutcome::kOk), STATUS_SUCCESS);
  EXPECT_EQ(ToNtStatus(GetContextsOutcome::kInvalidParameter), STATUS_INVALID_PARAMETER);
}

}  // namespace
}  // namespace fltctx_internal
}  // namespace fltctx
