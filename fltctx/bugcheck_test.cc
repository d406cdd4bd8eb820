// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Every misuse the filter manager crashes on raises its bug check, with the
// documented code and parameters and the caller's stack, and leaves the
// context's state unchanged.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/test_support.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/bugcheck.h"
#include "poolsim/irql.h"
#include "poolsim/stack_trace.h"

namespace fltctx {
namespace {

using ::fltctx::testing::FilterManagerTest;
using ::fltctx::testing::kTag;
using ::testing::HasSubstr;
using poolsim::PoolKind;

constexpr ContextType kS = ContextType::kStream;

class BugCheckTest : public FilterManagerTest {
 public:
  void SetUp() override {
    filter_ = RegisterAllTypes(kTag);
    volume_ = fm().CreateVolume();
    instance_ = fm().AttachInstance(filter_, volume_);
    fo_ = fm().OpenFileObject(fm().CreateStream(volume_, {}));
  }

  ContextTarget StreamTarget() { return ContextTarget::OnFileObject(kS, instance_, fo_); }

  // Returns the only bug check raised, failing the test if there is not
  // exactly one.
  poolsim::BugCheck Only() {
    std::vector<poolsim::BugCheck> c = Checks();
    EXPECT_EQ(c.size(), 1u);
    return c.empty() ? poolsim::BugCheck{} : c[0];
  }

  Filter* filter_ = nullptr;
  Volume* volume_ = nullptr;
  Instance* instance_ = nullptr;
  FileObject* fo_ = nullptr;
};

// Kept out of line so the bug check's stack names it.
__attribute__((noinline)) void CallerThatOverReleases(FilterManager* fm, void* context) {
  fm->Release(context);
  asm volatile("" ::: "memory");
}

bool StackMentions(poolsim::StackId stack, const std::string& name) {
  for (const poolsim::SymbolizedFrame& f : poolsim::Symbolize(stack, false)) {
    if (f.function.find(name) != std::string::npos) return true;
  }
  return false;
}

TEST_F(BugCheckTest, OverReleaseWhileAttachedIs0xF5_0x6D) {
  ContextRef c = Alloc(filter_, kS);
  ASSERT_EQ(fm().Set(StreamTarget(), c.get(), SetMode::kKeepIfExists).outcome,
            SetOutcome::kInserted);
  void* raw = c.TransferToCaller();
  fm().Release(raw);  // the caller's own reference: fine
  EXPECT_TRUE(Checks().empty());
  CallerThatOverReleases(&fm(), raw);  // the attachment's: a bug
  poolsim::BugCheck b = Only();
  EXPECT_EQ(b.code, 0xF5u);
  EXPECT_EQ(b.parameters[0], 0x6Du);
  EXPECT_EQ(b.parameters[1], reinterpret_cast<uintptr_t>(raw));
  EXPECT_EQ(b.parameters[2], reinterpret_cast<uintptr_t>(fm().Inspect(raw).block));
  EXPECT_THAT(b.description, HasSubstr("released too many times"));
  EXPECT_TRUE(StackMentions(b.stack, "CallerThatOverReleases"));
  // Nothing changed: still attached with its one reference.
  EXPECT_EQ(fm().Inspect(raw).state, ContextState::kLinked);
  EXPECT_EQ(Refs(raw), 1);
  EXPECT_EQ(fm().Get(StreamTarget()).outcome, GetOutcome::kFound);
}

TEST_F(BugCheckTest, AnyUseAfterFreeIs0xF5_0x6E) {
  struct Use {
    const char* name;
    std::function<void(FilterManager&, void*)> call;
  };
  std::vector<Use> uses = {
      {"reference", [](FilterManager& fm, void* c) { fm.Reference(c); }},
      {"release", [](FilterManager& fm, void* c) { fm.Release(c); }},
      {"delete", [](FilterManager& fm, void* c) { fm.DeleteContext(c); }},
      {"set", [this](FilterManager& fm, void* c) {
         EXPECT_EQ(fm.Set(StreamTarget(), c, SetMode::kKeepIfExists).outcome,
                   SetOutcome::kInvalidParameter);
       }}};
  for (const Use& use : uses) {
    ClearChecks();
    ContextRef c = Alloc(filter_, kS);
    void* raw = c.get();
    void* block = fm().Inspect(raw).block;
    c.reset();  // freed; kept in quarantine
    ASSERT_EQ(fm().Inspect(raw).state, ContextState::kFreed);
    use.call(fm(), raw);
    std::vector<poolsim::BugCheck> checks = Checks();
    ASSERT_EQ(checks.size(), 1u) << use.name;
    EXPECT_EQ(checks[0].code, 0xF5u) << use.name;
    EXPECT_EQ(checks[0].parameters[0], 0x6Eu) << use.name;
    EXPECT_EQ(checks[0].parameters[1], reinterpret_cast<uintptr_t>(raw)) << use.name;
    EXPECT_EQ(checks[0].parameters[2], reinterpret_cast<uintptr_t>(block)) << use.name;
    EXPECT_EQ(fm().Inspect(raw).state, ContextState::kFreed) << use.name;
  }
}

TEST_F(BugCheckTest, APointerThatIsNotAContextIsAnUnhandledAccessViolation) {
  int not_a_context = 0;
  fm().Release(&not_a_context);
  fm().Reference(&not_a_context);
  fm().DeleteContext(nullptr);
  std::vector<poolsim::BugCheck> checks = Checks();
  ASSERT_EQ(checks.size(), 3u);
  for (const poolsim::BugCheck& b : checks) {
    EXPECT_EQ(b.code, 0x1Eu);
    EXPECT_EQ(b.parameters[0], 0xC0000005u);
  }
  EXPECT_EQ(checks[0].parameters[3], reinterpret_cast<uintptr_t>(&not_a_context));
  EXPECT_EQ(checks[2].parameters[3], 0u);
  EXPECT_EQ(not_a_context, 0) << "the foreign memory was not touched";
}

TEST_F(BugCheckTest, WrongTypeOrFilterInASetCall) {
  ContextRef instance_ctx = Alloc(filter_, ContextType::kInstance);
  EXPECT_EQ(fm().Set(StreamTarget(), instance_ctx.get(), SetMode::kKeepIfExists).outcome,
            SetOutcome::kInvalidParameter);
  poolsim::BugCheck b = Only();
  EXPECT_EQ(b.code, 0xC4u);
  EXPECT_EQ(b.parameters[0], 0xF1001u);
  EXPECT_EQ(b.parameters[1], reinterpret_cast<uintptr_t>(instance_ctx.get()));
  EXPECT_EQ(b.parameters[2], 0x2u) << "the context's actual type";

  ClearChecks();
  Filter* other = RegisterAllTypes(kTag, {}, nullptr, "other.sys");
  ContextRef foreign = Alloc(other, kS);
  EXPECT_EQ(fm().Set(StreamTarget(), foreign.get(), SetMode::kKeepIfExists).outcome,
            SetOutcome::kInvalidParameter);
  b = Only();
  EXPECT_EQ(b.code, 0xC4u);
  EXPECT_EQ(b.parameters[0], 0xF1002u);
  EXPECT_EQ(Refs(foreign), 1);
  EXPECT_EQ(fm().Get(StreamTarget()).outcome, GetOutcome::kNotFound);
}

TEST_F(BugCheckTest, WithoutFilterVerifierWrongTypeOnlyFails) {
  Options o;
  o.filter_verifier = false;
  Make(o);
  SetUp();
  ContextRef instance_ctx = Alloc(filter_, ContextType::kInstance);
  EXPECT_EQ(fm().Set(StreamTarget(), instance_ctx.get(), SetMode::kKeepIfExists).outcome,
            SetOutcome::kInvalidParameter);
  EXPECT_TRUE(Checks().empty());
}

struct IrqlCase {
  const char* name;
  poolsim::Irql irql;
  std::function<void(BugCheckTest*, void* attached)> call;
};

TEST_F(BugCheckTest, EveryApiChecksItsIrql) {
  std::vector<IrqlCase> cases = {
      {"FltAllocateContext", poolsim::kDispatchLevel,
       [](BugCheckTest* t, void*) {
         EXPECT_FALSE(t->fm().Allocate(t->filter_, kS, 64, PoolKind::kNonPaged, 512).context);
       }},
      {"FltSetStreamContext", poolsim::kDispatchLevel,
       [](BugCheckTest* t, void* c) {
         EXPECT_EQ(t->fm().Set(t->StreamTarget(), c, SetMode::kReplaceIfExists).outcome,
                   SetOutcome::kInvalidParameter);
       }},
      {"FltGetStreamContext", poolsim::kDispatchLevel,
       [](BugCheckTest* t, void*) { EXPECT_FALSE(t->fm().Get(t->StreamTarget()).context); }},
      {"FltDeleteStreamContext", poolsim::kDispatchLevel,
       [](BugCheckTest* t, void*) { t->fm().Delete(t->StreamTarget()); }},
      {"FltDeleteContext", poolsim::kDispatchLevel,
       [](BugCheckTest* t, void* c) { t->fm().DeleteContext(c); }},
      {"FltGetContexts", poolsim::kDispatchLevel,
       [](BugCheckTest* t, void*) {
         void* out[kContextTypeCount];
         t->fm().GetContexts(t->filter_, t->volume_, t->instance_, t->fo_, nullptr, 0x7F, true,
                             out);
         EXPECT_EQ(out[3], nullptr);
       }},
      {"FltReferenceContext", 3, [](BugCheckTest* t, void* c) { t->fm().Reference(c); }},
      {"FltReleaseContext", 3, [](BugCheckTest* t, void* c) { t->fm().Release(c); }},
      {"FltRegisterForDataScan", poolsim::kDispatchLevel,
       [](BugCheckTest* t, void*) { t->fm().RegisterForDataScan(t->instance_); }},
      {"FltSupportsStreamContexts", poolsim::kDispatchLevel,
       [](BugCheckTest* t, void*) { EXPECT_FALSE(t->fm().SupportsStreamContexts(t->fo_)); }},
      {"FltSupportsFileContexts", poolsim::kDispatchLevel,
       [](BugCheckTest* t, void*) { EXPECT_FALSE(t->fm().SupportsFileContextsEx(t->fo_, nullptr)); }},
  };
  for (const IrqlCase& c : cases) {
    ClearChecks();
    ContextRef ctx = Alloc(filter_, kS, 64, PoolKind::kNonPaged);
    ASSERT_EQ(fm().Set(StreamTarget(), ctx.get(), SetMode::kReplaceIfExists).outcome,
              SetOutcome::kInserted);
    {
      poolsim::ScopedIrql raised(c.irql);
      c.call(this, ctx.get());
    }
    std::vector<poolsim::BugCheck> checks = Checks();
    ASSERT_EQ(checks.size(), 1u) << c.name;
    EXPECT_EQ(checks[0].code, 0x0Au) << c.name;
    EXPECT_EQ(checks[0].parameters[1], c.irql) << c.name;
    EXPECT_THAT(checks[0].description, HasSubstr(c.name));
    EXPECT_EQ(Refs(ctx), 2) << c.name << ": no state changed";
    EXPECT_EQ(fm().Inspect(ctx.get()).state, ContextState::kLinked) << c.name;
    fm().DeleteContext(ctx.get());
  }
}

TEST_F(BugCheckTest, ReferenceAndReleaseOfNonpagedContextAtDispatchAreLegal) {
  ContextRef c = Alloc(filter_, kS, 64, PoolKind::kNonPaged);
  {
    poolsim::ScopedIrql dpc(poolsim::kDispatchLevel);
    fm().Reference(c.get());
    fm().Release(c.get());
  }
  EXPECT_TRUE(Checks().empty());
  EXPECT_EQ(Refs(c), 1);
}

TEST_F(BugCheckTest, PagedContextReleasedAtDispatch) {
  ContextRef c = Alloc(filter_, kS, 64, PoolKind::kPaged);
  fm().Reference(c.get());
  {
    poolsim::ScopedIrql dpc(poolsim::kDispatchLevel);
    fm().Release(c.get());
  }
  poolsim::BugCheck b = Only();
  EXPECT_EQ(b.code, 0x0Au);
  EXPECT_EQ(b.parameters[0], reinterpret_cast<uintptr_t>(c.get()));
  EXPECT_EQ(b.parameters[1], poolsim::kDispatchLevel);
  EXPECT_THAT(b.description, HasSubstr("paged context"));
  EXPECT_EQ(Refs(c), 2);
  fm().Release(c.get());
}

TEST_F(BugCheckTest, ReleaseContextsAtDispatchFollowsTheHeaderByDefault) {
  void* all[2] = {Alloc(filter_, kS, 64, PoolKind::kNonPaged).TransferToCaller(), nullptr};
  {
    poolsim::ScopedIrql dpc(poolsim::kDispatchLevel);
    fm().ReleaseContexts(all, 2);
  }
  EXPECT_EQ(Only().code, 0x0Au);
  EXPECT_NE(all[0], nullptr) << "refused: nothing released";
  fm().ReleaseContexts(all, 2);
  EXPECT_EQ(all[0], nullptr);
}

TEST_F(BugCheckTest, ReleaseContextsAtDispatchAllowedForNonpagedWhenConfigured) {
  Options o;
  o.release_contexts_at_dispatch = true;
  o.deferred_work = DeferredWork::kManual;
  Make(o);
  SetUp();
  void* all[2] = {Alloc(filter_, kS, 64, PoolKind::kNonPaged).TransferToCaller(),
                  Alloc(filter_, kS, 64, PoolKind::kPaged).TransferToCaller()};
  {
    poolsim::ScopedIrql dpc(poolsim::kDispatchLevel);
    fm().ReleaseContexts(all, 2);
    EXPECT_EQ(Only().code, 0x0Au) << "one context is paged";
    fm().ReleaseContexts(all + 0, 1);
  }
  EXPECT_EQ(Checks().size(), 1u);
  EXPECT_EQ(all[0], nullptr);
  EXPECT_EQ(fm().DrainDeferredWork(), 1u);
  fm().Release(all[1]);
}

TEST_F(BugCheckTest, DeleteContextOnACreatedSectionContext) {
  ContextRef s = Alloc(filter_, ContextType::kSection);
  ASSERT_EQ(fm().RegisterForDataScan(instance_), DataScanOutcome::kRegistered);
  uint64_t token;
  ASSERT_EQ(fm().CreateSectionForDataScan(instance_, fo_, s.get(), &token),
            CreateSectionOutcome::kCreated);
  fm().DeleteContext(s.get());
  poolsim::BugCheck b = Only();
  EXPECT_EQ(b.code, 0xC4u);
  EXPECT_EQ(b.parameters[0], 0xF1003u);
  EXPECT_EQ(fm().Inspect(s.get()).state, ContextState::kLinked);
  EXPECT_EQ(fm().CloseSectionForDataScan(s.get()), CloseSectionOutcome::kClosed);
}

}  // namespace
}  // namespace fltctx
