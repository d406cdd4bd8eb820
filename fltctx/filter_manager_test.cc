// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "fltctx/filter_manager.h"

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "fltctx/test_support.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/irql.h"

namespace fltctx {
namespace {

using ::fltctx::testing::Entry;
using ::fltctx::testing::FilterManagerTest;
using ::fltctx::testing::kTag;
using ::testing::ElementsAre;
using poolsim::PoolKind;

constexpr size_t kVar = ContextRegistrationEntry::kVariableSize;

// -----------------------------------------------------------------------------
// Registration validation
// -----------------------------------------------------------------------------

void NoopFree(void*, ContextType) {}
void* NoopAllocate(uint32_t, size_t, ContextType) { return nullptr; }

struct RegistrationCase {
  const char* name;
  std::vector<ContextRegistrationEntry> entries;
  RegisterOutcome expected;
};

ContextRegistrationEntry WithCallbacks(ContextType t, bool allocate, bool free) {
  ContextRegistrationEntry e = Entry(t, 0, 0, 0);
  if (allocate) {
    e.allocate = NoopAllocate;
    e.allocate_id = reinterpret_cast<const void*>(&NoopAllocate);
  }
  if (free) {
    e.free = NoopFree;
    e.free_id = reinterpret_cast<const void*>(&NoopFree);
  }
  return e;
}

ContextRegistrationEntry Raw(uint16_t bits, size_t size) {
  ContextRegistrationEntry e = Entry(ContextType::kStream, size);
  e.type_bits = bits;
  return e;
}

ContextRegistrationEntry Reserved() {
  ContextRegistrationEntry e = Entry(ContextType::kStream, 8);
  e.reserved_nonnull = true;
  return e;
}

class RegistrationTest : public FilterManagerTest,
                         public ::testing::WithParamInterface<RegistrationCase> {};

TEST_P(RegistrationTest, Validates) {
  const RegistrationCase& c = GetParam();
  FilterRegistration r;
  r.contexts = c.entries;
  Filter* f = reinterpret_cast<Filter*>(1);
  EXPECT_EQ(fm().RegisterFilter(r, &f), c.expected) << c.name;
  if (c.expected == RegisterOutcome::kRegistered) {
    EXPECT_NE(f, nullptr);
  } else {
    EXPECT_EQ(f, nullptr);
  }
}

const ContextType kS = ContextType::kStream;

INSTANTIATE_TEST_SUITE_P(
    Cases, RegistrationTest,
    ::testing::Values(
        RegistrationCase{"none", {}, RegisterOutcome::kRegistered},
        RegistrationCase{"one fixed", {Entry(kS, 16)}, RegisterOutcome::kRegistered},
        RegistrationCase{"size zero is legal", {Entry(kS, 0)}, RegisterOutcome::kRegistered},
        RegistrationCase{"three fixed + variable",
                         {Entry(kS, 16), Entry(kS, 32), Entry(kS, 48), Entry(kS, kVar)},
                         RegisterOutcome::kRegistered},
        RegistrationCase{"four fixed",
                         {Entry(kS, 16), Entry(kS, 32), Entry(kS, 48), Entry(kS, 64)},
                         RegisterOutcome::kInvalidContextRegistration},
        RegistrationCase{"two variable",
                         {Entry(kS, kVar), Entry(kS, kVar, 0, kTag + 1)},
                         RegisterOutcome::kInvalidContextRegistration},
        RegistrationCase{"exact duplicates ignored",
                         {Entry(kS, 16), Entry(kS, 16), Entry(kS, 32), Entry(kS, 48),
                          Entry(kS, 48)},
                         RegisterOutcome::kRegistered},
        RegistrationCase{"fixed above MAXUSHORT", {Entry(kS, 0x10000)},
                         RegisterOutcome::kInvalidContextRegistration},
        RegistrationCase{"MAXUSHORT", {Entry(kS, 0xFFFF)}, RegisterOutcome::kRegistered},
        RegistrationCase{"pool tag zero", {Entry(kS, 16, 0, 0)},
                         RegisterOutcome::kInvalidContextRegistration},
        RegistrationCase{"callbacks", {WithCallbacks(kS, true, true)},
                         RegisterOutcome::kRegistered},
        RegistrationCase{"callbacks plus fixed", {WithCallbacks(kS, true, true), Entry(kS, 16)},
                         RegisterOutcome::kInvalidContextRegistration},
        RegistrationCase{"lone allocate callback", {WithCallbacks(kS, true, false)},
                         RegisterOutcome::kInvalidContextRegistration},
        RegistrationCase{"lone free callback", {WithCallbacks(kS, false, true)},
                         RegisterOutcome::kInvalidContextRegistration},
        RegistrationCase{"two types in one value", {Raw(0x0009, 16)},
                         RegisterOutcome::kInvalidContextRegistration},
        RegistrationCase{"unknown type bit", {Raw(0x0080, 16)},
                         RegisterOutcome::kInvalidContextRegistration},
        RegistrationCase{"Reserved1 set", {Reserved()},
                         RegisterOutcome::kInvalidContextRegistration},
        RegistrationCase{"one of each type",
                         {Entry(ContextType::kVolume, 8), Entry(ContextType::kInstance, 8),
                          Entry(ContextType::kFile, 8), Entry(ContextType::kStream, 8),
                          Entry(ContextType::kStreamHandle, 8),
                          Entry(ContextType::kTransaction, 8), Entry(ContextType::kSection, 8)},
                         RegisterOutcome::kRegistered}),
    [](const ::testing::TestParamInfo<RegistrationCase>& info) {
      std::string n = info.param.name;
      for (char& ch : n) {
        if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return n;
    });

TEST_F(FilterManagerTest, LenientRegistrationDropsBadEntriesAndDefaultsTheTag) {
  Options o;
  o.reject_invalid_registration = false;
  o.reject_zero_pool_tag = false;
  Make(o);
  Filter* f = Register({Entry(kS, 0x10000), Entry(kS, 16, 0, 0)});
  ASSERT_NE(f, nullptr);
  ContextRef c = Alloc(f, kS, 16);
  ASSERT_TRUE(c);
  EXPECT_EQ(fm().Inspect(c.get()).tag, poolsim::PoolTag::FromChars("FMc3"));
  EXPECT_EQ(fm().Allocate(f, kS, 0xFFFF, PoolKind::kPaged, 1).outcome,
            AllocateOutcome::kDefinitionNotFound);
}

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

// -----------------------------------------------------------------------------
// Objects
// -----------------------------------------------------------------------------

class ObjectsTest : public FilterManagerTest {
 protected:
  void SetUpObjects(FilterCallbacks callbacks = {},
                    std::function<void(void*, ContextType)> cleanup = nullptr,
                    VolumeOptions vo = {}) {
    filter_ = RegisterAllTypes(kTag, std::move(callbacks), std::move(cleanup));
    volume_ = fm().CreateVolume(vo);
    instance_ = fm().AttachInstance(filter_, volume_);
    ASSERT_NE(instance_, nullptr);
    stream_ = fm().CreateStream(volume_, StreamOptions{});
    fo_ = fm().OpenFileObject(stream_);
  }

  ContextTarget Target(ContextType t) {
    switch (t) {
      case ContextType::kVolume:
        return ContextTarget::VolumeOf(filter_, volume_);
      case ContextType::kInstance:
        return ContextTarget::InstanceOf(instance_);
      case ContextType::kTransaction:
        if (tx_ == nullptr) tx_ = fm().CreateTransaction();
        return ContextTarget::TransactionOf(instance_, tx_);
      default:
        return ContextTarget::OnFileObject(t, instance_, fo_);
    }
  }

  Filter* filter_ = nullptr;
  Volume* volume_ = nullptr;
  Instance* instance_ = nullptr;
  Stream* stream_ = nullptr;
  FileObject* fo_ = nullptr;
  Transaction* tx_ = nullptr;
};

// The spec's test matrix: KEEP/REPLACE x OldContext wanted or not x slot empty
// or occupied, for every settable type, with the reference arithmetic.
struct SetCase {
  SetMode mode;
  bool want_previous;
  bool occupied;
  SetOutcome expected;
  int64_t new_refs_after;       // NewContext, the caller's reference included
  int64_t existing_refs_after;  // the attached one, before the test drops `previous`
  bool previous_returned;
};

class SetMatrixTest : public ObjectsTest,
                      public ::testing::WithParamInterface<std::tuple<ContextType, SetCase>> {};

TEST_P(SetMatrixTest, OutcomeAndReferenceCounts) {
  const ContextType type = std::get<0>(GetParam());
  const SetCase& c = std::get<1>(GetParam());
  SetUpObjects();
  ContextTarget target = Target(type);
  ContextRef existing;
  if (c.occupied) {
    existing = Alloc(filter_, type);
    ASSERT_EQ(fm().Set(target, existing.get(), SetMode::kKeepIfExists).outcome,
              SetOutcome::kInserted);
    ASSERT_EQ(Refs(existing), 2);
  }
  ContextRef fresh = Alloc(filter_, type);
  SetResult r = fm().Set(target, fresh.get(), c.mode, c.want_previous);
  EXPECT_EQ(r.outcome, c.expected);
  EXPECT_EQ(Refs(fresh), c.new_refs_after);
  if (c.occupied) EXPECT_EQ(Refs(existing), c.existing_refs_after);
  EXPECT_EQ(static_cast<bool>(r.previous), c.previous_returned);
  if (c.previous_returned) EXPECT_EQ(r.previous.get(), existing.get());

  // Whatever is attached now is what Get returns.
  GetResult g = fm().Get(target);
  ASSERT_EQ(g.outcome, GetOutcome::kFound);
  const bool fresh_attached = c.expected == SetOutcome::kInserted ||
                              c.expected == SetOutcome::kReplaced;
  EXPECT_EQ(g.context.get(), fresh_attached ? fresh.get() : existing.get());
  g.context.reset();
  r.previous.reset();
  existing.reset();
  fresh.reset();
  EXPECT_EQ(fm().LiveContextCount(), 1u) << "only the attached context survives";
  EXPECT_TRUE(Checks().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Matrix, SetMatrixTest,
    ::testing::Combine(
        ::testing::Values(ContextType::kVolume, ContextType::kInstance, ContextType::kFile,
                          ContextType::kStream, ContextType::kStreamHandle,
                          ContextType::kTransaction),
        ::testing::Values(
            // mode, want_previous, occupied, outcome, new refs, existing refs, previous
            SetCase{SetMode::kKeepIfExists, false, false, SetOutcome::kInserted, 2, 0, false},
            SetCase{SetMode::kKeepIfExists, true, false, SetOutcome::kInserted, 2, 0, false},
            SetCase{SetMode::kReplaceIfExists, false, false, SetOutcome::kInserted, 2, 0, false},
            SetCase{SetMode::kReplaceIfExists, true, false, SetOutcome::kInserted, 2, 0, false},
            SetCase{SetMode::kKeepIfExists, false, true, SetOutcome::kKeptExisting, 1, 2, false},
            SetCase{SetMode::kKeepIfExists, true, true, SetOutcome::kKeptExisting, 1, 3, true},
            SetCase{SetMode::kReplaceIfExists, false, true, SetOutcome::kReplaced, 2, 1, false},
            SetCase{SetMode::kReplaceIfExists, true, true, SetOutcome::kReplaced, 2, 2, true})));

TEST_F(ObjectsTest, SettingAnAttachedContextAgainIsAlreadyLinked) {
  SetUpObjects();
  ContextRef c = Alloc(filter_, kS);
  ASSERT_EQ(fm().Set(Target(kS), c.get(), SetMode::kKeepIfExists).outcome, SetOutcome::kInserted);
  EXPECT_EQ(fm().Set(Target(kS), c.get(), SetMode::kKeepIfExists).outcome,
            SetOutcome::kAlreadyLinked);
  EXPECT_EQ(fm().Set(Target(kS), c.get(), SetMode::kReplaceIfExists).outcome,
            SetOutcome::kAlreadyLinked);
  FileObject* other = fm().OpenFileObject(fm().CreateStream(volume_, {}));
  EXPECT_EQ(fm().Set(ContextTarget::OnFileObject(kS, instance_, other), c.get(),
                     SetMode::kKeepIfExists)
                .outcome,
            SetOutcome::kAlreadyLinked);
  EXPECT_EQ(Refs(c), 2);
  // Detached: still refused by default...
  ASSERT_EQ(fm().Delete(Target(kS), false).outcome, DeleteOutcome::kDeleted);
  EXPECT_EQ(fm().Set(Target(kS), c.get(), SetMode::kKeepIfExists).outcome,
            SetOutcome::kAlreadyLinked);
  EXPECT_EQ(Refs(c), 1);
}

TEST_F(ObjectsTest, RelinkOfDetachedContextAllowedWhenConfigured) {
  Options o;
  o.reject_relink_of_detached = false;
  Make(o);
  SetUpObjects();
  ContextRef c = Alloc(filter_, kS);
  ASSERT_EQ(fm().Set(Target(kS), c.get(), SetMode::kKeepIfExists).outcome, SetOutcome::kInserted);
  ASSERT_EQ(fm().Delete(Target(kS), false).outcome, DeleteOutcome::kDeleted);
  EXPECT_EQ(fm().Set(Target(kS), c.get(), SetMode::kKeepIfExists).outcome, SetOutcome::kInserted);
}

TEST_F(ObjectsTest, GetAndDeleteStatuses) {
  SetUpObjects();
  EXPECT_EQ(fm().Get(Target(kS)).outcome, GetOutcome::kNotFound);
  EXPECT_FALSE(fm().Get(Target(kS)).context);
  DeleteResult d = fm().Delete(Target(kS), true);
  EXPECT_EQ(d.outcome, DeleteOutcome::kNotFound);
  EXPECT_FALSE(d.previous);

  ContextRef c = Alloc(filter_, kS);
  fm().Set(Target(kS), c.get(), SetMode::kKeepIfExists);
  // Delete without OldContext drops the attachment's reference.
  EXPECT_EQ(fm().Delete(Target(kS), false).outcome, DeleteOutcome::kDeleted);
  EXPECT_EQ(Refs(c), 1);
  EXPECT_EQ(fm().Inspect(c.get()).state, ContextState::kDetached);
  EXPECT_EQ(fm().Get(Target(kS)).outcome, GetOutcome::kNotFound);

  // Delete with OldContext hands the attachment's reference to the caller.
  ContextRef c2 = Alloc(filter_, kS);
  fm().Set(Target(kS), c2.get(), SetMode::kKeepIfExists);
  DeleteResult d2 = fm().Delete(Target(kS), true);
  EXPECT_EQ(d2.outcome, DeleteOutcome::kDeleted);
  EXPECT_EQ(d2.previous.get(), c2.get());
  EXPECT_EQ(Refs(c2), 2);
}

TEST_F(ObjectsTest, DeleteContextIsIdempotent) {
  SetUpObjects();
  ContextRef c = Alloc(filter_, ContextType::kInstance);
  fm().Set(Target(ContextType::kInstance), c.get(), SetMode::kKeepIfExists);
  ASSERT_EQ(Refs(c), 2);
  fm().DeleteContext(c.get());
  EXPECT_EQ(Refs(c), 1);
  EXPECT_EQ(fm().Get(Target(ContextType::kInstance)).outcome, GetOutcome::kNotFound);
  fm().DeleteContext(c.get());
  EXPECT_EQ(Refs(c), 1);
  ContextRef never = Alloc(filter_, kS);
  fm().DeleteContext(never.get());
  EXPECT_EQ(Refs(never), 1);
  EXPECT_TRUE(Checks().empty());
}

TEST_F(ObjectsTest, StreamContextOutlivesHandlesUntilTheLastClose) {
  std::vector<ContextType> cleaned;
  SetUpObjects({}, [&](void*, ContextType t) { cleaned.push_back(t); });
  FileObject* second = fm().OpenFileObject(stream_);
  fm().Set(Target(kS), Alloc(filter_, kS).get(), SetMode::kKeepIfExists);
  fm().Set(Target(ContextType::kStreamHandle), Alloc(filter_, ContextType::kStreamHandle).get(),
           SetMode::kKeepIfExists);
  fm().Set(Target(ContextType::kFile), Alloc(filter_, ContextType::kFile).get(),
           SetMode::kKeepIfExists);
  EXPECT_TRUE(cleaned.empty());

  fm().CloseFileObject(fo_);  // the handle's context goes, the stream's stays
  EXPECT_THAT(cleaned, ElementsAre(ContextType::kStreamHandle));
  EXPECT_EQ(fm().Get(ContextTarget::OnFileObject(kS, instance_, second)).outcome,
            GetOutcome::kFound);

  fm().CloseFileObject(second);  // the final close
  EXPECT_THAT(cleaned,
              ElementsAre(ContextType::kStreamHandle, ContextType::kStream, ContextType::kFile));
  EXPECT_EQ(fm().LiveContextCount(), 0u);
}

TEST_F(ObjectsTest, FileContextSharedByStreamsOfTheFile) {
  SetUpObjects();
  StreamOptions ads;
  ads.name = "\\file.txt:ads";
  ads.same_file_as = stream_;
  FileObject* ads_fo = fm().OpenFileObject(fm().CreateStream(volume_, ads));
  ContextRef c = Alloc(filter_, ContextType::kFile);
  fm().Set(Target(ContextType::kFile), c.get(), SetMode::kKeepIfExists);
  GetResult g = fm().Get(ContextTarget::OnFileObject(ContextType::kFile, instance_, ads_fo));
  EXPECT_EQ(g.context.get(), c.get());
  EXPECT_EQ(fm().Get(ContextTarget::OnFileObject(kS, instance_, ads_fo)).outcome,
            GetOutcome::kNotFound);
  g.context.reset();
  fm().CloseFileObject(fo_);
  EXPECT_EQ(fm().Inspect(c.get()).state, ContextState::kLinked) << "the ADS is still open";
  fm().CloseFileObject(ads_fo);
  EXPECT_EQ(fm().Inspect(c.get()).state, ContextState::kDetached);
}

TEST_F(ObjectsTest, PagingFileAndUnsupportedVolumesAreNotSupported) {
  SetUpObjects();
  StreamOptions so;
  so.name = "\\pagefile.sys";
  so.paging_file = true;
  FileObject* pf = fm().OpenFileObject(fm().CreateStream(volume_, so));
  for (ContextType t : {ContextType::kFile, kS, ContextType::kStreamHandle}) {
    ContextTarget target = ContextTarget::OnFileObject(t, instance_, pf);
    ContextRef c = Alloc(filter_, t);
    EXPECT_EQ(fm().Set(target, c.get(), SetMode::kKeepIfExists).outcome,
              SetOutcome::kNotSupported);
    EXPECT_EQ(fm().Get(target).outcome, GetOutcome::kNotSupported);
    EXPECT_EQ(fm().Delete(target).outcome, DeleteOutcome::kNotSupported);
    EXPECT_EQ(Refs(c), 1);
  }
  EXPECT_FALSE(fm().SupportsStreamContexts(pf));
  EXPECT_FALSE(fm().SupportsStreamHandleContexts(pf));
  EXPECT_FALSE(fm().SupportsFileContexts(pf));
  EXPECT_FALSE(fm().SupportsFileContextsEx(pf, instance_));
  EXPECT_TRUE(fm().SupportsStreamContexts(fo_));

  VolumeOptions fat;
  fat.name = "\\Device\\Fat";
  fat.supports_file_contexts = false;
  fat.supports_stream_handle_contexts = false;
  Volume* v = fm().CreateVolume(fat);
  Instance* i = fm().AttachInstance(filter_, v);
  FileObject* f2 = fm().OpenFileObject(fm().CreateStream(v, {}));
  EXPECT_FALSE(fm().SupportsFileContexts(f2));
  EXPECT_TRUE(fm().SupportsFileContextsEx(f2, i)) << "emulated on the stream";
  EXPECT_FALSE(fm().SupportsFileContextsEx(f2, nullptr));
  ContextRef fc = Alloc(filter_, ContextType::kFile);
  EXPECT_EQ(fm().Set(ContextTarget::OnFileObject(ContextType::kFile, i, f2), fc.get(),
                     SetMode::kKeepIfExists)
                .outcome,
            SetOutcome::kInserted);
  EXPECT_EQ(fm().Get(ContextTarget::OnFileObject(ContextType::kStreamHandle, i, f2)).outcome,
            GetOutcome::kNotSupported);
  ContextRef sc = Alloc(filter_, kS);
  EXPECT_EQ(fm().Set(ContextTarget::OnFileObject(kS, i, nullptr), sc.get(),
                     SetMode::kKeepIfExists)
                .outcome,
            SetOutcome::kNotSupported)
      << "a NULL file object";
}

TEST_F(ObjectsTest, InstanceTeardownOrderAndDeletingObject) {
  std::vector<std::string> events;
  FilterManager* fmp = nullptr;
  FilterCallbacks cb;
  cb.instance_teardown_start = [&](Instance* i, uint32_t reason) {
    events.push_back("start");
    EXPECT_EQ(reason, 1u);
    EXPECT_EQ(fmp->Get(ContextTarget::InstanceOf(i)).outcome, GetOutcome::kFound);
    EXPECT_EQ(fmp->Get(ContextTarget::OnFileObject(ContextType::kStream, i, fo_)).outcome,
              GetOutcome::kFound);
  };
  cb.instance_teardown_complete = [&](Instance* i, uint32_t) {
    events.push_back("complete");
    EXPECT_EQ(fmp->Get(ContextTarget::InstanceOf(i)).outcome, GetOutcome::kFound);
    EXPECT_EQ(fmp->Get(ContextTarget::OnFileObject(ContextType::kStream, i, fo_)).outcome,
              GetOutcome::kNotFound);
  };
  SetUpObjects(cb, [&](void*, ContextType t) { events.push_back(ContextTypeName(t)); });
  fmp = &fm();
  fm().Set(Target(ContextType::kInstance), Alloc(filter_, ContextType::kInstance).get(),
           SetMode::kKeepIfExists);
  fm().Set(Target(kS), Alloc(filter_, kS).get(), SetMode::kKeepIfExists);
  fm().Set(Target(ContextType::kVolume), Alloc(filter_, ContextType::kVolume).get(),
           SetMode::kKeepIfExists);
  fm().DetachInstance(instance_);
  EXPECT_THAT(events, ElementsAre("start", "FLT_STREAM_CONTEXT", "complete",
                                  "FLT_INSTANCE_CONTEXT", "FLT_VOLUME_CONTEXT"));
  ContextRef late = Alloc(filter_, ContextType::kInstance);
  EXPECT_EQ(fm().Set(Target(ContextType::kInstance), late.get(), SetMode::kKeepIfExists).outcome,
            SetOutcome::kObjectGone);
  EXPECT_EQ(fm().Delete(Target(ContextType::kInstance)).outcome, DeleteOutcome::kObjectGone);
}

TEST_F(ObjectsTest, VolumeContextStaysWhileAnotherInstanceOfTheFilterRemains) {
  SetUpObjects();
  Instance* second = fm().AttachInstance(filter_, volume_);
  ContextRef v = Alloc(filter_, ContextType::kVolume);
  fm().Set(Target(ContextType::kVolume), v.get(), SetMode::kKeepIfExists);
  fm().DetachInstance(instance_);
  EXPECT_EQ(fm().Inspect(v.get()).state, ContextState::kLinked);
  fm().DetachInstance(second);
  EXPECT_EQ(fm().Inspect(v.get()).state, ContextState::kDetached);
}

TEST_F(ObjectsTest, VolumeContextsArePerFilter) {
  SetUpObjects();
  Filter* other = RegisterAllTypes(kTag, {}, nullptr, "other.sys");
  ContextRef a = Alloc(filter_, ContextType::kVolume);
  ContextRef b = Alloc(other, ContextType::kVolume);
  EXPECT_EQ(fm().Set(ContextTarget::VolumeOf(nullptr, volume_), a.get(), SetMode::kKeepIfExists)
                .outcome,
            SetOutcome::kInserted);
  EXPECT_EQ(fm().Set(ContextTarget::VolumeOf(nullptr, volume_), b.get(), SetMode::kKeepIfExists)
                .outcome,
            SetOutcome::kInserted);
  EXPECT_EQ(fm().Get(ContextTarget::VolumeOf(other, volume_)).context.get(), b.get());
  EXPECT_EQ(fm().Get(ContextTarget::VolumeOf(filter_, volume_)).context.get(), a.get());
}

TEST_F(ObjectsTest, DismountDetachesEverything) {
  SetUpObjects();
  ContextRef v = Alloc(filter_, ContextType::kVolume);
  fm().Set(Target(ContextType::kVolume), v.get(), SetMode::kKeepIfExists);
  ContextRef i = Alloc(filter_, ContextType::kInstance);
  fm().Set(Target(ContextType::kInstance), i.get(), SetMode::kKeepIfExists);
  fm().DismountVolume(volume_);
  EXPECT_EQ(fm().Inspect(v.get()).state, ContextState::kDetached);
  EXPECT_EQ(fm().Inspect(i.get()).state, ContextState::kDetached);
  ContextRef v2 = Alloc(filter_, ContextType::kVolume);
  EXPECT_EQ(fm().Set(Target(ContextType::kVolume), v2.get(), SetMode::kKeepIfExists).outcome,
            SetOutcome::kObjectGone);
  EXPECT_EQ(fm().AttachInstance(filter_, volume_), nullptr);
}

TEST_F(ObjectsTest, InstanceSetupCanRefuseAndItsContextsGo) {
  FilterManager* fmp = nullptr;
  Filter** fp = nullptr;
  FilterCallbacks cb;
  int setups = 0;
  cb.instance_setup = [&](Instance* i, uint32_t) {
    ++setups;
    AllocateResult r = fmp->Allocate(*fp, ContextType::kInstance, 64, PoolKind::kPaged, 1);
    fmp->Set(ContextTarget::InstanceOf(i), r.context.get(), SetMode::kKeepIfExists);
    return setups == 1;  // accept the first, refuse the second
  };
  fmp = &fm();
  fp = &filter_;
  SetUpObjects(cb);
  EXPECT_EQ(fm().AttachInstance(filter_, fm().CreateVolume()), nullptr);
  EXPECT_EQ(setups, 2);
  EXPECT_EQ(fm().LiveContextCount(), 1u)
      << "only the accepted instance's context is left; the refused one's was torn down";
}

TEST_F(ObjectsTest, GetContextsFillsFoundAndNullsTheRest) {
  SetUpObjects();
  fm().Set(Target(kS), Alloc(filter_, kS).get(), SetMode::kKeepIfExists);
  fm().Set(Target(ContextType::kVolume), Alloc(filter_, ContextType::kVolume).get(),
           SetMode::kKeepIfExists);
  void* out[kContextTypeCount];
  EXPECT_EQ(fm().GetContexts(filter_, volume_, instance_, fo_, nullptr, kAllContextTypeBits, true,
                             out),
            GetContextsOutcome::kOk);
  EXPECT_NE(out[0], nullptr);
  EXPECT_EQ(out[1], nullptr);
  EXPECT_NE(out[3], nullptr);
  EXPECT_EQ(Refs(out[3]), 2);
  fm().ReleaseContexts(out, kContextTypeCount);
  for (void* p : out) EXPECT_EQ(p, nullptr);
  EXPECT_EQ(fm().GetContexts(filter_, volume_, instance_, fo_, nullptr, 0x80, true, out),
            GetContextsOutcome::kInvalidParameter);
  // Only requested types are filled.
  fm().GetContexts(filter_, volume_, instance_, fo_, nullptr, ContextTypeBit(kS), false, out);
  EXPECT_EQ(out[0], nullptr);
  EXPECT_NE(out[3], nullptr);
  fm().ReleaseContexts(out, kContextTypeCount);
  EXPECT_TRUE(Checks().empty());
}

TEST_F(ObjectsTest, TransactionEnlistNotifyThenDetach) {
  std::vector<std::string> events;
  FilterCallbacks cb;
  cb.transaction_notification = [&](Instance*, Transaction*, void* ctx, uint32_t bit) {
    events.push_back(absl::StrFormat("%x", bit));
    EXPECT_NE(ctx, nullptr);
  };
  SetUpObjects(cb, [&](void*, ContextType t) { events.push_back(ContextTypeName(t)); });
  ContextRef c = Alloc(filter_, ContextType::kTransaction);
  ASSERT_EQ(fm().Set(Target(ContextType::kTransaction), c.get(), SetMode::kKeepIfExists).outcome,
            SetOutcome::kInserted);
  EXPECT_EQ(fm().EnlistInTransaction(instance_, tx_, c.get(), 0), EnlistOutcome::kInvalidMask);
  EXPECT_EQ(fm().EnlistInTransaction(instance_, tx_, c.get(), 0x100), EnlistOutcome::kInvalidMask);
  EXPECT_EQ(fm().EnlistInTransaction(instance_, tx_, c.get(), 0x40000000 | 0x8),
            EnlistOutcome::kEnlisted);
  EXPECT_EQ(fm().EnlistInTransaction(instance_, tx_, c.get(), 0x8),
            EnlistOutcome::kAlreadyEnlisted);
  ContextRef wrong = Alloc(filter_, kS);
  EXPECT_EQ(fm().EnlistInTransaction(instance_, tx_, wrong.get(), 0x8),
            EnlistOutcome::kInvalidParameter);
  c.reset();
  fm().CompleteTransaction(tx_, /*commit=*/true);
  EXPECT_THAT(events, ElementsAre("40000000", "FLT_TRANSACTION_CONTEXT"));
  ContextRef late = Alloc(filter_, ContextType::kTransaction);
  EXPECT_EQ(fm().Set(Target(ContextType::kTransaction), late.get(), SetMode::kKeepIfExists)
                .outcome,
            SetOutcome::kObjectGone);
}

TEST_F(ObjectsTest, EnlistWithoutNotificationCallbackIsInvalid) {
  SetUpObjects();
  ContextRef c = Alloc(filter_, ContextType::kTransaction);
  fm().Set(Target(ContextType::kTransaction), c.get(), SetMode::kKeepIfExists);
  EXPECT_EQ(fm().EnlistInTransaction(instance_, tx_, c.get(), 0x4),
            EnlistOutcome::kInvalidParameter);
}

TEST_F(ObjectsTest, SectionContextLifecycle) {
  SetUpObjects();
  ContextRef s = Alloc(filter_, ContextType::kSection);
  uint64_t token = 0;
  EXPECT_EQ(fm().CreateSectionForDataScan(instance_, fo_, s.get(), &token),
            CreateSectionOutcome::kInvalidParameter)
      << "not registered for data scan";
  EXPECT_EQ(fm().RegisterForDataScan(instance_), DataScanOutcome::kRegistered);
  EXPECT_EQ(fm().CloseSectionForDataScan(s.get()), CloseSectionOutcome::kNeverCreated);
  ASSERT_EQ(fm().CreateSectionForDataScan(instance_, fo_, s.get(), &token),
            CreateSectionOutcome::kCreated);
  EXPECT_NE(token, 0u);
  EXPECT_EQ(Refs(s), 2);
  ContextRef s2 = Alloc(filter_, ContextType::kSection);
  EXPECT_EQ(fm().CreateSectionForDataScan(instance_, fo_, s2.get(), &token),
            CreateSectionOutcome::kAlreadyDefined);
  GetResult g = fm().Get(Target(ContextType::kSection));
  EXPECT_EQ(g.context.get(), s.get());
  g.context.reset();
  EXPECT_EQ(fm().CloseSectionForDataScan(s.get()), CloseSectionOutcome::kClosed);
  EXPECT_EQ(Refs(s), 1);
  EXPECT_EQ(fm().CloseSectionForDataScan(s.get()), CloseSectionOutcome::kAlreadyClosed);
  EXPECT_EQ(fm().Get(Target(ContextType::kSection)).outcome, GetOutcome::kNotFound);

  StreamOptions empty;
  empty.size = 0;
  FileObject* efo = fm().OpenFileObject(fm().CreateStream(volume_, empty));
  EXPECT_EQ(fm().CreateSectionForDataScan(instance_, efo, s2.get(), &token),
            CreateSectionOutcome::kEndOfFile);

  VolumeOptions no_scan;
  no_scan.supports_data_scan = false;
  Instance* i2 = fm().AttachInstance(filter_, fm().CreateVolume(no_scan));
  EXPECT_EQ(fm().RegisterForDataScan(i2), DataScanOutcome::kNotSupported);
  EXPECT_TRUE(Checks().empty());
}

// -----------------------------------------------------------------------------
// Unload
// -----------------------------------------------------------------------------

TEST_F(ObjectsTest, UnloadDetachesEverythingAndRunsCleanups) {
  int cleanups = 0;
  SetUpObjects({}, [&](void*, ContextType) { ++cleanups; });
  for (ContextType t : {ContextType::kVolume, ContextType::kInstance, ContextType::kFile, kS,
                        ContextType::kStreamHandle, ContextType::kTransaction}) {
    ASSERT_EQ(fm().Set(Target(t), Alloc(filter_, t).get(), SetMode::kKeepIfExists).outcome,
              SetOutcome::kInserted);
  }
  UnloadResult r = fm().UnregisterFilter(filter_);
  EXPECT_EQ(r.instances_torn_down, 1u);
  EXPECT_EQ(r.contexts_detached, 6u);
  EXPECT_EQ(r.leaked_contexts, 0u);
  EXPECT_EQ(cleanups, 6);
  EXPECT_EQ(fm().LiveContextCount(), 0u);
  EXPECT_TRUE(env_.LiveBlocks().empty());
}

TEST_F(ObjectsTest, UnloadWithLeakedReferenceReportsInsteadOfHanging) {
  SetUpObjects();
  ContextRef held = Alloc(filter_, kS);
  fm().Set(Target(kS), held.get(), SetMode::kKeepIfExists);
  GetResult extra = fm().Get(Target(kS));
  void* leaked = extra.context.TransferToCaller();  // never released
  UnloadResult r = fm().UnregisterFilter(filter_);
  EXPECT_EQ(r.leaked_contexts, 1u);
  EXPECT_EQ(Refs(leaked), 2);
  std::vector<poolsim::LeakedObject> objs = fm().ReferencedContexts();
  ASSERT_EQ(objs.size(), 1u);
  EXPECT_EQ(objs[0].type_name, "FLT_STREAM_CONTEXT");
  EXPECT_EQ(objs[0].owner, "filter.sys");
  EXPECT_EQ(objs[0].reference_count, 2);
  ASSERT_EQ(objs[0].references.size(), 2u);
  EXPECT_EQ(objs[0].references[0].operation, "FltAllocateContext");
  EXPECT_EQ(objs[0].references[1].operation, "FltGetStreamContext");
  EXPECT_THAT(objs[0].attached_to, ::testing::HasSubstr("detached"));
  held.reset();
  fm().Release(leaked);
  EXPECT_TRUE(fm().ReferencedContexts().empty());
}

TEST_F(ObjectsTest, UnloadWaitsForReferencesReleasedByAnotherThread) {
  Options o;
  o.unload_wait = std::chrono::milliseconds(5000);
  Make(o);
  SetUpObjects();
  void* c = Alloc(filter_, kS).TransferToCaller();
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    fm().Release(c);
  });
  UnloadResult r = fm().UnregisterFilter(filter_);
  releaser.join();
  EXPECT_EQ(r.leaked_contexts, 0u);
}

}  // namespace
}  // namespace fltctx
