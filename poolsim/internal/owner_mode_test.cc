// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/internal/owner_mode_test.cc
// -----------------------------------------------------------------------------
//
// The pool's owner mode (one thread updates the exact shared counters with
// plain stores) and its switch to shared mode when a second thread arrives,
// and the 16-byte block header with its interned site, called the way a
// driver calls the pool: totals, peaks and budgets stay exact across the
// switch and under races, Reset hands ownership on, and what a block
// records survives the packing.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "poolsim/bugcheck.h"
#include "poolsim/environment.h"
#include "poolsim/wdk/wdm.h"

namespace {

constexpr ULONG kTag = 'nwOP';  // shows as "POwn"

class OwnerModeTest : public ::testing::Test {
 protected:
  explicit OwnerModeTest(poolsim::Options options = poolsim::Options()) : env_(options) {
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

TEST_F(OwnerModeTest, TotalsAndPeaksStayExactWhenSecondAndThirdThreadsArrive) {
  // The test's thread owns the pool: its blocks are counted with plain stores.
  constexpr int kOwned = 300;
  constexpr int kPerThread = 500;
  std::vector<void*> owned;
  for (int i = 0; i < kOwned; ++i) {
    owned.push_back(ExAllocatePoolWithTag(NonPagedPoolNx, 48, kTag));
  }
  EXPECT_EQ(env_.Counters().peak_nonpaged_allocations, static_cast<uint64_t>(kOwned));
  // Two more threads race: the first of them switches the pool to shared
  // mode while the other may already be allocating. Each holds its blocks
  // until both hold all of theirs, so the peak is known exactly; one of them
  // also frees the owner's blocks.
  std::atomic<int> holding{0};
  RunTogether(2, [&](int t) {
    std::vector<void*> mine;
    for (int i = 0; i < kPerThread; ++i) {
      mine.push_back(ExAllocatePoolWithTag(NonPagedPoolNx, 48, kTag));
    }
    holding.fetch_add(1);
    while (holding.load() < 2) {
    }
    for (void* p : mine) ExFreePoolWithTag(p, kTag);
    if (t == 0) {
      for (void* p : owned) ExFreePoolWithTag(p, kTag);
    }
  });
  const poolsim::PoolCounters c = env_.Counters();
  const uint64_t most = kOwned + 2 * kPerThread;
  EXPECT_EQ(c.peak_nonpaged_allocations, most);
  EXPECT_EQ(c.peak_nonpaged_bytes, most * 48);
  EXPECT_EQ(c.current_nonpaged_allocations, 0u);
  EXPECT_EQ(c.current_nonpaged_bytes, 0u);
  EXPECT_EQ(c.allocations_succeeded, most);
  EXPECT_EQ(c.frees, most);
  const std::vector<poolsim::TagUsage> usage = env_.TagUsages();
  ASSERT_EQ(usage.size(), 1u);
  EXPECT_EQ(usage[0].nonpaged_peak_bytes, most * 48);
  EXPECT_EQ(usage[0].nonpaged_bytes, 0u);
  EXPECT_EQ(usage[0].nonpaged_frees, most);
  // The former owner now counts with atomics, and still exactly.
  void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 48, kTag);
  EXPECT_EQ(env_.Counters().current_nonpaged_bytes, 48u);
  ExFreePoolWithTag(p, kTag);
  EXPECT_EQ(env_.Counters().current_nonpaged_bytes, 0u);
  EXPECT_TRUE(Seen().empty());
}

TEST_F(OwnerModeTest, CountsStayExactWhileTheOwnerKeepsAllocatingDuringTheSwitch) {
  // The owner allocates and frees in a loop while another thread arrives:
  // whichever update of the owner the switch lands in, none is lost.
  constexpr int kRounds = 20000;
  std::atomic<bool> go{false};
  std::thread other([&] {
    while (!go.load()) {
    }
    for (int i = 0; i < kRounds; ++i) {
      ExFreePoolWithTag(ExAllocatePoolWithTag(PagedPool, 32, kTag), kTag);
    }
  });
  std::vector<void*> kept;
  for (int i = 0; i < kRounds; ++i) {
    if (i == 100) go.store(true);
    void* p = ExAllocatePoolWithTag(PagedPool, 16, kTag);
    if (i % 4 == 0) {
      kept.push_back(p);
    } else {
      ExFreePoolWithTag(p, kTag);
    }
  }
  other.join();
  poolsim::PoolCounters c = env_.Counters();
  EXPECT_EQ(c.current_paged_allocations, kept.size());
  EXPECT_EQ(c.current_paged_bytes, kept.size() * 16);
  EXPECT_EQ(c.allocations_succeeded, 2u * kRounds);
  EXPECT_EQ(env_.LiveBlocks().size(), kept.size());
  for (void* p : kept) ExFreePoolWithTag(p, kTag);
  c = env_.Counters();
  EXPECT_EQ(c.current_paged_allocations, 0u);
  EXPECT_EQ(c.current_paged_bytes, 0u);
  EXPECT_EQ(c.frees, 2u * kRounds);
  EXPECT_TRUE(Seen().empty());
}

class OwnerBudgetTest : public OwnerModeTest {
 protected:
  static poolsim::Options Budget() {
    poolsim::Options o;
    o.nonpaged_budget = 64 * 1000;
    return o;
  }
  OwnerBudgetTest() : OwnerModeTest(Budget()) {}
};

TEST_F(OwnerBudgetTest, BudgetHoldsExactlyAcrossTheSwitch) {
  // Half the budget taken by the owner, the rest raced for by two threads.
  std::vector<void*> owned;
  for (int i = 0; i < 500; ++i) owned.push_back(ExAllocatePoolWithTag(NonPagedPoolNx, 64, kTag));
  std::vector<void*> got[2];
  RunTogether(2, [&](int t) {
    for (int i = 0; i < 1000; ++i) {
      void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 64, kTag);
      if (p != nullptr) got[t].push_back(p);
    }
  });
  EXPECT_EQ(got[0].size() + got[1].size(), 500u);
  const poolsim::PoolCounters c = env_.Counters();
  EXPECT_EQ(c.current_nonpaged_bytes, 64u * 1000);
  EXPECT_EQ(c.peak_nonpaged_bytes, 64u * 1000);
  EXPECT_EQ(c.allocations_failed, 1500u);
  // A request that would pass the budget fails for the owner too.
  EXPECT_EQ(ExAllocatePoolWithTag(NonPagedPoolNx, 64, kTag), nullptr);
  for (auto& v : got) {
    for (void* p : v) ExFreePoolWithTag(p, kTag);
  }
  for (void* p : owned) ExFreePoolWithTag(p, kTag);
  EXPECT_EQ(env_.Counters().current_nonpaged_bytes, 0u);
}

TEST_F(OwnerModeTest, ResetHandsThePoolToTheNextThreadThatUsesIt) {
  std::thread([] { ExFreePoolWithTag(ExAllocatePoolWithTag(PagedPool, 8, kTag), kTag); }).join();
  ExFreePoolWithTag(ExAllocatePoolWithTag(PagedPool, 8, kTag), kTag);  // second thread: shared
  env_.Reset();
  // A new owner after Reset; this thread's reads (Lookup claims the block)
  // and frees come from a second thread again.
  std::vector<void*> blocks(10);
  std::thread([&] {
    for (void*& p : blocks) p = ExAllocatePoolWithTag(PagedPool, 40, kTag);
  }).join();
  EXPECT_EQ(env_.Counters().current_paged_bytes, 400u);
  poolsim::BlockInfo info;
  ASSERT_TRUE(env_.Lookup(blocks[3], &info));
  EXPECT_EQ(info.bytes, 40u);
  EXPECT_EQ(env_.LiveBlocks().size(), 10u);
  for (void* p : blocks) ExFreePoolWithTag(p, kTag);
  EXPECT_EQ(env_.Counters().current_paged_bytes, 0u);
  EXPECT_EQ(env_.Counters().current_paged_allocations, 0u);
  EXPECT_TRUE(Seen().empty());
}

TEST_F(OwnerModeTest, WhatABlockRecordsSurvivesTheSixteenByteHeader) {
  const KIRQL old = KeRaiseIrqlToDpcLevel();
  auto* at_dispatch =
      static_cast<char*>(ExAllocatePoolWithTag(NonPagedPoolNxCacheAligned, 100, kTag));
  KeLowerIrql(old);
  void* big = ExAllocatePoolWithTag(PagedPool, 70000, 'giBP');
  uint32_t other_thread = 0;
  void* from_other = nullptr;
  std::thread([&] {
    other_thread = poolsim::CurrentThreadOrdinal();
    from_other = ExAllocatePoolWithTag(NonPagedPoolNx, 100, kTag);
  }).join();
  poolsim::BlockInfo a, b, c;
  ASSERT_TRUE(env_.Lookup(at_dispatch, &a));
  ASSERT_TRUE(env_.Lookup(big, &b));
  ASSERT_TRUE(env_.Lookup(from_other, &c));
  EXPECT_EQ(a.bytes, 100u);
  EXPECT_EQ(a.tag.value(), kTag);
  EXPECT_EQ(a.pool_type, static_cast<uint32_t>(NonPagedPoolNxCacheAligned));
  EXPECT_EQ(a.irql, DISPATCH_LEVEL);
  EXPECT_EQ(a.thread, poolsim::CurrentThreadOrdinal());
  EXPECT_NE(a.stack, poolsim::kNoStack);
  EXPECT_EQ(b.bytes, 70000u);
  EXPECT_EQ(b.kind, poolsim::PoolKind::kPaged);
  EXPECT_EQ(b.tag.value(), static_cast<uint32_t>('giBP'));
  EXPECT_EQ(b.irql, PASSIVE_LEVEL);
  EXPECT_EQ(b.sequence, a.sequence + 1);
  EXPECT_EQ(c.thread, other_thread);
  EXPECT_NE(c.thread, a.thread);
  EXPECT_NE(c.sequence, a.sequence);
  // The 16 bytes in front of a block are its header: not a block.
  ExFreePoolWithTag(at_dispatch - 16, kTag);
  ExFreePoolWithTag(at_dispatch - 8, kTag);
  ASSERT_EQ(Seen().size(), 2u);
  for (const poolsim::BugCheck& bc : Seen()) {
    EXPECT_EQ(bc.code, 0xC2u);
    EXPECT_EQ(bc.parameters[0], 0x46u);
  }
  ExFreePoolWithTag(at_dispatch, kTag);
  ExFreePoolWithTag(big, 'giBP');
  ExFreePoolWithTag(from_other, kTag);
  // A double free still reports the block as it was allocated.
  ExFreePoolWithTag(big, 'giBP');
  ASSERT_EQ(Seen().size(), 3u);
  EXPECT_EQ(Seen()[2].parameters[0], 0x07u);
  ASSERT_TRUE(Seen()[2].has_block);
  EXPECT_EQ(Seen()[2].block.bytes, 70000u);
  EXPECT_EQ(Seen()[2].block.tag.value(), static_cast<uint32_t>('giBP'));
  EXPECT_EQ(Seen()[2].block.sequence, b.sequence);
}

class HugeHostTest : public OwnerModeTest {
 protected:
  static poolsim::Options Huge() {
    poolsim::Options o;
    o.host_limit = uint64_t{1} << 62;
    return o;
  }
  HugeHostTest() : OwnerModeTest(Huge()) {}
};

TEST_F(HugeHostTest, RequestsAboveOneTebibyteAreRefused) {
  EXPECT_EQ(ExAllocatePoolWithTag(NonPagedPoolNx, (SIZE_T{1} << 40) + 16, kTag), nullptr);
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_PAGED, (SIZE_T{1} << 41), kTag), nullptr);
  const poolsim::PoolCounters c = env_.Counters();
  EXPECT_EQ(c.allocations_failed, 2u);
  EXPECT_EQ(c.current_nonpaged_bytes, 0u);
  EXPECT_EQ(c.current_paged_bytes, 0u);
  EXPECT_TRUE(Seen().empty());
}

}  // namespace
