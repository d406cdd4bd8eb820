// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Set, get and release race from many threads as on Windows: a get-or-create
// with KEEP_IF_EXISTS run by several threads on the same streams ends with
// one attached context per stream, every thread using it, and no leak.

#include <atomic>
#include <thread>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/test_support.h"
#include "gtest/gtest.h"
#include "poolsim/irql.h"
#include "poolsim/leak_report.h"

namespace fltctx {
namespace {

using ::fltctx::testing::FilterManagerTest;
using ::fltctx::testing::kTag;

constexpr ContextType kS = ContextType::kStream;
constexpr int kThreads = 8;
constexpr int kStreams = 300;

struct StreamState {
  std::atomic<int> users{0};
  std::atomic<int> winners{0};
};

// The driver's get-or-create: returns one reference to the stream's context.
ContextRef GetOrCreate(FilterManager& fm, Filter* filter, const ContextTarget& target,
                       std::atomic<int>* winners) {
  GetResult g = fm.Get(target);
  if (g.outcome == GetOutcome::kFound) return std::move(g.context);
  AllocateResult a = fm.Allocate(filter, kS, 64, poolsim::PoolKind::kPaged, 1);
  static_assert(sizeof(StreamState) <= 64, "fits the registered size");
  if (a.outcome != AllocateOutcome::kAllocated) return ContextRef();
  new (a.context.get()) StreamState();
  SetResult s = fm.Set(target, a.context.get(), SetMode::kKeepIfExists, true);
  if (s.outcome == SetOutcome::kKeptExisting) return std::move(s.previous);  // `a` released
  if (s.outcome != SetOutcome::kInserted) return ContextRef();
  winners->fetch_add(1);
  return std::move(a.context);
}

class RaceTest : public FilterManagerTest, public ::testing::WithParamInterface<bool> {};

TEST_P(RaceTest, ConcurrentGetOrCreateHasOneWinnerPerStreamAndNoLeak) {
  Options o;
  o.track_references = GetParam();
  Make(o);
  std::atomic<int> cleanups{0};
  Filter* filter = RegisterAllTypes(kTag, {}, [&](void*, ContextType) { cleanups++; });
  Volume* volume = fm().CreateVolume();
  Instance* instance = fm().AttachInstance(filter, volume);
  std::vector<FileObject*> fos;
  for (int i = 0; i < kStreams; ++i) fos.push_back(fm().OpenFileObject(fm().CreateStream(volume, {})));
  std::vector<std::atomic<int>> winners(kStreams);

  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ready++;
      while (ready.load() < kThreads) std::this_thread::yield();
      for (int i = 0; i < kStreams; ++i) {
        // Alternate directions so threads meet on every stream.
        int s = (t % 2 == 0) ? i : kStreams - 1 - i;
        ContextTarget target = ContextTarget::OnFileObject(kS, instance, fos[s]);
        ContextRef c = GetOrCreate(fm(), filter, target, &winners[s]);
        ASSERT_TRUE(c);
        c.as<StreamState>()->users.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();

  const int losers = cleanups.load();
  for (int s = 0; s < kStreams; ++s) {
    EXPECT_EQ(winners[s].load(), 1) << "stream " << s;
    GetResult g = fm().Get(ContextTarget::OnFileObject(kS, instance, fos[s]));
    ASSERT_EQ(g.outcome, GetOutcome::kFound);
    EXPECT_EQ(g.context.as<StreamState>()->users.load(), kThreads) << "stream " << s;
    EXPECT_EQ(Refs(g.context), 2);
  }
  EXPECT_EQ(fm().LiveContextCount(), static_cast<size_t>(kStreams));
  EXPECT_TRUE(fm().ReferencedContexts().empty());
  for (FileObject* fo : fos) fm().CloseFileObject(fo);
  EXPECT_EQ(cleanups.load(), losers + kStreams);
  EXPECT_EQ(fm().LiveContextCount(), 0u);
  EXPECT_TRUE(poolsim::BuildLeakReport(env_).clean());
  EXPECT_TRUE(Checks().empty());
}

INSTANTIATE_TEST_SUITE_P(TrackReferences, RaceTest, ::testing::Bool());

TEST_F(FilterManagerTest, ReferencesRaceAcrossIrqlsAndTheLastReleaseIsDeferredOnce) {
  std::atomic<int> cleanups{0};
  std::atomic<int> cleanup_irql{-1};
  Filter* filter = RegisterAllTypes(kTag, {}, [&](void*, ContextType) {
    cleanups++;
    cleanup_irql = poolsim::CurrentIrql();
  });
  for (int round = 0; round < 50; ++round) {
    void* c = Alloc(filter, kS, 64, poolsim::PoolKind::kNonPaged).TransferToCaller();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) fm().Reference(c);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        poolsim::ScopedIrql irql(t % 2 == 0 ? poolsim::kDispatchLevel : poolsim::kPassiveLevel);
        for (int i = 0; i < 20; ++i) {
          fm().Reference(c);
          fm().Release(c);
        }
        fm().Release(c);
      });
    }
    for (auto& th : threads) th.join();
    {
      poolsim::ScopedIrql dpc(poolsim::kDispatchLevel);
      fm().Release(c);  // the last one: deferred
    }
    fm().DrainDeferredWork();
    EXPECT_EQ(cleanups.load(), round + 1);
    EXPECT_EQ(cleanup_irql.load(), poolsim::kPassiveLevel);
  }
  EXPECT_EQ(fm().LiveContextCount(), 0u);
  EXPECT_TRUE(Checks().empty());
}

}  // namespace
}  // namespace fltctx
