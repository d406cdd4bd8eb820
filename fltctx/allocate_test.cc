// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/allocate_test.cc
// -----------------------------------------------------------------------------
//
// FltAllocateContext: definition selection, failures, the block's tag, pool
// and poison, allocate/free callbacks; and a context's lifetime: cleanup,
// free, deferred release at DISPATCH_LEVEL.

#include "fltctx/filter_manager.h"

#include <atomic>
#include <cctype>
#include <cstring>
#include <string>
#include <vector>

#include "fltctx/test_support.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/irql.h"

namespace fltctx {
namespace {

using ::fltctx::testing::Entry;
using ::fltctx::testing::FilterManagerTest;
using ::testing::ElementsAre;
using poolsim::PoolKind;

constexpr size_t kVar = ContextRegistrationEntry::kVariableSize;
const ContextType kS = ContextType::kStream;


// -----------------------------------------------------------------------------
// Allocation and definition selection
// -----------------------------------------------------------------------------

struct SizeCase {
  const char* name;
  std::vector<ContextRegistrationEntry> entries;
  size_t request;
  AllocateOutcome expected;
  size_t usable;  // payload bytes of the chosen definition
};

class SizeSelectionTest : public FilterManagerTest,
                          public ::testing::WithParamInterface<SizeCase> {};

TEST_P(SizeSelectionTest, PicksTheDocumentedDefinition) {
  const SizeCase& c = GetParam();
  Filter* f = Register(c.entries);
  AllocateResult r = fm().Allocate(f, kS, c.request, PoolKind::kPaged, 1);
  ASSERT_EQ(r.outcome, c.expected) << c.name;
  if (c.expected == AllocateOutcome::kAllocated) {
    EXPECT_EQ(fm().Inspect(r.context.get()).bytes, c.usable) << c.name;
    poolsim::BlockInfo info;
    ASSERT_TRUE(env_.Lookup(fm().Inspect(r.context.get()).block, &info));
    EXPECT_EQ(info.bytes, c.usable + 64) << "header + chosen size";
  } else {
    EXPECT_FALSE(r.context);
  }
}

constexpr uint16_t kNoExact = kNoExactSizeMatchFlag;

INSTANTIATE_TEST_SUITE_P(
    Cases, SizeSelectionTest,
    ::testing::Values(
        SizeCase{"one fixed exact", {Entry(kS, 32)}, 32, AllocateOutcome::kAllocated, 32},
        SizeCase{"one fixed smaller", {Entry(kS, 32)}, 16, AllocateOutcome::kDefinitionNotFound,
                 0},
        SizeCase{"one fixed larger", {Entry(kS, 32)}, 48, AllocateOutcome::kDefinitionNotFound,
                 0},
        SizeCase{"one fixed smaller with flag", {Entry(kS, 32, kNoExact)}, 16,
                 AllocateOutcome::kAllocated, 32},
        SizeCase{"two fixed exact second", {Entry(kS, 64), Entry(kS, 32)}, 64,
                 AllocateOutcome::kAllocated, 64},
        SizeCase{"two fixed flag smallest that fits",
                 {Entry(kS, 128, kNoExact), Entry(kS, 64, kNoExact)}, 40,
                 AllocateOutcome::kAllocated, 64},
        SizeCase{"three fixed flag only on largest",
                 {Entry(kS, 16), Entry(kS, 32), Entry(kS, 256, kNoExact)}, 20,
                 AllocateOutcome::kAllocated, 256},
        SizeCase{"three fixed none fits", {Entry(kS, 16), Entry(kS, 32), Entry(kS, 48)}, 40,
                 AllocateOutcome::kDefinitionNotFound, 0},
        SizeCase{"variable fallback", {Entry(kS, 16), Entry(kS, kVar)}, 100,
                 AllocateOutcome::kAllocated, 100},
        SizeCase{"fixed preferred over variable", {Entry(kS, kVar), Entry(kS, 100)}, 100,
                 AllocateOutcome::kAllocated, 100},
        SizeCase{"variable only", {Entry(kS, kVar)}, 1, AllocateOutcome::kAllocated, 1},
        SizeCase{"zero size", {Entry(kS, kVar)}, 0, AllocateOutcome::kInvalidSize, 0},
        SizeCase{"above MAXUSHORT", {Entry(kS, kVar)}, 0x10000, AllocateOutcome::kSizeTooLarge,
                 0}),
    [](const ::testing::TestParamInfo<SizeCase>& info) {
      std::string n = info.param.name;
      for (char& ch : n) {
        if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return n;
    });

TEST_F(FilterManagerTest, AllocateFailures) {
  Filter* f = Register({Entry(kS, 16)});
  EXPECT_EQ(fm().AllocateRaw(f, 0x0003, 16, PoolKind::kPaged, 1).outcome,
            AllocateOutcome::kInvalidType);
  EXPECT_EQ(fm().AllocateRaw(f, 0, 16, PoolKind::kPaged, 1).outcome,
            AllocateOutcome::kInvalidType);
  EXPECT_EQ(fm().Allocate(f, ContextType::kFile, 16, PoolKind::kPaged, 1).outcome,
            AllocateOutcome::kDefinitionNotFound);
  EXPECT_EQ(fm().Allocate(f, kS, 0, PoolKind::kPaged, 1).outcome, AllocateOutcome::kInvalidSize);
  fm().UnregisterFilter(f);
  EXPECT_EQ(fm().Allocate(f, kS, 16, PoolKind::kPaged, 1).outcome,
            AllocateOutcome::kFilterDeleting);
}

TEST_F(FilterManagerTest, ZeroSizeAllowedWhenConfigured) {
  Options o;
  o.reject_zero_size = false;
  Make(o);
  Filter* f = Register({Entry(kS, 0)});
  AllocateResult r = fm().Allocate(f, kS, 0, PoolKind::kPaged, 1);
  EXPECT_EQ(r.outcome, AllocateOutcome::kAllocated);
  EXPECT_EQ(fm().Inspect(r.context.get()).bytes, 0u);
}

TEST_F(FilterManagerTest, LenientSizeMatchAcceptsSmallerRequests) {
  Options o;
  o.exact_size_match = false;
  Make(o);
  Filter* f = Register({Entry(kS, 32)});
  AllocateResult r = fm().Allocate(f, kS, 8, PoolKind::kPaged, 1);
  ASSERT_EQ(r.outcome, AllocateOutcome::kAllocated);
  EXPECT_EQ(fm().Inspect(r.context.get()).bytes, 32u);
}

TEST_F(FilterManagerTest, BlockCarriesRegistrationTagPoolAndPoison) {
  const uint32_t tag = poolsim::PoolTag::FromChars("Abcd").value();
  Filter* f = Register({Entry(kS, 48, 0, tag), Entry(ContextType::kVolume, 8, 0, tag)});
  ContextRef paged = Alloc(f, kS, 48, PoolKind::kPaged);
  ContextInfo info = fm().Inspect(paged.get());
  poolsim::BlockInfo block;
  ASSERT_TRUE(env_.Lookup(info.block, &block));
  EXPECT_EQ(block.tag, poolsim::PoolTag(tag));
  EXPECT_EQ(block.kind, PoolKind::kPaged);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(paged.get()) % 16, 0u);
  const auto* bytes = paged.as<unsigned char>();
  for (int i = 0; i < 48; ++i) ASSERT_EQ(bytes[i], env_.options().uninitialized_fill) << i;

  // Volume contexts must be nonpaged.
  EXPECT_EQ(fm().Allocate(f, ContextType::kVolume, 8, PoolKind::kPaged, 1).outcome,
            AllocateOutcome::kMustBeNonPaged);
  ContextRef v = Alloc(f, ContextType::kVolume, 8, PoolKind::kNonPaged);
  EXPECT_EQ(fm().Inspect(v.get()).pool, PoolKind::kNonPaged);
}

TEST_F(FilterManagerTest, PagedVolumeContextCoercedWhenConfigured) {
  Options o;
  o.reject_paged_volume_context = false;
  Make(o);
  Filter* f = Register({Entry(ContextType::kVolume, 8)});
  AllocateResult r = fm().Allocate(f, ContextType::kVolume, 8, PoolKind::kPaged, 1);
  ASSERT_EQ(r.outcome, AllocateOutcome::kAllocated);
  EXPECT_EQ(fm().Inspect(r.context.get()).pool, PoolKind::kNonPaged);
  EXPECT_EQ(fm().Inspect(r.context.get()).pool_type, 512u);
}

TEST_F(FilterManagerTest, Windows11ZeroesVariableSizeContexts) {
  Options o;
  o.zero_variable_size_contexts = true;
  Make(o);
  Filter* f = Register({Entry(kS, 16), Entry(kS, kVar)});
  ContextRef var = Alloc(f, kS, 40);
  ContextRef fixed = Alloc(f, kS, 16);
  for (int i = 0; i < 40; ++i) ASSERT_EQ(var.as<unsigned char>()[i], 0) << i;
  EXPECT_EQ(fixed.as<unsigned char>()[0], env_.options().uninitialized_fill);
}

struct CallbackLog {
  std::vector<std::string> events;
  std::vector<size_t> sizes;
  std::vector<uint32_t> pools;
  std::vector<void*> blocks_allocated;
  std::vector<void*> blocks_freed;
};
CallbackLog* g_log = nullptr;

TEST_F(FilterManagerTest, AllocateAndFreeCallbacksSeeTheWholeBlock) {
  CallbackLog log;
  g_log = &log;
  ContextRegistrationEntry e = Entry(kS, 0, 0, 0);
  e.allocate = [](uint32_t pool, size_t bytes, ContextType) -> void* {
    g_log->events.push_back("allocate");
    g_log->sizes.push_back(bytes);
    g_log->pools.push_back(pool);
    void* b = aligned_alloc(16, (bytes + 15) / 16 * 16);
    g_log->blocks_allocated.push_back(b);
    return b;
  };
  e.free = [](void* block, ContextType) {
    g_log->events.push_back("free");
    g_log->blocks_freed.push_back(block);
    ::free(block);
  };
  e.cleanup = [](void*, ContextType) { g_log->events.push_back("cleanup"); };
  Filter* f = Register({e});
  {
    ContextRef c = Alloc(f, kS, 100, PoolKind::kPaged);
    ASSERT_TRUE(c);
    EXPECT_TRUE(fm().Inspect(c.get()).from_callback);
    EXPECT_EQ(static_cast<char*>(c.get()) - static_cast<char*>(log.blocks_allocated[0]), 64);
  }
  EXPECT_THAT(log.events, ElementsAre("allocate", "cleanup", "free"));
  EXPECT_THAT(log.sizes, ElementsAre(164u));
  EXPECT_THAT(log.pools, ElementsAre(1u));
  EXPECT_EQ(log.blocks_freed, log.blocks_allocated);
  g_log = nullptr;
}

TEST_F(FilterManagerTest, AllocateCallbackFailureIsInsufficientResources) {
  ContextRegistrationEntry e = Entry(kS, 0, 0, 0);
  e.allocate = [](uint32_t, size_t, ContextType) -> void* { return nullptr; };
  e.free = [](void*, ContextType) {};
  Filter* f = Register({e});
  AllocateResult r = fm().Allocate(f, kS, 8, PoolKind::kPaged, 1);
  EXPECT_EQ(r.outcome, AllocateOutcome::kInsufficientResources);
  EXPECT_FALSE(r.context);
}

// -----------------------------------------------------------------------------
// Lifetime: cleanup, free, deferred release
// -----------------------------------------------------------------------------

TEST_F(FilterManagerTest, CleanupRunsForNeverAttachedContextBeforeTheFree) {
  std::vector<std::string> events;
  poolsim::Environment* env = &env_;
  void* block = nullptr;
  ContextRegistrationEntry e = Entry(kS, 16);
  e.cleanup = [&](void* ctx, ContextType t) {
    events.push_back("cleanup");
    EXPECT_EQ(t, kS);
    EXPECT_TRUE(env->Lookup(block)) << "cleanup runs before the block is freed";
    EXPECT_EQ(std::memcmp(ctx, "payload", 8), 0);
  };
  Filter* f = Register({e});
  ContextRef c = Alloc(f, kS, 16);
  block = fm().Inspect(c.get()).block;
  std::memcpy(c.get(), "payload", 8);
  EXPECT_EQ(fm().LiveContextCount(), 1u);
  c.reset();
  EXPECT_THAT(events, ElementsAre("cleanup"));
  EXPECT_FALSE(env_.Lookup(block));
  EXPECT_EQ(fm().LiveContextCount(), 0u);
}

TEST_F(FilterManagerTest, FinalReleaseAtDispatchIsDeferredToPassive) {
  Options o;
  o.deferred_work = DeferredWork::kManual;
  Make(o);
  std::vector<poolsim::Irql> cleanup_irqls;
  ContextRegistrationEntry e = Entry(kS, 16);
  e.cleanup = [&](void*, ContextType) { cleanup_irqls.push_back(poolsim::CurrentIrql()); };
  Filter* f = Register({e});
  ContextRef c = Alloc(f, kS, 16, PoolKind::kNonPaged);
  void* raw = c.TransferToCaller();
  {
    poolsim::ScopedIrql dpc(poolsim::kDispatchLevel);
    fm().Release(raw);
  }
  EXPECT_TRUE(cleanup_irqls.empty());
  EXPECT_EQ(fm().PendingDeferredWork(), 1u);
  EXPECT_EQ(fm().Inspect(raw).state, ContextState::kFreeing);
  {
    poolsim::ScopedIrql apc(poolsim::kApcLevel);
    EXPECT_EQ(fm().DrainDeferredWork(), 1u);
  }
  EXPECT_THAT(cleanup_irqls, ElementsAre(poolsim::kPassiveLevel));
  EXPECT_EQ(fm().Inspect(raw).state, ContextState::kFreed);
  EXPECT_EQ(fm().PendingDeferredWork(), 0u);
  EXPECT_TRUE(Checks().empty());
}

TEST_F(FilterManagerTest, DeferredReleaseRunsOnTheWorkerThread) {
  std::atomic<int> cleanups{0};
  std::atomic<poolsim::Irql> irql{99};
  ContextRegistrationEntry e = Entry(kS, 16);
  e.cleanup = [&](void*, ContextType) {
    irql = poolsim::CurrentIrql();
    cleanups++;
  };
  Filter* f = Register({e});
  void* raw = Alloc(f, kS, 16, PoolKind::kNonPaged).TransferToCaller();
  {
    poolsim::ScopedIrql dpc(poolsim::kDispatchLevel);
    fm().Release(raw);
  }
  fm().DrainDeferredWork();  // waits for the worker too
  EXPECT_EQ(cleanups.load(), 1);
  EXPECT_EQ(irql.load(), poolsim::kPassiveLevel);
}

TEST_F(FilterManagerTest, CleanupMayReleaseOtherContexts) {
  void* other = nullptr;
  FilterManager* fmp = nullptr;
  std::vector<std::string> order;
  ContextRegistrationEntry a = Entry(ContextType::kTransaction, 16);
  a.cleanup = [&](void*, ContextType) {
    order.push_back("transaction");
    fmp->Release(other);  // the library holds no lock here
  };
  ContextRegistrationEntry b = Entry(kS, 16);
  b.cleanup = [&](void*, ContextType) { order.push_back("stream"); };
  Filter* f = Register({a, b});
  fmp = &fm();
  other = Alloc(f, kS, 16).TransferToCaller();
  Alloc(f, ContextType::kTransaction, 16).reset();
  EXPECT_THAT(order, ElementsAre("transaction", "stream"));
  EXPECT_EQ(fm().LiveContextCount(), 0u);
}

}  // namespace
}  // namespace fltctx
