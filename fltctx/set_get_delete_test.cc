// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/set_get_delete_test.cc
// -----------------------------------------------------------------------------
//
// Set, get and delete on every object: the KEEP/REPLACE matrix with its
// reference arithmetic, statuses, and what each object supports.

#include "fltctx/filter_manager.h"

#include <tuple>
#include <vector>

#include "fltctx/test_support.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fltctx {
namespace {

using ::fltctx::testing::ObjectsTest;
using ::testing::ElementsAre;

const ContextType kS = ContextType::kStream;

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
  if (c.occupied) {
    EXPECT_EQ(Refs(existing), c.existing_refs_after);
  }
  EXPECT_EQ(static_cast<bool>(r.previous), c.previous_returned);
  if (c.previous_returned) {
    EXPECT_EQ(r.previous.get(), existing.get());
  }

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

}  // namespace
}  // namespace fltctx
