// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "poolsim/environment.h"

#include <cstring>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/leak_report.h"

namespace poolsim {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::SizeIs;

constexpr PoolTag kTag = PoolTag::FromChars("Test");

// An Environment whose bug checks are recorded instead of aborting.
class EnvironmentTest : public ::testing::Test {
 protected:
  explicit EnvironmentTest(Options options = {}) : env_(options) {
    env_.SetBugCheckHandler([this](const BugCheck& b) { seen_.push_back(b); });
  }

  void* Alloc(size_t bytes, PoolKind kind = PoolKind::kNonPaged, PoolTag tag = kTag,
              bool zero = false) {
    AllocateRequest r;
    r.bytes = bytes;
    r.kind = kind;
    r.pool_type = kind == PoolKind::kPaged ? 1 : 512;
    r.tag = tag;
    r.zero = zero;
    return env_.Allocate(r);
  }

  Environment env_;
  std::vector<BugCheck> seen_;
};

TEST_F(EnvironmentTest, AllocateAndFreeKeepExactCounters) {
  void* a = Alloc(100);
  void* b = Alloc(50, PoolKind::kPaged);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  PoolCounters c = env_.Counters();
  EXPECT_EQ(c.allocations_attempted, 2u);
  EXPECT_EQ(c.allocations_succeeded, 2u);
  EXPECT_EQ(c.current_nonpaged_allocations, 1u);
  EXPECT_EQ(c.current_nonpaged_bytes, 100u);
  EXPECT_EQ(c.current_paged_allocations, 1u);
  EXPECT_EQ(c.current_paged_bytes, 50u);
  env_.Free(a, kTag, true);
  env_.Free(b, kTag, true);
  c = env_.Counters();
  EXPECT_EQ(c.frees, 2u);
  EXPECT_EQ(c.current_nonpaged_bytes, 0u);
  EXPECT_EQ(c.current_paged_bytes, 0u);
  EXPECT_EQ(c.peak_nonpaged_bytes, 100u);
  EXPECT_EQ(c.peak_paged_bytes, 50u);
  EXPECT_TRUE(seen_.empty());
}

TEST_F(EnvironmentTest, TagUsageTracksOutstandingFreesAndPeak) {
  void* a = Alloc(10);
  void* b = Alloc(20);
  env_.Free(a, kTag, true);
  const std::vector<TagUsage> usage = env_.TagUsages();
  ASSERT_THAT(usage, SizeIs(1));
  EXPECT_EQ(usage[0].tag, kTag);
  EXPECT_EQ(usage[0].nonpaged_allocations, 1u);
  EXPECT_EQ(usage[0].nonpaged_bytes, 20u);
  EXPECT_EQ(usage[0].nonpaged_frees, 1u);
  EXPECT_EQ(usage[0].nonpaged_peak_bytes, 30u);
  env_.Free(b, kTag, true);
}

TEST_F(EnvironmentTest, AlignmentIs16BytesAndPageFromOnePage) {
  for (size_t bytes : {1, 15, 16, 17, 100, 4095}) {
    void* p = Alloc(bytes);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u) << bytes;
    env_.Free(p, kTag, true);
  }
  for (size_t bytes : {4096, 4097, 3 * 4096, 100000}) {
    void* p = Alloc(bytes);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 4096, 0u) << bytes;
    env_.Free(p, kTag, true);
  }
}

TEST_F(EnvironmentTest, ZeroedOrFilledWithThePattern) {
  auto* filled = static_cast<unsigned char*>(Alloc(64));
  auto* zeroed = static_cast<unsigned char*>(Alloc(64, PoolKind::kNonPaged, kTag, true));
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(filled[i], 0xCD) << i;
    EXPECT_EQ(zeroed[i], 0) << i;
  }
  env_.Free(filled, kTag, true);
  env_.Free(zeroed, kTag, true);
}

TEST_F(EnvironmentTest, LiveBlocksRecordTheAllocation) {
  ScopedIrql apc(kApcLevel);
  void* p = Alloc(24, PoolKind::kPaged);
  const std::vector<BlockInfo> live = env_.LiveBlocks();
  ASSERT_THAT(live, SizeIs(1));
  EXPECT_EQ(live[0].address, reinterpret_cast<uintptr_t>(p));
  EXPECT_EQ(live[0].bytes, 24u);
  EXPECT_EQ(live[0].tag, kTag);
  EXPECT_EQ(live[0].kind, PoolKind::kPaged);
  EXPECT_EQ(live[0].irql, kApcLevel);
  EXPECT_EQ(live[0].thread, CurrentThreadOrdinal());
  EXPECT_EQ(live[0].sequence, 1u);
  EXPECT_NE(live[0].stack, kNoStack);
  BlockInfo info;
  EXPECT_TRUE(env_.Lookup(p, &info));
  EXPECT_EQ(info.bytes, 24u);
  int local;
  EXPECT_FALSE(env_.Lookup(&local));
  env_.Free(p, kTag, true);
  EXPECT_FALSE(env_.Lookup(p));
}

TEST_F(EnvironmentTest, TagMismatchIsBadPoolCaller0A) {
  void* p = Alloc(8);
  const PoolTag wrong = PoolTag::FromChars("Nope");
  env_.Free(p, wrong, true);
  ASSERT_THAT(seen_, SizeIs(1));
  EXPECT_EQ(seen_[0].code, 0xC2u);
  EXPECT_EQ(seen_[0].parameters[0], 0x0Au);
  EXPECT_EQ(seen_[0].parameters[1], reinterpret_cast<uintptr_t>(p));
  EXPECT_EQ(seen_[0].parameters[2], kTag.value());
  EXPECT_EQ(seen_[0].parameters[3], wrong.value());
  EXPECT_TRUE(seen_[0].has_block);
  EXPECT_EQ(seen_[0].block.bytes, 8u);
  // The bad call left the block alone.
  EXPECT_TRUE(env_.Lookup(p));
  env_.Free(p, kTag, true);
  EXPECT_THAT(seen_, SizeIs(1));
}

TEST_F(EnvironmentTest, DoubleFreeIsBadPoolCaller07WithBothStacks) {
  void* p = Alloc(8);
  env_.Free(p, kTag, true);
  env_.Free(p, kTag, true);
  ASSERT_THAT(seen_, SizeIs(1));
  EXPECT_EQ(seen_[0].code, 0xC2u);
  EXPECT_EQ(seen_[0].parameters[0], 0x07u);
  EXPECT_EQ(seen_[0].parameters[3], reinterpret_cast<uintptr_t>(p));
  EXPECT_TRUE(seen_[0].has_block);
  EXPECT_NE(seen_[0].block.stack, kNoStack);
  EXPECT_NE(seen_[0].block_free_stack, kNoStack);
  EXPECT_EQ(env_.Counters().frees, 1u);
}

TEST_F(EnvironmentTest, ForeignPointerIsBadPoolCaller46) {
  int local = 0;
  env_.Free(&local, kTag, true);
  ASSERT_THAT(seen_, SizeIs(1));
  EXPECT_EQ(seen_[0].code, 0xC2u);
  EXPECT_EQ(seen_[0].parameters[0], 0x46u);
  EXPECT_EQ(seen_[0].parameters[1], reinterpret_cast<uintptr_t>(&local));
  EXPECT_FALSE(seen_[0].has_block);
}

TEST_F(EnvironmentTest, NullFreeIsBadPoolCaller46) {
  env_.Free(nullptr, kTag, true);
  ASSERT_THAT(seen_, SizeIs(1));
  EXPECT_EQ(seen_[0].code, 0xC2u);
  EXPECT_EQ(seen_[0].parameters[0], 0x46u);
}

TEST_F(EnvironmentTest, ProtectedTagMustBeFreedWithTag) {
  const PoolTag prot(kTag.value() | PoolTag::kProtectedBit);
  void* p = Alloc(8, PoolKind::kNonPaged, prot);
  env_.Free(p, PoolTag(), /*check_tag=*/false);
  ASSERT_THAT(seen_, SizeIs(1));
  EXPECT_EQ(seen_[0].parameters[0], 0x0Au);
  EXPECT_EQ(seen_[0].parameters[3], 0u);
  // With the tag, with or without the bit, it frees.
  env_.Free(p, kTag, true);
  EXPECT_THAT(seen_, SizeIs(1));
  EXPECT_FALSE(env_.Lookup(p));
}

TEST_F(EnvironmentTest, LegacyTagRules) {
  EXPECT_EQ(Alloc(8, PoolKind::kNonPaged, PoolTag(0)), nullptr);
  EXPECT_EQ(Alloc(8, PoolKind::kNonPaged, kBigTag), nullptr);
  EXPECT_EQ(Alloc(8, PoolKind::kNonPaged, PoolTag::FromChars("-- ")), nullptr);
  ASSERT_THAT(seen_, SizeIs(3));
  EXPECT_EQ(seen_[0].parameters[0], 0x9Bu);
  EXPECT_EQ(seen_[1].parameters[0], 0x9Cu);
  EXPECT_EQ(seen_[2].parameters[0], 0x9Du);
  EXPECT_EQ(seen_[2].parameters[1], PoolTag::FromChars("-- ").value());
  for (const BugCheck& b : seen_) EXPECT_EQ(b.code, 0xC2u);
  EXPECT_EQ(env_.Counters().allocations_failed, 3u);
}

TEST_F(EnvironmentTest, Pool2TagZeroReturnsNullWithoutBugCheck) {
  AllocateRequest r;
  r.bytes = 8;
  r.legacy_tag_rules = false;
  EXPECT_EQ(env_.Allocate(r), nullptr);
  EXPECT_TRUE(seen_.empty());
  EXPECT_EQ(env_.Counters().allocations_failed, 1u);
}

TEST_F(EnvironmentTest, MustSucceedIsBadPoolCaller9A) {
  AllocateRequest r;
  r.bytes = 8;
  r.tag = kTag;
  r.pool_type = 2;
  r.must_succeed = true;
  EXPECT_EQ(env_.Allocate(r), nullptr);
  ASSERT_THAT(seen_, SizeIs(1));
  EXPECT_EQ(seen_[0].code, 0xC2u);
  EXPECT_THAT(seen_[0].parameters, ElementsAre(0x9A, 2, 8, kTag.value()));
}

TEST_F(EnvironmentTest, ZeroSizeGetsAMinimumBlockInRetailMode) {
  void* p = Alloc(0);
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(seen_.empty());
  env_.Free(p, kTag, true);
}

// The IRQL rule table: (pool, IRQL) -> allowed.
struct IrqlRow {
  PoolKind kind;
  Irql irql;
  bool allowed;
};

class IrqlTableTest : public EnvironmentTest,
                      public ::testing::WithParamInterface<IrqlRow> {};

TEST_P(IrqlTableTest, AllocateFollowsTheTable) {
  const IrqlRow row = GetParam();
  void* p;
  {
    ScopedIrql irql(row.irql);
    p = Alloc(32, row.kind);
  }
  if (row.allowed) {
    EXPECT_NE(p, nullptr);
    EXPECT_TRUE(seen_.empty());
    env_.Free(p, kTag, true);
  } else {
    EXPECT_EQ(p, nullptr);
    ASSERT_THAT(seen_, SizeIs(1));
    EXPECT_EQ(seen_[0].code, 0xC2u);
    EXPECT_THAT(seen_[0].parameters,
                ElementsAre(0x08, row.irql, row.kind == PoolKind::kPaged ? 1 : 512, 32));
  }
}

TEST_P(IrqlTableTest, FreeFollowsTheTable) {
  const IrqlRow row = GetParam();
  void* p = Alloc(32, row.kind);
  {
    ScopedIrql irql(row.irql);
    env_.Free(p, kTag, true);
  }
  if (row.allowed) {
    EXPECT_TRUE(seen_.empty());
    EXPECT_FALSE(env_.Lookup(p));
  } else {
    ASSERT_THAT(seen_, SizeIs(1));
    EXPECT_EQ(seen_[0].code, 0xC2u);
    EXPECT_THAT(seen_[0].parameters,
                ElementsAre(0x09, row.irql, row.kind == PoolKind::kPaged ? 1 : 512,
                            reinterpret_cast<uintptr_t>(p)));
    EXPECT_TRUE(env_.Lookup(p));
    env_.Free(p, kTag, true);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rows, IrqlTableTest,
    ::testing::Values(IrqlRow{PoolKind::kPaged, kPassiveLevel, true},
                      IrqlRow{PoolKind::kPaged, kApcLevel, true},
                      IrqlRow{PoolKind::kPaged, kDispatchLevel, false},
                      IrqlRow{PoolKind::kPaged, kHighLevel, false},
                      IrqlRow{PoolKind::kNonPaged, kPassiveLevel, true},
                      IrqlRow{PoolKind::kNonPaged, kApcLevel, true},
                      IrqlRow{PoolKind::kNonPaged, kDispatchLevel, true},
                      IrqlRow{PoolKind::kNonPaged, 3, false},
                      IrqlRow{PoolKind::kNonPaged, kHighLevel, false}));

class VerifierTest : public EnvironmentTest {
 protected:
  static Options VerifierOptions() {
    Options o;
    o.checks = CheckMode::kVerifier;
    return o;
  }
  VerifierTest() : EnvironmentTest(VerifierOptions()) {}
};

TEST_F(VerifierTest, UsesDriverVerifierCodes) {
  {
    ScopedIrql dpc(kDispatchLevel);
    EXPECT_EQ(Alloc(16, PoolKind::kPaged), nullptr);  // 0xC4/0x01
  }
  {
    ScopedIrql dirql(5);
    EXPECT_EQ(Alloc(16, PoolKind::kNonPaged), nullptr);  // 0xC4/0x02
  }
  EXPECT_EQ(Alloc(0), nullptr);  // 0xC4/0x00
  void* paged = Alloc(16, PoolKind::kPaged);
  void* nonpaged = Alloc(16);
  {
    ScopedIrql dpc(kDispatchLevel);
    env_.Free(paged, kTag, true);  // 0xC4/0x11
  }
  {
    ScopedIrql dirql(5);
    env_.Free(nonpaged, kTag, true);  // 0xC4/0x12
  }
  env_.Free(paged, kTag, true);
  env_.Free(paged, kTag, true);  // 0xC4/0x13
  int local;
  env_.Free(&local, kTag, true);  // 0xC4/0x10
  env_.Free(nonpaged, kTag, true);
  std::vector<uint64_t> subcodes;
  for (const BugCheck& b : seen_) {
    EXPECT_EQ(b.code, 0xC4u);
    subcodes.push_back(b.parameters[0]);
  }
  EXPECT_THAT(subcodes, ElementsAre(0x01, 0x02, 0x00, 0x11, 0x12, 0x13, 0x10));
  EXPECT_EQ(seen_[0].parameters[1], kDispatchLevel);
  EXPECT_EQ(seen_[0].parameters[2], 1u);
  EXPECT_EQ(seen_[0].parameters[3], 16u);
}

TEST_F(EnvironmentTest, RaiseAndLowerChecks) {
  EXPECT_EQ(env_.RaiseIrql(kDispatchLevel), kPassiveLevel);
  EXPECT_EQ(CurrentIrql(), kDispatchLevel);
  EXPECT_EQ(env_.RaiseIrql(kApcLevel), kDispatchLevel);  // a raise that lowers
  EXPECT_EQ(CurrentIrql(), kDispatchLevel);
  env_.LowerIrql(kHighLevel);  // a lower that raises
  EXPECT_EQ(CurrentIrql(), kDispatchLevel);
  env_.LowerIrql(kPassiveLevel);
  EXPECT_EQ(CurrentIrql(), kPassiveLevel);
  ASSERT_THAT(seen_, SizeIs(2));
  EXPECT_EQ(seen_[0].code, 0x09u);
  EXPECT_THAT(seen_[0].parameters, ElementsAre(kDispatchLevel, kApcLevel, 0, 0));
  EXPECT_EQ(seen_[1].code, 0x0Au);
  EXPECT_THAT(seen_[1].parameters, ElementsAre(kDispatchLevel, kHighLevel, 0, 0));
  EXPECT_EQ(env_.Counters().raise_irqls, 1u);
}

TEST_F(VerifierTest, RaiseAndLowerUseVerifierCodes) {
  ScopedIrql dpc(kDispatchLevel);
  env_.RaiseIrql(kPassiveLevel);
  env_.LowerIrql(kHighLevel);
  ASSERT_THAT(seen_, SizeIs(2));
  EXPECT_THAT(seen_[0].parameters, ElementsAre(0x30, kDispatchLevel, kPassiveLevel, 0));
  EXPECT_THAT(seen_[1].parameters, ElementsAre(0x31, kDispatchLevel, kHighLevel, 0));
}

TEST_F(EnvironmentTest, UnloadCheckReportsOutstandingBlocks) {
  void* p = Alloc(8);
  void* q = Alloc(8, PoolKind::kPaged);
  EXPECT_FALSE(env_.CheckUnload());
  ASSERT_THAT(seen_, SizeIs(1));
  EXPECT_EQ(seen_[0].code, 0xC4u);
  EXPECT_EQ(seen_[0].parameters[0], 0x62u);
  EXPECT_EQ(seen_[0].parameters[3], 2u);
  env_.Free(p, kTag, true);
  env_.Free(q, kTag, true);
  EXPECT_TRUE(env_.CheckUnload());
  EXPECT_THAT(seen_, SizeIs(1));
}

TEST_F(EnvironmentTest, BugChecksAreKeptForTheReport) {
  env_.Free(nullptr, kTag, true);
  EXPECT_THAT(env_.BugChecks(), ElementsAre(Field(&BugCheck::code, 0xC2u)));
  EXPECT_EQ(env_.Counters().bug_checks, 1u);
  env_.Reset();
  EXPECT_TRUE(env_.BugChecks().empty());
}

TEST_F(EnvironmentTest, ResetFreesEverything) {
  Alloc(8);
  Alloc(4096 * 2, PoolKind::kPaged);
  env_.Reset();
  EXPECT_TRUE(env_.LiveBlocks().empty());
  EXPECT_EQ(env_.Counters().current_nonpaged_allocations, 0u);
  EXPECT_EQ(env_.Counters().current_paged_bytes, 0u);
}

TEST_F(EnvironmentTest, TwoThreadsKeepExactCounters) {
  constexpr int kPerThread = 20000;
  auto work = [this](PoolTag tag) {
    std::vector<void*> mine;
    for (int i = 0; i < kPerThread; ++i) {
      mine.push_back(Alloc(static_cast<size_t>(1 + i % 200), PoolKind::kNonPaged, tag));
      if (i % 3 == 0) {
        env_.Free(mine.back(), tag, true);
        mine.pop_back();
      }
    }
    for (void* p : mine) env_.Free(p, tag, true);
  };
  std::thread t1(work, PoolTag::FromChars("Thr1"));
  std::thread t2(work, PoolTag::FromChars("Thr2"));
  t1.join();
  t2.join();
  const PoolCounters c = env_.Counters();
  EXPECT_EQ(c.allocations_succeeded, 2u * kPerThread);
  EXPECT_EQ(c.frees, 2u * kPerThread);
  EXPECT_EQ(c.current_nonpaged_allocations, 0u);
  EXPECT_EQ(c.current_nonpaged_bytes, 0u);
  EXPECT_TRUE(env_.LiveBlocks().empty());
  for (const TagUsage& u : env_.TagUsages()) {
    EXPECT_EQ(u.nonpaged_frees, static_cast<uint64_t>(kPerThread));
    EXPECT_EQ(u.nonpaged_allocations, 0u);
  }
  EXPECT_TRUE(seen_.empty());
}

TEST(AmbientTest, ScopedEnvironmentNestsAndRestores) {
  Environment& fallback = Ambient();
  Environment a;
  {
    ScopedEnvironment install_a(&a);
    EXPECT_EQ(&Ambient(), &a);
    {
      Environment b;
      ScopedEnvironment install_b(&b);
      EXPECT_EQ(&Ambient(), &b);
    }
    EXPECT_EQ(&Ambient(), &a);
  }
  EXPECT_EQ(&Ambient(), &fallback);
}

}  // namespace
}  // namespace poolsim

namespace poolsim {
namespace {

TEST(DefaultHandlerDeathTest, OutsideTestsABugCheckPrintsTheReportAndAborts) {
  EXPECT_DEATH(
      {
        Environment env;
        AllocateRequest r;
        r.bytes = 8;
        r.tag = PoolTag::FromChars("Dead");
        void* p = env.Allocate(r);
        env.Free(p, PoolTag::FromChars("Live"), true);
      },
      "BUG CHECK 0x000000C2 BAD_POOL_CALLER \\(0xA,[^']*tag 'Live' of a block tagged 'Dead'");
}

TEST(DefaultHandlerTest, ProcessDefaultHandlerIsUsedWhenTheEnvironmentHasNone) {
  std::vector<uint32_t> codes;
  BugCheckHandler previous =
      SetDefaultBugCheckHandler([&](const BugCheck& b) { codes.push_back(b.code); });
  Environment env;
  env.Free(nullptr, PoolTag(), false);
  SetDefaultBugCheckHandler(previous);
  EXPECT_EQ(codes, std::vector<uint32_t>{0xC2});
}

}  // namespace
}  // namespace poolsim
