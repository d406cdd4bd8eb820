// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/pool_concurrency_test.cc
// -----------------------------------------------------------------------------
//
// What the lock-free pool structures (the BlockMap registry, per-thread
// counters, sequence numbers and freed-block history, the per-thread stack
// cache) must still catch and keep exact, called the way a driver calls the
// pool: racing double frees, cross-thread frees, interior and unaligned
// pointers, peaks and budgets under concurrency, sequence order.

#include <stdlib.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/stack_trace.h"
#include "poolsim/wdk/wdm.h"

namespace {

constexpr ULONG kTag = 'cnoC';  // shows as "Conc"

// An Environment installed as the ambient one, recording bug checks.
class PoolConcurrencyTest : public ::testing::Test {
 protected:
  explicit PoolConcurrencyTest(poolsim::Options options = poolsim::Options()) : env_(options) {
    env_.SetBugCheckHandler([this](const poolsim::BugCheck& b) {
      std::lock_guard<std::mutex> lock(mu_);
      seen_.push_back(b);
    });
  }

  std::vector<poolsim::BugCheck> Seen() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }

  poolsim::Environment env_;
  poolsim::ScopedEnvironment install_{&env_};
  std::mutex mu_;
  std::vector<poolsim::BugCheck> seen_;  // guarded by mu_
};

// Starts `n` threads that each run f(i) once all of them are ready.
template <typename F>
void RunTogether(int n, F f) {
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < n) {
      }
      f(i);
    });
  }
  for (std::thread& t : threads) t.join();
}

TEST_F(PoolConcurrencyTest, DoubleFreeRacingOnTwoThreadsIsCaughtExactlyOnce) {
  constexpr int kRounds = 300;
  for (int round = 0; round < kRounds; ++round) {
    void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 48, kTag);
    ASSERT_NE(p, nullptr);
    RunTogether(2, [&](int) { ExFreePoolWithTag(p, kTag); });
  }
  const std::vector<poolsim::BugCheck> seen = Seen();
  ASSERT_EQ(seen.size(), static_cast<size_t>(kRounds));
  for (const poolsim::BugCheck& b : seen) {
    EXPECT_EQ(b.code, 0xC2u);
    EXPECT_EQ(b.parameters[0], 0x07u) << "the loser of the race sees a double free";
    EXPECT_TRUE(b.has_block);
    EXPECT_NE(b.block_free_stack, poolsim::kNoStack);
  }
  EXPECT_EQ(env_.Counters().frees, static_cast<uint64_t>(kRounds));
  EXPECT_EQ(env_.Counters().current_nonpaged_allocations, 0u);
}

TEST_F(PoolConcurrencyTest, CrossThreadFreeIsCountedOnce) {
  constexpr int kBlocks = 1000;
  std::vector<void*> blocks(kBlocks);
  std::thread([&] {
    for (void*& p : blocks) p = ExAllocatePoolWithTag(NonPagedPoolNx, 24, kTag);
  }).join();
  EXPECT_EQ(env_.Counters().current_nonpaged_allocations, static_cast<uint64_t>(kBlocks));
  std::thread([&] {
    for (void* p : blocks) ExFreePoolWithTag(p, kTag);
  }).join();
  const poolsim::PoolCounters c = env_.Counters();
  EXPECT_EQ(c.allocations_succeeded, static_cast<uint64_t>(kBlocks));
  EXPECT_EQ(c.frees, static_cast<uint64_t>(kBlocks));
  EXPECT_EQ(c.current_nonpaged_allocations, 0u);
  EXPECT_EQ(c.current_nonpaged_bytes, 0u);
  EXPECT_TRUE(Seen().empty());
  EXPECT_TRUE(env_.LiveBlocks().empty());
  // A block freed on another thread is still known as freed here.
  ExFreePoolWithTag(blocks[0], kTag);
  ASSERT_EQ(Seen().size(), 1u);
  EXPECT_EQ(Seen()[0].parameters[0], 0x07u);
}

TEST_F(PoolConcurrencyTest, InteriorAndUnalignedPointersAreBadAddressesAndChangeNothing) {
  auto* p = static_cast<char*>(ExAllocatePoolWithTag(NonPagedPoolNx, 256, kTag));
  ASSERT_NE(p, nullptr);
  ExFreePoolWithTag(p + 16, kTag);   // interior, aligned
  ExFreePoolWithTag(p + 1, kTag);    // interior, unaligned
  ExFreePoolWithTag(p - 32, kTag);   // the header
  ExFreePoolWithTag(reinterpret_cast<void*>(uintptr_t{1} << 50), kTag);  // beyond user space
  const std::vector<poolsim::BugCheck> seen = Seen();
  ASSERT_EQ(seen.size(), 4u);
  for (const poolsim::BugCheck& b : seen) {
    EXPECT_EQ(b.code, 0xC2u);
    EXPECT_EQ(b.parameters[0], 0x46u);
    EXPECT_FALSE(b.has_block);
    EXPECT_NE(b.stack, poolsim::kNoStack) << "a bug check from a free keeps its whole stack";
  }
  EXPECT_TRUE(env_.Lookup(p));
  EXPECT_FALSE(env_.Lookup(p + 16));
  EXPECT_EQ(env_.Counters().current_nonpaged_allocations, 1u);
  ExFreePoolWithTag(p, kTag);
  EXPECT_EQ(Seen().size(), 4u);
  EXPECT_FALSE(env_.Lookup(p));
}

TEST_F(PoolConcurrencyTest, PerTagCountsSumTheThreadsShares) {
  // 40 tags (more than one chunk of a thread's tag table), allocated on one
  // thread and freed on another, with one block of each left live.
  constexpr int kTags = 40;
  std::vector<void*> freed_later, kept;
  std::thread([&] {
    for (int i = 0; i < kTags; ++i) {
      const ULONG tag = 'AgaT' + static_cast<ULONG>(i);
      freed_later.push_back(ExAllocatePoolWithTag(NonPagedPoolNx, 10, tag));
      freed_later.push_back(ExAllocatePoolWithTag(PagedPool, 20, tag));
      kept.push_back(ExAllocatePoolWithTag(NonPagedPoolNx, 30, tag));
    }
  }).join();
  std::thread([&] {
    for (int i = 0; i < kTags; ++i) {
      const ULONG tag = 'AgaT' + static_cast<ULONG>(i);
      ExFreePoolWithTag(freed_later[2 * i], tag);
      ExFreePoolWithTag(freed_later[2 * i + 1], tag);
    }
  }).join();
  const std::vector<poolsim::TagUsage> usage = env_.TagUsages();
  ASSERT_EQ(usage.size(), static_cast<size_t>(kTags));
  for (const poolsim::TagUsage& u : usage) {
    EXPECT_EQ(u.nonpaged_allocations, 1u) << u.tag.ToString();
    EXPECT_EQ(u.nonpaged_frees, 1u);
    EXPECT_EQ(u.nonpaged_bytes, 30u);
    EXPECT_EQ(u.nonpaged_peak_bytes, 40u);
    EXPECT_EQ(u.paged_allocations, 0u);
    EXPECT_EQ(u.paged_frees, 1u);
    EXPECT_EQ(u.paged_bytes, 0u);
    EXPECT_EQ(u.paged_peak_bytes, 20u);
  }
  for (int i = 0; i < kTags; ++i) ExFreePoolWithTag(kept[i], 'AgaT' + static_cast<ULONG>(i));
  EXPECT_TRUE(Seen().empty());
}

TEST_F(PoolConcurrencyTest, PeakIsExactWhenTwoThreadsHoldBlocksAtOnce) {
  constexpr int kPerThread = 500;
  std::atomic<int> holding{0};
  RunTogether(2, [&](int) {
    std::vector<void*> mine;
    for (int i = 0; i < kPerThread; ++i) mine.push_back(ExAllocatePoolWithTag(PagedPool, 100, kTag));
    holding.fetch_add(1);
    while (holding.load() < 2) {
    }
    for (void* p : mine) ExFreePoolWithTag(p, kTag);
  });
  const poolsim::PoolCounters c = env_.Counters();
  EXPECT_EQ(c.peak_paged_allocations, 2u * kPerThread);
  EXPECT_EQ(c.peak_paged_bytes, 2u * kPerThread * 100);
  EXPECT_EQ(c.current_paged_bytes, 0u);
  EXPECT_EQ(c.frees, 2u * kPerThread);
  const std::vector<poolsim::TagUsage> usage = env_.TagUsages();
  ASSERT_EQ(usage.size(), 1u);
  EXPECT_EQ(usage[0].paged_peak_bytes, 2u * kPerThread * 100);
  EXPECT_EQ(usage[0].paged_frees, 2u * kPerThread);
}

class PoolBudgetTest : public PoolConcurrencyTest {
 protected:
  static poolsim::Options Budget() {
    poolsim::Options o;
    o.nonpaged_budget = 64 * 1000;
    return o;
  }
  PoolBudgetTest() : PoolConcurrencyTest(Budget()) {}
};

TEST_F(PoolBudgetTest, BudgetHoldsExactlyUnderTwoThreads) {
  std::vector<void*> got[2];
  RunTogether(2, [&](int t) {
    for (int i = 0; i < 1000; ++i) {
      void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 64, kTag);
      if (p != nullptr) got[t].push_back(p);
    }
  });
  // 2000 requests of 64 bytes for a budget of 1000 of them: exactly 1000 fit.
  EXPECT_EQ(got[0].size() + got[1].size(), 1000u);
  const poolsim::PoolCounters c = env_.Counters();
  EXPECT_EQ(c.current_nonpaged_bytes, 64u * 1000);
  EXPECT_EQ(c.peak_nonpaged_bytes, 64u * 1000);
  EXPECT_EQ(c.allocations_failed, 1000u);
  EXPECT_EQ(c.allocations_attempted, 2000u);
  for (auto& v : got) {
    for (void* p : v) ExFreePoolWithTag(p, kTag);
  }
  EXPECT_EQ(env_.Counters().current_nonpaged_bytes, 0u);
}

TEST_F(PoolConcurrencyTest, SequenceNumbersAreUniqueAndLastSequenceSeparatesBeforeFromAfter) {
  std::vector<void*> before[2];
  RunTogether(2, [&](int t) {
    for (int i = 0; i < 300; ++i) before[t].push_back(ExAllocatePoolWithTag(NonPagedPoolNx, 16, kTag));
  });
  const uint64_t mark = env_.LastSequence();
  std::vector<void*> after[2];
  RunTogether(2, [&](int t) {
    for (int i = 0; i < 300; ++i) after[t].push_back(ExAllocatePoolWithTag(NonPagedPoolNx, 16, kTag));
  });
  const std::vector<poolsim::BlockInfo> live = env_.LiveBlocks();
  ASSERT_EQ(live.size(), 1200u);
  for (size_t i = 1; i < live.size(); ++i) {
    EXPECT_LT(live[i - 1].sequence, live[i].sequence) << "unique, in order";
  }
  const std::vector<poolsim::BlockInfo> since = env_.LiveBlocksSince(mark);
  ASSERT_EQ(since.size(), 600u);
  for (const poolsim::BlockInfo& b : since) {
    bool is_after = false;
    for (auto& v : after) {
      for (void* p : v) is_after |= reinterpret_cast<uintptr_t>(p) == b.address;
    }
    EXPECT_TRUE(is_after);
  }
  for (auto* set : {before, after}) {
    for (int t = 0; t < 2; ++t) {
      for (void* p : set[t]) ExFreePoolWithTag(p, kTag);
    }
  }
}

TEST_F(PoolConcurrencyTest, OneThreadSeesConsecutiveSequenceNumbers) {
  void* a = ExAllocatePoolWithTag(NonPagedPoolNx, 16, kTag);
  void* b = ExAllocatePoolWithTag(NonPagedPoolNx, 16, kTag);
  EXPECT_EQ(env_.LastSequence(), 2u);
  void* c = ExAllocatePoolWithTag(NonPagedPoolNx, 16, kTag);
  poolsim::BlockInfo info;
  ASSERT_TRUE(env_.Lookup(c, &info));
  EXPECT_EQ(info.sequence, 3u);
  EXPECT_EQ(env_.LastSequence(), 3u);
  for (void* p : {a, b, c}) ExFreePoolWithTag(p, kTag);
}

// Two noinline callers, so the frees come from two different return
// addresses.
__attribute__((noinline)) void FreeHere(void* p) {
  ExFreePoolWithTag(p, kTag);
  asm volatile("" ::: "memory");
}

__attribute__((noinline)) void FreeThere(void* p) {
  ExFreePoolWithTag(p, kTag);
  asm volatile("" ::: "memory");
}

TEST_F(PoolConcurrencyTest, FreedHistoryKeepsOnlyTheReturnAddressByDefault) {
  void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 16, kTag);
  FreeHere(p);
  FreeThere(p);  // double free
  const std::vector<poolsim::BugCheck> seen = Seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(poolsim::StackFrames(seen[0].block_free_stack).size(), 1u);
  EXPECT_GT(poolsim::StackFrames(seen[0].stack).size(), 1u);
  EXPECT_GT(poolsim::StackFrames(seen[0].block.stack).size(), 1u);
  const std::vector<poolsim::SymbolizedFrame> frames =
      poolsim::Symbolize(seen[0].block_free_stack, /*with_file_line=*/false);
  ASSERT_FALSE(frames.empty());
  EXPECT_THAT(frames[0].function, ::testing::HasSubstr("FreeHere"));
}

class FullFreeStacksTest : public PoolConcurrencyTest {
 protected:
  static poolsim::Options Full() {
    poolsim::Options o;
    o.full_free_stacks = true;
    return o;
  }
  FullFreeStacksTest() : PoolConcurrencyTest(Full()) {}
};

TEST_F(FullFreeStacksTest, FreedHistoryKeepsTheWholeStackWhenAsked) {
  void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 16, kTag);
  FreeHere(p);
  FreeThere(p);
  const std::vector<poolsim::BugCheck> seen = Seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_GT(poolsim::StackFrames(seen[0].block_free_stack).size(), 1u);
}

TEST_F(PoolConcurrencyTest, ResetForgetsEarlierFrees) {
  void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 16, kTag);
  ExFreePoolWithTag(p, kTag);
  env_.Reset();
  ExFreePoolWithTag(p, kTag);  // no longer known as freed: a bad address
  const std::vector<poolsim::BugCheck> seen = Seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].parameters[0], 0x46u);
}

TEST(FullFreeStacksSettingTest, ReadFromTheEnvironment) {
  EXPECT_FALSE(poolsim::Options::FromEnv().full_free_stacks);
  setenv("POOLSIM_FULL_FREE_STACKS", "1", 1);
  EXPECT_TRUE(poolsim::Options::FromEnv().full_free_stacks);
  setenv("POOLSIM_FULL_FREE_STACKS", "off", 1);
  EXPECT_FALSE(poolsim::Options::FromEnv().full_free_stacks);
  unsetenv("POOLSIM_FULL_FREE_STACKS");
}

TEST_F(PoolConcurrencyTest, EqualStacksOnTwoThreadsShareOneId) {
  // The per-thread stack caches sit in front of one depot.
  poolsim::StackId ids[2] = {};
  RunTogether(2, [&](int t) {
    void* p = nullptr;
    for (int i = 0; i < 2; ++i) {
      // Same call site on both threads; only the thread entry frames differ,
      // so compare the innermost frame.
      p = ExAllocatePoolWithTag(NonPagedPoolNx, 16, kTag);
      poolsim::BlockInfo info;
      if (env_.Lookup(p, &info)) ids[t] = info.stack;
      ExFreePoolWithTag(p, kTag);
    }
  });
  ASSERT_NE(ids[0], poolsim::kNoStack);
  ASSERT_NE(ids[1], poolsim::kNoStack);
  EXPECT_EQ(poolsim::StackFrames(ids[0])[0], poolsim::StackFrames(ids[1])[0]);
}

}  // namespace
