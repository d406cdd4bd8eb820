// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The Ex* pool functions, called the way a driver calls them. Runs under
// //:leak_check_main, so each test also proves it leaves nothing behind.

#include <cstring>
#include <string>

#include <unistd.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/report_text.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"

namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

// Tags as drivers write them: the reversed literal shows forwards.
constexpr ULONG kTag = 'tseT';  // shows as "Test"

bool AllBytes(const void* p, size_t n, unsigned char value) {
  const auto* b = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < n; ++i) {
    if (b[i] != value) return false;
  }
  return true;
}

TEST(ExPoolTest, LiteralTagShowsReversed) {
  void* p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, kTag);
  ASSERT_NE(p, nullptr);
  poolsim::BlockInfo info;
  ASSERT_TRUE(poolsim::Ambient().Lookup(p, &info));
  EXPECT_EQ(info.tag.ToString(), "Test");
  EXPECT_EQ(info.pool_type, static_cast<uint32_t>(NonPagedPoolNx));
  ExFreePoolWithTag(p, kTag);
}

TEST(ExPoolTest, Pool2ZeroesUnlessUninitialized) {
  void* zeroed = ExAllocatePool2(POOL_FLAG_PAGED, 100, kTag);
  void* raw = ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_UNINITIALIZED, 100, kTag);
  EXPECT_TRUE(AllBytes(zeroed, 100, 0));
  EXPECT_TRUE(AllBytes(raw, 100, 0xCD));
  ExFreePoolWithTag(zeroed, kTag);
  ExFreePoolWithTag(raw, kTag);
}

TEST(ExPoolTest, LegacyApisDoNotZeroAndTheZeroVariantsDo) {
  void* with_tag = ExAllocatePoolWithTag(NonPagedPoolNx, 32, kTag);
  void* uninit = ExAllocatePoolUninitialized(PagedPool, 32, kTag);
  void* zero = ExAllocatePoolZero(NonPagedPoolNx, 32, kTag);
  void* zero_bit = ExAllocatePoolWithTag(
      static_cast<POOL_TYPE>(NonPagedPoolNx | POOL_ZERO_ALLOCATION), 32, kTag);
  EXPECT_TRUE(AllBytes(with_tag, 32, 0xCD));
  EXPECT_TRUE(AllBytes(uninit, 32, 0xCD));
  EXPECT_TRUE(AllBytes(zero, 32, 0));
  EXPECT_TRUE(AllBytes(zero_bit, 32, 0));
  for (void* p : {with_tag, uninit, zero, zero_bit}) ExFreePoolWithTag(p, kTag);
}

TEST(ExPoolTest, PagedOrNonPagedFromTypeAndFlags) {
  struct Case {
    void* p;
    poolsim::PoolKind kind;
    uint32_t pool_type;
  } cases[] = {
      {ExAllocatePoolWithTag(PagedPool, 8, kTag), poolsim::PoolKind::kPaged, 1},
      {ExAllocatePoolWithTag(NonPagedPool, 8, kTag), poolsim::PoolKind::kNonPaged, 0},
      {ExAllocatePoolWithTag(NonPagedPoolNx, 8, kTag), poolsim::PoolKind::kNonPaged, 512},
      {ExAllocatePoolWithTag(PagedPoolCacheAligned, 8, kTag), poolsim::PoolKind::kPaged, 5},
      {ExAllocatePoolWithTag(NonPagedPoolNxCacheAligned, 8, kTag), poolsim::PoolKind::kNonPaged,
       516},
      {ExAllocatePoolWithTag(PagedPoolSession, 8, kTag), poolsim::PoolKind::kPaged, 33},
      {ExAllocatePool2(POOL_FLAG_PAGED, 8, kTag), poolsim::PoolKind::kPaged, 1},
      {ExAllocatePool2(POOL_FLAG_NON_PAGED_EXECUTE, 8, kTag), poolsim::PoolKind::kNonPaged, 0},
      {ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_CACHE_ALIGNED, 8, kTag),
       poolsim::PoolKind::kNonPaged, 516},
  };
  for (const Case& c : cases) {
    poolsim::BlockInfo info;
    ASSERT_TRUE(poolsim::Ambient().Lookup(c.p, &info));
    EXPECT_EQ(info.kind, c.kind) << c.pool_type;
    EXPECT_EQ(info.pool_type, c.pool_type);
    ExFreePoolWithTag(c.p, kTag);
  }
}

TEST(ExPoolTest, InvalidPool2FlagsReturnNull) {
  const POOL_FLAGS invalid[] = {
      0,                                           // no pool
      POOL_FLAG_PAGED | POOL_FLAG_NON_PAGED,       // two pools
      POOL_FLAG_NON_PAGED | POOL_FLAG_SESSION,     // OS only
      POOL_FLAG_NON_PAGED | POOL_FLAG_RESERVED1,   // reserved
      POOL_FLAG_NON_PAGED | POOL_FLAG_RESERVED2,
      POOL_FLAG_NON_PAGED | 0x00010000ULL,         // unknown required flag
  };
  for (POOL_FLAGS flags : invalid) {
    EXPECT_EQ(ExAllocatePool2(flags, 8, kTag), nullptr) << std::hex << flags;
  }
  // Each refused call counts as attempted and failed, as !verifier shows.
  EXPECT_EQ(poolsim::Ambient().Counters().allocations_attempted, 6u);
  EXPECT_EQ(poolsim::Ambient().Counters().allocations_failed, 6u);
  // Unknown optional flags are ignored.
  void* p = ExAllocatePool2(POOL_FLAG_NON_PAGED | 0x0000400000000000ULL, 8, kTag);
  EXPECT_NE(p, nullptr);
  ExFreePoolWithTag(p, kTag);
}

TEST(ExPoolTest, Pool2TagZeroReturnsNull) {
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED, 8, 0), nullptr);
}

TEST(ExPoolTest, Pool3ExtendedParameters) {
  POOL_EXTENDED_PARAMETER priority = {};
  priority.Type = PoolExtendedParameterPriority;
  priority.Priority = HighPoolPriority;
  void* p = ExAllocatePool3(POOL_FLAG_NON_PAGED, 8, kTag, &priority, 1);
  EXPECT_NE(p, nullptr);
  ExFreePoolWithTag(p, kTag);

  POOL_EXTENDED_PARAMETER numa = {};
  numa.Type = PoolExtendedParameterNumaNode;
  numa.PreferredNode = 0;
  EXPECT_EQ(ExAllocatePool3(POOL_FLAG_PAGED, 8, kTag, &numa, 1), nullptr);  // nonpaged only
  numa.Optional = 1;  // an optional parameter that cannot be used is ignored
  p = ExAllocatePool3(POOL_FLAG_PAGED, 8, kTag, &numa, 1);
  EXPECT_NE(p, nullptr);
  ExFreePoolWithTag(p, kTag);

  POOL_EXTENDED_PARAMETER bad = {};
  bad.Type = PoolExtendedParameterMax;
  EXPECT_EQ(ExAllocatePool3(POOL_FLAG_NON_PAGED, 8, kTag, &bad, 1), nullptr);
}

TEST(ExPoolTest, AlignmentAsDocumented) {
  for (SIZE_T n : {1, 8, 24, 100, 4000, 4095}) {
    void* p = ExAllocatePool2(POOL_FLAG_NON_PAGED, n, kTag);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % MEMORY_ALLOCATION_ALIGNMENT, 0u);
    // Requests below a page never cross a page boundary.
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) / PAGE_SIZE,
              (reinterpret_cast<uintptr_t>(p) + n - 1) / PAGE_SIZE)
        << n;
    ExFreePoolWithTag(p, kTag);
  }
  for (SIZE_T n : {PAGE_SIZE, PAGE_SIZE + 1, 10 * PAGE_SIZE}) {
    void* p = ExAllocatePoolWithTag(PagedPool, n, kTag);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % PAGE_SIZE, 0u) << n;
    ExFreePool(p);
  }
}

TEST(ExPoolTest, UntaggedAllocationsAreCountedAndTaggedNone) {
  void* p = ExAllocatePool(NonPagedPool, 8);
  poolsim::BlockInfo info;
  ASSERT_TRUE(poolsim::Ambient().Lookup(p, &info));
  EXPECT_EQ(info.tag.ToString(), "None");
  EXPECT_EQ(poolsim::Ambient().Counters().allocations_with_no_tag, 1u);
  ExFreePool(p);
}

TEST(ExPoolTest, ExFreePoolDoesNotCompareTags) {
  void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 8, kTag);
  ExFreePool(p);
  EXPECT_FALSE(poolsim::Ambient().Lookup(p));
}

TEST(ExPoolTest, ExFreePool2ComparesTags) {
  void* p = ExAllocatePool2(POOL_FLAG_PAGED, 8, kTag);
  EXPECT_BUGCHECK_SUBCODE(ExFreePool2(p, 'gnrW', nullptr, 0), 0xC2, 0x0A);
  ExFreePool2(p, kTag, nullptr, 0);
}

TEST(ExPoolTest, TagMismatchNamesBothTags) {
  void* p = ExAllocatePool2(POOL_FLAG_PAGED, 8, kTag);
  poolsim::testing::BugCheckCapture capture;
  ExFreePoolWithTag(p, 'gnrW');
  ASSERT_THAT(capture.bug_checks(), SizeIs(1));
  const poolsim::BugCheck b = capture.bug_checks()[0];
  EXPECT_EQ(b.code, 0xC2u);
  EXPECT_EQ(b.parameters[0], 0x0Au);
  EXPECT_EQ(b.parameters[1], reinterpret_cast<uintptr_t>(p));
  EXPECT_EQ(b.parameters[2], kTag);
  EXPECT_EQ(b.parameters[3], static_cast<ULONG>('gnrW'));
  EXPECT_THAT(b.description, HasSubstr("'Wrng'"));
  EXPECT_THAT(b.description, HasSubstr("'Test'"));
  ExFreePoolWithTag(p, kTag);
}

TEST(ExPoolTest, LegacyTagRulesBugCheck) {
  EXPECT_BUGCHECK_SUBCODE(ExAllocatePoolWithTag(NonPagedPoolNx, 8, 0), 0xC2, 0x9B);
  EXPECT_BUGCHECK_SUBCODE(ExAllocatePoolWithTag(NonPagedPoolNx, 8, ' GIB'), 0xC2, 0x9C);
  EXPECT_BUGCHECK_SUBCODE(ExAllocatePoolWithTag(NonPagedPoolNx, 8, '----'), 0xC2, 0x9D);
}

TEST(ExPoolTest, MustSucceedPoolIsRefused) {
  EXPECT_BUGCHECK_SUBCODE(ExAllocatePoolWithTag(NonPagedPoolMustSucceed, 8, kTag), 0xC2, 0x9A);
  EXPECT_BUGCHECK_SUBCODE(ExAllocatePoolWithTag(NonPagedPoolCacheAlignedMustS, 8, kTag), 0xC2,
                          0x9A);
}

TEST(ExPoolTest, DoubleFreeAndWildFree) {
  void* p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 8, kTag);
  ExFreePoolWithTag(p, kTag);
  EXPECT_BUGCHECK_SUBCODE(ExFreePoolWithTag(p, kTag), 0xC2, 0x07);
  static char not_pool[16];
  EXPECT_BUGCHECK_SUBCODE(ExFreePool(not_pool), 0xC2, 0x46);
  EXPECT_BUGCHECK_SUBCODE(ExFreePool(nullptr), 0xC2, 0x46);
}

TEST(ExPoolTest, PagedAllocationAtDispatchLevel) {
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  void* p = nullptr;
  EXPECT_BUGCHECK_SUBCODE(p = ExAllocatePool2(POOL_FLAG_PAGED, 8, kTag), 0xC2, 0x08);
  EXPECT_EQ(p, nullptr);
  void* q = ExAllocatePool2(POOL_FLAG_NON_PAGED, 8, kTag);  // nonpaged is fine
  EXPECT_NE(q, nullptr);
  ExFreePoolWithTag(q, kTag);
  KeLowerIrql(old);
}

TEST(ExPoolTest, RaiseOnFailureRaisesInsteadOfReturningNull) {
  // A request no machine can satisfy fails as insufficient resources.
  const SIZE_T huge = SIZE_T{1} << 50;
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED, huge, kTag), nullptr);
  EXPECT_BUGCHECK(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_RAISE_ON_FAILURE, huge, kTag),
                  0x1E);
  EXPECT_EQ(ExAllocatePoolWithTag(NonPagedPoolNx, huge, kTag), nullptr);
  EXPECT_BUGCHECK(
      ExAllocatePoolWithTag(
          static_cast<POOL_TYPE>(NonPagedPoolNx | POOL_RAISE_IF_ALLOCATION_FAILURE), huge, kTag),
      0x1E);
  // Quota allocations raise by default, and return NULL when told to.
  EXPECT_BUGCHECK(ExAllocatePoolWithQuotaTag(NonPagedPoolNx, huge, kTag), 0x1E);
  EXPECT_EQ(ExAllocatePoolWithQuotaTag(
                static_cast<POOL_TYPE>(NonPagedPoolNx | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE), huge,
                kTag),
            nullptr);
}

// The host limit: what both pools together may hold, so a huge request is
// refused as Windows refuses one it cannot satisfy, instead of exhausting the
// test host. The limit is exact, covers both pools and overflows nowhere.
TEST(ExPoolTest, RequestsPastTheHostLimitReturnNull) {
  poolsim::Options o = poolsim::Ambient().options();
  o.host_limit = 1 << 20;
  poolsim::Ambient().Reconfigure(o);
  const uint64_t failed_before = poolsim::Ambient().Counters().allocations_failed;
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED, (1 << 20) + 1, kTag), nullptr);
  void* paged = ExAllocatePool2(POOL_FLAG_PAGED, 1 << 19, kTag);
  ASSERT_NE(paged, nullptr);
  // The rest of the limit, and not a byte more, across both pools.
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED, (1 << 19) + 1, kTag), nullptr);
  void* rest = ExAllocatePool2(POOL_FLAG_NON_PAGED, 1 << 19, kTag);
  EXPECT_NE(rest, nullptr);
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED, ~SIZE_T{0}, kTag), nullptr);
  EXPECT_BUGCHECK(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_RAISE_ON_FAILURE, 1, kTag),
                  0x1E);
  EXPECT_EQ(poolsim::Ambient().Counters().allocations_failed - failed_before, 4u);
  ExFreePoolWithTag(rest, kTag);
  ExFreePoolWithTag(paged, kTag);
  // Freed bytes are available again.
  void* all = ExAllocatePool2(POOL_FLAG_NON_PAGED, 1 << 20, kTag);
  EXPECT_NE(all, nullptr);
  ExFreePoolWithTag(all, kTag);
}

// A budget check cannot be wrapped around by a request near SIZE_MAX.
TEST(ExPoolTest, RequestsNearSizeMaxFailUnderABudget) {
  poolsim::Options o = poolsim::Ambient().options();
  o.nonpaged_budget = 4096;
  poolsim::Ambient().Reconfigure(o);
  void* held = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, kTag);
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED, ~SIZE_T{0} - 32, kTag), nullptr);
  EXPECT_EQ(ExAllocatePoolWithTag(NonPagedPoolNx, ~SIZE_T{0}, kTag), nullptr);
  ExFreePoolWithTag(held, kTag);
}

// By default the limit is half of the host's physical memory: a request for
// all of it fails at once, without touching the host's memory.
TEST(ExPoolTest, DefaultHostLimitRefusesARequestForAllOfTheHostsMemory) {
  const uint64_t physical =
      static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  ASSERT_GT(physical, 0u);
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED, physical, kTag), nullptr);
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_PAGED, physical / 2 + 4096, kTag), nullptr);
}

TEST(ExPoolTest, RaisedStatusIsTheFirstParameter) {
  poolsim::testing::BugCheckCapture capture;
  ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_RAISE_ON_FAILURE, SIZE_T{1} << 50, kTag);
  ASSERT_THAT(capture.bug_checks(), SizeIs(1));
  EXPECT_EQ(capture.bug_checks()[0].parameters[0],
            static_cast<ULONG>(STATUS_INSUFFICIENT_RESOURCES));
}

// The recorded stack starts at the driver's own call.
__attribute__((noinline)) void DriverAllocates(void** out) { *out = ExAllocatePool2(POOL_FLAG_NON_PAGED, 8, kTag); }

TEST(ExPoolTest, StackStartsAtTheDriversFrame) {
  void* p;
  DriverAllocates(&p);
  poolsim::BlockInfo info;
  ASSERT_TRUE(poolsim::Ambient().Lookup(p, &info));
  const std::vector<poolsim::SymbolizedFrame> frames =
      poolsim::Symbolize(info.stack);
  ASSERT_FALSE(frames.empty());
  EXPECT_THAT(frames[0].function, HasSubstr("DriverAllocates"));
  ExFreePoolWithTag(p, kTag);
}

TEST(ExPoolTest, RtlCompareMemoryCountsEqualBytes) {
  const char a[] = "abcdef";
  const char b[] = "abcxef";
  EXPECT_EQ(RtlCompareMemory(a, b, 6), 3u);
  EXPECT_EQ(RtlCompareMemory(a, a, 6), 6u);
}

}  // namespace
