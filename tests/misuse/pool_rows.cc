// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the executive pool (poolsim/wdk/wdm.h): the
// allocation family, the free family. Default (retail) checks: the 0xC2
// BAD_POOL_CALLER forms.

#include <cstdint>

#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr SIZE_T kHuge = ~static_cast<SIZE_T>(0);
constexpr ULONG kBigTag = 0x20474942;  // "BIG "
constexpr POOL_TYPE kMustSucceed =
    static_cast<POOL_TYPE>(2);  // NonPagedPoolMustSucceed
constexpr POOL_TYPE kUndefinedType = static_cast<POOL_TYPE>(0x7F);

// ExAllocatePoolWithTag and the legacy forms that share its checks.

MISUSE_CASE(ExAllocatePoolWithTag, TagZero) {
  PVOID p = reinterpret_cast<PVOID>(1);
  EXPECT_ONLY_BUGCHECK(p = ExAllocatePoolWithTag(NonPagedPoolNx, 16, 0), 0xC2,
                       {0x9B, NonPagedPoolNx, 16, 0});
  EXPECT_EQ(p, nullptr);
}

MISUSE_CASE(ExAllocatePoolWithTag, TagBig) {
  PVOID p = reinterpret_cast<PVOID>(1);
  EXPECT_ONLY_BUGCHECK(p = ExAllocatePoolWithTag(NonPagedPoolNx, 16, kBigTag),
                       0xC2, {0x9C, NonPagedPoolNx, 16, 0});
  EXPECT_EQ(p, nullptr);
}

MISUSE_CASE(ExAllocatePoolWithTag, MustSucceedPoolType) {
  PVOID p = reinterpret_cast<PVOID>(1);
  EXPECT_ONLY_BUGCHECK(p = ExAllocatePoolWithTag(kMustSucceed, 16, kTag), 0xC2,
                       {0x9A, 2, 16, kTag});
  EXPECT_EQ(p, nullptr);
}

MISUSE_CASE(ExAllocatePoolWithTag, HugeSizeIsNull) {
  PVOID p = reinterpret_cast<PVOID>(1);
  EXPECT_NO_BUGCHECK(p = ExAllocatePoolWithTag(NonPagedPoolNx, kHuge, kTag));
  EXPECT_EQ(p, nullptr);
  EXPECT_NO_BUGCHECK(p = ExAllocatePoolWithTag(PagedPool, kHuge / 2, kTag));
  EXPECT_EQ(p, nullptr);
}

MISUSE_CASE(ExAllocatePoolWithTag, SizeOneAndZero) {
  PVOID one = ExAllocatePoolWithTag(NonPagedPoolNx, 1, kTag);
  ASSERT_NE(one, nullptr);
  ExFreePoolWithTag(one, kTag);
  // Without Driver Verifier a zero-byte request is granted.
  PVOID zero = nullptr;
  EXPECT_NO_BUGCHECK(zero = ExAllocatePoolWithTag(NonPagedPoolNx, 0, kTag));
  ASSERT_NE(zero, nullptr);
  ExFreePoolWithTag(zero, kTag);
}

MISUSE_CASE(ExAllocatePoolWithTag, PagedAtDispatch) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAllocatePoolWithTag(PagedPool, 16, kTag), 0xC2,
                         {0x08, DISPATCH_LEVEL, PagedPool, 16});
  });
}

MISUSE_CASE(ExAllocatePoolWithTag, NonPagedAboveDispatch) {
  AtIrql(HIGH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAllocatePoolWithTag(NonPagedPoolNx, 16, kTag), 0xC2,
                         {0x08, HIGH_LEVEL, NonPagedPoolNx, 16});
  });
}

MISUSE_CASE(ExAllocatePoolWithTag, UndefinedPoolType) {
  for (ULONG type : {ULONG{3}, ULONG{7}, ULONG{kUndefinedType}, ULONG{0x40}}) {
    PVOID p = reinterpret_cast<PVOID>(1);
    EXPECT_NO_BUGCHECK(
        p = ExAllocatePoolWithTag(static_cast<POOL_TYPE>(type), 16, kTag));
    EXPECT_EQ(p, nullptr) << "pool type " << type;
  }
}

MISUSE_CASE(ExAllocatePool, UndefinedPoolType) {
  EXPECT_EQ(ExAllocatePool(kUndefinedType, 16), nullptr);
}

MISUSE_CASE(ExAllocatePool, MustSucceedPoolType) {
  PVOID p = reinterpret_cast<PVOID>(1);
  EXPECT_ONLY_BUGCHECK(p = ExAllocatePool(kMustSucceed, 16), 0xC2,
                       {0x9A, 2, 16});
  EXPECT_EQ(p, nullptr);
}

MISUSE_CASE(ExAllocatePool, HugeSizeIsNull) {
  PVOID p = reinterpret_cast<PVOID>(1);
  EXPECT_NO_BUGCHECK(p = ExAllocatePool(NonPagedPoolNx, kHuge));
  EXPECT_EQ(p, nullptr);
}

MISUSE_CASE(ExAllocatePool, PagedAtDispatch) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAllocatePool(PagedPool, 16), 0xC2,
                         {0x08, DISPATCH_LEVEL, PagedPool, 16});
  });
}

MISUSE_CASE(ExAllocatePoolWithTagPriority, HugeSizeIsNull) {
  PVOID p = reinterpret_cast<PVOID>(1);
  EXPECT_NO_BUGCHECK(p = ExAllocatePoolWithTagPriority(
                         NonPagedPoolNx, kHuge, kTag, NormalPoolPriority));
  EXPECT_EQ(p, nullptr);
}

MISUSE_CASE(ExAllocatePoolWithTagPriority, TagZero) {
  EXPECT_ONLY_BUGCHECK(
      ExAllocatePoolWithTagPriority(NonPagedPoolNx, 16, 0, NormalPoolPriority),
      0xC2, {0x9B, NonPagedPoolNx, 16, 0});
}

MISUSE_CASE(ExAllocatePoolWithTagPriority, PagedAtDispatch) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(
        ExAllocatePoolWithTagPriority(PagedPool, 16, kTag, NormalPoolPriority),
        0xC2, {0x08, DISPATCH_LEVEL, PagedPool, 16});
  });
}

MISUSE_CASE(ExAllocatePoolWithQuotaTag, HugeSizeFailsInsteadOfRaising) {
  PVOID p = reinterpret_cast<PVOID>(1);
  EXPECT_NO_BUGCHECK(p = ExAllocatePoolWithQuotaTag(
                         static_cast<POOL_TYPE>(
                             NonPagedPoolNx | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE),
                         kHuge, kTag));
  EXPECT_EQ(p, nullptr);
}

MISUSE_CASE(ExAllocatePoolWithQuotaTag, TagZero) {
  EXPECT_ONLY_BUGCHECK(
      ExAllocatePoolWithQuotaTag(
          static_cast<POOL_TYPE>(NonPagedPoolNx |
                                 POOL_QUOTA_FAIL_INSTEAD_OF_RAISE),
          16, 0),
      0xC2, {0x9B});
}

MISUSE_CASE(ExAllocatePoolWithQuota, HugeSizeFailsInsteadOfRaising) {
  PVOID p = reinterpret_cast<PVOID>(1);
  EXPECT_NO_BUGCHECK(p = ExAllocatePoolWithQuota(
                         static_cast<POOL_TYPE>(
                             NonPagedPoolNx | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE),
                         kHuge));
  EXPECT_EQ(p, nullptr);
}

// The inline wrappers, each a thin form of ExAllocatePool2 / WithTag.

MISUSE_CASE(ExAllocatePoolZero, HugeSizeIsNull) {
  EXPECT_EQ(ExAllocatePoolZero(NonPagedPoolNx, kHuge, kTag), nullptr);
}
MISUSE_CASE(ExAllocatePoolZero, PagedAtDispatch) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAllocatePoolZero(PagedPool, 16, kTag), 0xC2,
                         {0x08, DISPATCH_LEVEL});
  });
}
MISUSE_CASE(ExAllocatePoolUninitialized, HugeSizeIsNull) {
  EXPECT_EQ(ExAllocatePoolUninitialized(NonPagedPoolNx, kHuge, kTag), nullptr);
}
MISUSE_CASE(ExAllocatePoolUninitialized, PagedAtDispatch) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAllocatePoolUninitialized(PagedPool, 16, kTag), 0xC2,
                         {0x08, DISPATCH_LEVEL});
  });
}
MISUSE_CASE(ExAllocatePoolQuotaZero, HugeSizeIsNull) {
  EXPECT_EQ(ExAllocatePoolQuotaZero(
                static_cast<POOL_TYPE>(NonPagedPoolNx |
                                       POOL_QUOTA_FAIL_INSTEAD_OF_RAISE),
                kHuge, kTag),
            nullptr);
}
MISUSE_CASE(ExAllocatePoolQuotaUninitialized, HugeSizeIsNull) {
  EXPECT_EQ(ExAllocatePoolQuotaUninitialized(
                static_cast<POOL_TYPE>(NonPagedPoolNx |
                                       POOL_QUOTA_FAIL_INSTEAD_OF_RAISE),
                kHuge, kTag),
            nullptr);
}
MISUSE_CASE(ExAllocatePoolPriorityZero, HugeSizeIsNull) {
  EXPECT_EQ(ExAllocatePoolPriorityZero(NonPagedPoolNx, kHuge, kTag,
                                       NormalPoolPriority),
            nullptr);
}
MISUSE_CASE(ExAllocatePoolPriorityUninitialized, HugeSizeIsNull) {
  EXPECT_EQ(ExAllocatePoolPriorityUninitialized(NonPagedPoolNx, kHuge, kTag,
                                                NormalPoolPriority),
            nullptr);
}

// ExAllocatePool2 / 3: bad requests are NULL, not bug checks.

MISUSE_CASE(ExAllocatePool2, TagZeroIsNull) {
  PVOID p = reinterpret_cast<PVOID>(1);
  EXPECT_NO_BUGCHECK(p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 0));
  EXPECT_EQ(p, nullptr);
}

MISUSE_CASE(ExAllocatePool2, InvalidFlagsAreNull) {
  // No pool chosen, both pools chosen, and an undefined required bit (the
  // upper 32 bits are optional flags, which are ignored when unknown).
  EXPECT_EQ(ExAllocatePool2(0, 16, kTag), nullptr);
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED, 16, kTag),
            nullptr);
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED | (1ULL << 20), 16, kTag),
            nullptr);
}

MISUSE_CASE(ExAllocatePool2, HugeSizeIsNull) {
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED, kHuge, kTag), nullptr);
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_PAGED, SIZE_T{64} << 30, kTag), nullptr);
}

MISUSE_CASE(ExAllocatePool2, PagedAtDispatch) {
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(ExAllocatePool2(POOL_FLAG_PAGED, 16, kTag), 0xC2,
                         {0x08, DISPATCH_LEVEL});
  });
}

MISUSE_CASE(ExAllocatePool3, NullParametersWithCount) {
  // A count with no parameter array is an invalid request.
  PVOID p = reinterpret_cast<PVOID>(1);
  EXPECT_NO_BUGCHECK(
      p = ExAllocatePool3(POOL_FLAG_NON_PAGED, 16, kTag, nullptr, 1));
  EXPECT_EQ(p, nullptr);
}

MISUSE_CASE(ExAllocatePool3, HugeSizeIsNull) {
  EXPECT_EQ(ExAllocatePool3(POOL_FLAG_NON_PAGED, kHuge, kTag, nullptr, 0),
            nullptr);
}

// The free family.

MISUSE_CASE(ExFreePoolWithTag, Null) {
  EXPECT_ONLY_BUGCHECK(ExFreePoolWithTag(nullptr, kTag), 0xC2, {0x46, 0, 0, 0});
}

MISUSE_CASE(ExFreePoolWithTag, DoubleFree) {
  PVOID p = ExAllocatePoolWithTag(NonPagedPoolNx, 16, kTag);
  ASSERT_NE(p, nullptr);
  ExFreePoolWithTag(p, kTag);
  EXPECT_ONLY_BUGCHECK(ExFreePoolWithTag(p, kTag), 0xC2,
                       {0x07, 0, kTag, reinterpret_cast<uintptr_t>(p)});
}

MISUSE_CASE(ExFreePoolWithTag, ForeignPointer) {
  static char not_pool[32];
  EXPECT_ONLY_BUGCHECK(ExFreePoolWithTag(not_pool, kTag), 0xC2,
                       {0x46, reinterpret_cast<uintptr_t>(not_pool)});
}

MISUSE_CASE(ExFreePoolWithTag, InteriorPointer) {
  char* p = static_cast<char*>(ExAllocatePoolWithTag(NonPagedPoolNx, 64, kTag));
  ASSERT_NE(p, nullptr);
  EXPECT_ONLY_BUGCHECK(ExFreePoolWithTag(p + 8, kTag), 0xC2,
                       {0x46, reinterpret_cast<uintptr_t>(p + 8)});
  ExFreePoolWithTag(p, kTag);
}

MISUSE_CASE(ExFreePoolWithTag, WrongTag) {
  PVOID p = ExAllocatePoolWithTag(NonPagedPoolNx, 16, kTag);
  ASSERT_NE(p, nullptr);
  EXPECT_ONLY_BUGCHECK(ExFreePoolWithTag(p, kTag + 1), 0xC2,
                       {0x0A, reinterpret_cast<uintptr_t>(p), kTag, kTag + 1});
  ExFreePoolWithTag(p, kTag);
}

MISUSE_CASE(ExFreePoolWithTag, PagedAtDispatch) {
  PVOID p = ExAllocatePoolWithTag(PagedPool, 16, kTag);
  ASSERT_NE(p, nullptr);
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(
        ExFreePoolWithTag(p, kTag), 0xC2,
        {0x09, DISPATCH_LEVEL, PagedPool, reinterpret_cast<uintptr_t>(p)});
  });
  ExFreePoolWithTag(p, kTag);
}

MISUSE_CASE(ExFreePool, Null) {
  EXPECT_ONLY_BUGCHECK(ExFreePool(nullptr), 0xC2, {0x46, 0, 0, 0});
}

MISUSE_CASE(ExFreePool, DoubleFree) {
  PVOID p = ExAllocatePoolWithTag(NonPagedPoolNx, 16, kTag);
  ASSERT_NE(p, nullptr);
  ExFreePool(p);
  EXPECT_ONLY_BUGCHECK(ExFreePool(p), 0xC2, {0x07});
}

MISUSE_CASE(ExFreePool, ForeignPointer) {
  int on_stack = 0;
  EXPECT_ONLY_BUGCHECK(ExFreePool(&on_stack), 0xC2,
                       {0x46, reinterpret_cast<uintptr_t>(&on_stack)});
}

MISUSE_CASE(ExFreePool2, Null) {
  EXPECT_ONLY_BUGCHECK(ExFreePool2(nullptr, kTag, nullptr, 0), 0xC2,
                       {0x46, 0, 0, 0});
}

MISUSE_CASE(ExFreePool2, DoubleFree) {
  PVOID p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, kTag);
  ASSERT_NE(p, nullptr);
  ExFreePool2(p, kTag, nullptr, 0);
  EXPECT_ONLY_BUGCHECK(ExFreePool2(p, kTag, nullptr, 0), 0xC2, {0x07});
}

MISUSE_CASE(ExFreePool2, WrongTag) {
  PVOID p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, kTag);
  ASSERT_NE(p, nullptr);
  EXPECT_ONLY_BUGCHECK(ExFreePool2(p, kTag + 1, nullptr, 0), 0xC2, {0x0A});
  ExFreePool2(p, kTag, nullptr, 0);
}

}  // namespace
}  // namespace misuse
