// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/object_lifetime_test.cc
// -----------------------------------------------------------------------------
//
// Contexts through the objects' lifetimes: instance teardown, dismount,
// FltGetContexts, transactions, section contexts, and unload.

#include "fltctx/filter_manager.h"

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "fltctx/test_support.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fltctx {
namespace {

using ::fltctx::testing::kTag;
using ::fltctx::testing::ObjectsTest;
using ::testing::ElementsAre;
using poolsim::PoolKind;

const ContextType kS = ContextType::kStream;

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
