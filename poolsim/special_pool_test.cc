// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Special pool and guard bytes: overruns, underruns and uses after free,
// each reported with its stop code and the allocation's tag and stack.

#include <cstring>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/wdk/wdm.h"

namespace poolsim {
namespace {

using ::testing::SizeIs;

constexpr PoolTag kTag = PoolTag::FromChars("Spcl");

class SpecialPoolTest : public ::testing::Test {
 protected:
  static Options Special(SpecialPoolOptions sp) {
    Options o;
    o.special_pool = std::move(sp);
    return o;
  }
  void Install(Options o) {
    env_ = std::make_unique<Environment>(std::move(o));
    env_->SetBugCheckHandler([this](const BugCheck& b) { seen_.push_back(b); });
  }
  void* Alloc(size_t bytes, PoolTag tag = kTag) {
    AllocateRequest r;
    r.bytes = bytes;
    r.tag = tag;
    return env_->Allocate(r);
  }
  std::unique_ptr<Environment> env_;
  std::vector<BugCheck> seen_;
};

bool PageAligned(uintptr_t a) { return a % 4096 == 0; }

TEST_F(SpecialPoolTest, VerifyEndPutsTheBlockAgainstThePageEnd) {
  SpecialPoolOptions sp;
  sp.all = true;
  Install(Special(sp));
  auto* p = static_cast<char*>(Alloc(64));
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(PageAligned(reinterpret_cast<uintptr_t>(p) + 64));
  p[0] = 1;
  p[63] = 2;  // the last byte is writable
  EXPECT_EQ(env_->Counters().allocations_special_pool, 1u);
  BlockInfo info;
  EXPECT_TRUE(env_->Lookup(p, &info));
  EXPECT_EQ(info.bytes, 64u);
  env_->Free(p, kTag, true);
  EXPECT_TRUE(seen_.empty());
  EXPECT_FALSE(env_->Lookup(p));
}

TEST_F(SpecialPoolTest, VerifyStartPutsTheBlockAtThePageStart) {
  SpecialPoolOptions sp;
  sp.all = true;
  sp.placement = SpecialPoolOptions::Placement::kVerifyStart;
  Install(Special(sp));
  void* p = Alloc(40);
  EXPECT_TRUE(PageAligned(reinterpret_cast<uintptr_t>(p)));
  env_->Free(p, kTag, true);
}

TEST_F(SpecialPoolTest, SelectedByTagAndBySize) {
  SpecialPoolOptions sp;
  sp.tags = {"Sp*"};
  sp.min_bytes = 100;
  sp.max_bytes = 200;
  Install(Special(sp));
  void* by_tag = Alloc(16);
  void* by_size = Alloc(150, PoolTag::FromChars("Othr"));
  void* neither = Alloc(16, PoolTag::FromChars("Othr"));
  void* too_big = Alloc(5000);  // special pool takes less than a page
  EXPECT_EQ(env_->Counters().allocations_special_pool, 2u);
  EXPECT_TRUE(PageAligned(reinterpret_cast<uintptr_t>(by_tag) + 16));
  EXPECT_TRUE(PageAligned(reinterpret_cast<uintptr_t>(by_size) + 160));
  env_->Free(by_tag, kTag, true);
  env_->Free(by_size, PoolTag::FromChars("Othr"), true);
  env_->Free(neither, PoolTag::FromChars("Othr"), true);
  env_->Free(too_big, kTag, true);
  EXPECT_TRUE(seen_.empty());
}

TEST_F(SpecialPoolTest, ZeroingAndFillApplyInSpecialPool) {
  SpecialPoolOptions sp;
  sp.all = true;
  Install(Special(sp));
  AllocateRequest r;
  r.bytes = 32;
  r.tag = kTag;
  r.zero = true;
  auto* zeroed = static_cast<unsigned char*>(env_->Allocate(r));
  auto* filled = static_cast<unsigned char*>(Alloc(32));
  for (int i = 0; i < 32; ++i) {
    EXPECT_EQ(zeroed[i], 0);
    EXPECT_EQ(filled[i], 0xCD);
  }
  env_->Free(zeroed, kTag, true);
  env_->Free(filled, kTag, true);
}

TEST_F(SpecialPoolTest, OverrunIntoTheSlackIsFoundAtFree) {
  SpecialPoolOptions sp;
  sp.all = true;
  Install(Special(sp));
  auto* p = static_cast<char*>(Alloc(13));  // 3 bytes of slack before the guard page
  p[13] = 'x';                                // one byte past the end
  env_->Free(p, kTag, true);
  ASSERT_THAT(seen_, SizeIs(1));
  EXPECT_EQ(seen_[0].code, 0xC1u);
  EXPECT_EQ(seen_[0].parameters[0], reinterpret_cast<uintptr_t>(p));
  EXPECT_EQ(seen_[0].parameters[1], reinterpret_cast<uintptr_t>(p) + 13);
  EXPECT_EQ(seen_[0].parameters[3], 0x24u);
  EXPECT_TRUE(seen_[0].has_block);
  EXPECT_EQ(seen_[0].block.tag, kTag);
  EXPECT_NE(seen_[0].block.stack, kNoStack);
  EXPECT_FALSE(env_->Lookup(p));  // the free itself went through
}

TEST_F(SpecialPoolTest, UnderrunInVerifyEndIsFoundAtFree) {
  SpecialPoolOptions sp;
  sp.all = true;
  Install(Special(sp));
  auto* p = static_cast<char*>(Alloc(32));
  p[-1] = 'x';
  env_->Free(p, kTag, true);
  ASSERT_THAT(seen_, SizeIs(1));
  EXPECT_EQ(seen_[0].code, 0xC1u);
  EXPECT_EQ(seen_[0].parameters[1], reinterpret_cast<uintptr_t>(p) - 1);
  EXPECT_EQ(seen_[0].parameters[3], 0x23u);
}

TEST_F(SpecialPoolTest, IrqlViolationOnASpecialBlockIsC1) {
  SpecialPoolOptions sp;
  sp.all = true;
  Install(Special(sp));
  AllocateRequest r;
  r.bytes = 8;
  r.tag = kTag;
  r.kind = PoolKind::kPaged;
  r.pool_type = 1;
  {
    ScopedIrql dpc(kDispatchLevel);
    EXPECT_EQ(env_->Allocate(r), nullptr);
  }
  void* p = env_->Allocate(r);
  {
    ScopedIrql dpc(kDispatchLevel);
    env_->Free(p, kTag, true);
  }
  ASSERT_THAT(seen_, SizeIs(2));
  EXPECT_EQ(seen_[0].code, 0xC1u);
  EXPECT_EQ(seen_[0].parameters[3], 0x30u);
  EXPECT_EQ(seen_[1].code, 0xC1u);
  EXPECT_EQ(seen_[1].parameters[3], 0x31u);
  env_->Free(p, kTag, true);
}

TEST_F(SpecialPoolTest, GuardBytesCatchAnOverrunOfANormalBlockAtFree) {
  Install(Options());
  auto* p = static_cast<char*>(Alloc(64));
  p[64] = 'x';  // one byte past the end
  env_->Free(p, kTag, true);
  ASSERT_THAT(seen_, SizeIs(1));
  EXPECT_EQ(seen_[0].code, 0xC4u);
  EXPECT_EQ(seen_[0].parameters[0], 0x51u);
  EXPECT_EQ(seen_[0].parameters[1], reinterpret_cast<uintptr_t>(p));
  EXPECT_EQ(seen_[0].parameters[2], reinterpret_cast<uintptr_t>(p) + 64);
  EXPECT_EQ(seen_[0].block.tag, kTag);
  EXPECT_EQ(env_->Counters().current_nonpaged_allocations, 0u);
}

// The process must end on these: death tests.
#if defined(__SANITIZE_THREAD__)
#define POOLSIM_SKIP_FAULT_TESTS() GTEST_SKIP() << "ThreadSanitizer intercepts SIGSEGV"
#else
#define POOLSIM_SKIP_FAULT_TESTS() (void)0
#endif

__attribute__((noinline)) void WritePastTheEnd(char* p, size_t n) { p[n] = 'x'; }
__attribute__((noinline)) char ReadAfterFree(const char* p) {
  return *static_cast<const volatile char*>(p);
}

TEST(SpecialPoolDeathTest, AnOverrunByOneByteFaultsAtOnce) {
  POOLSIM_SKIP_FAULT_TESTS();
  EXPECT_DEATH(
      {
        Options o;
        o.special_pool.all = true;
        Environment env(o);
        AllocateRequest r;
        r.bytes = 64;
        r.tag = kTag;
        auto* p = static_cast<char*>(env.Allocate(r));
        WritePastTheEnd(p, 64);
      },
      "BUG CHECK 0x000000D6 DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION \\(0x[0-9A-F]+, 0x1,"
      "[^']*write 1 byte\\(s\\) past the end of a 64-byte block[^']*tag 'Spcl'");
}

TEST(SpecialPoolDeathTest, AnUnderrunByOneByteFaultsAtOnceInVerifyStart) {
  POOLSIM_SKIP_FAULT_TESTS();
  EXPECT_DEATH(
      {
        Options o;
        o.special_pool.all = true;
        o.special_pool.placement = SpecialPoolOptions::Placement::kVerifyStart;
        Environment env(o);
        AllocateRequest r;
        r.bytes = 64;
        r.tag = kTag;
        auto* p = static_cast<char*>(env.Allocate(r));
        WritePastTheEnd(p - 1, 0);
      },
      "DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION[^']*1 byte\\(s\\) before the start");
}

TEST(SpecialPoolDeathTest, AUseAfterFreeFaults) {
  POOLSIM_SKIP_FAULT_TESTS();
  EXPECT_DEATH(
      {
        Options o;
        o.special_pool.all = true;
        Environment env(o);
        AllocateRequest r;
        r.bytes = 24;
        r.tag = kTag;
        auto* p = static_cast<char*>(env.Allocate(r));
        env.Free(p, kTag, true);
        (void)ReadAfterFree(p);
      },
      "BUG CHECK 0x000000D5 DRIVER_PAGE_FAULT_IN_FREED_SPECIAL_POOL \\(0x[0-9A-F]+, 0x0,"
      "[^']*ReadAfterFree[^']*tag 'Spcl'");
}

TEST(SpecialPoolWdkTest, PoolFlagSpecialPoolSelectsItPerCall) {
  Environment env;
  ScopedEnvironment install(&env);
  void* p = ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_SPECIAL_POOL, 48, 'lcpS');
  void* q = ExAllocatePool2(POOL_FLAG_NON_PAGED, 48, 'lcpS');
  EXPECT_EQ(env.Counters().allocations_special_pool, 1u);
  EXPECT_TRUE(PageAligned(reinterpret_cast<uintptr_t>(p) + 48));
  ExFreePoolWithTag(p, 'lcpS');
  ExFreePoolWithTag(q, 'lcpS');
}

TEST(SpecialPoolWdkTest, PriorityChoosesThePlacement) {
  Options o;
  o.special_pool.all = true;
  Environment env(o);
  ScopedEnvironment install(&env);
  void* under = ExAllocatePoolWithTagPriority(NonPagedPoolNx, 48, 'lcpS',
                                              NormalPoolPrioritySpecialPoolUnderrun);
  void* over = ExAllocatePoolWithTagPriority(NonPagedPoolNx, 48, 'lcpS',
                                             NormalPoolPrioritySpecialPoolOverrun);
  EXPECT_TRUE(PageAligned(reinterpret_cast<uintptr_t>(under)));
  EXPECT_TRUE(PageAligned(reinterpret_cast<uintptr_t>(over) + 48));
  ExFreePoolWithTag(under, 'lcpS');
  ExFreePoolWithTag(over, 'lcpS');
}

}  // namespace
}  // namespace poolsim

namespace poolsim {
namespace {

TEST(GuardBytesTest, EachBlockKeepsTheGuardChoiceItWasAllocatedWith) {
  Options o;
  o.guard_bytes = 0;
  Environment env(o);
  std::vector<BugCheck> seen;
  env.SetBugCheckHandler([&](const BugCheck& b) { seen.push_back(b); });
  AllocateRequest r;
  r.bytes = 64;
  r.tag = kTag;
  void* unguarded = env.Allocate(r);
  o.guard_bytes = 16;
  env.Reconfigure(o);
  void* guarded = env.Allocate(r);
  env.Free(unguarded, kTag, true);  // no guard to check: no false report
  static_cast<char*>(guarded)[64] = 'x';
  env.Free(guarded, kTag, true);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].parameters[0], 0x51u);
  EXPECT_EQ(seen[0].parameters[1], reinterpret_cast<uintptr_t>(guarded));
}

}  // namespace
}  // namespace poolsim
