// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The live-handle registry under churn: objects that come and go make it
// replace its table again and again; lookups racing the replacements still
// answer right (and, under ASan or TSan, never probe a freed table), and
// the replaced tables are reclaimed, not kept.

#include "fltctx/live_handles.h"

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "fltctx/internal/epoch.h"
#include "gtest/gtest.h"

namespace fltctx {
namespace {

TEST(LiveHandlesTest, LookupsRaceTableReplacementsAndOldTablesAreReclaimed) {
  int anchor = 0;  // stays registered throughout
  fltctx_internal::RegisterHandle(&anchor, HandleKind::kVolume);
  std::atomic<bool> stop{false};
  std::atomic<int64_t> lookups{0};
  std::thread reader([&] {
    while (!stop.load(std::memory_order_relaxed)) {
      ASSERT_TRUE(IsLiveHandle(&anchor, HandleKind::kVolume));
      ASSERT_FALSE(IsLiveHandle(&anchor, HandleKind::kFilter));
      lookups.fetch_add(1, std::memory_order_relaxed);
    }
  });
  const size_t rebuilds_before = fltctx_internal::LiveHandleTableRebuilds();
  // Each round registers and unregisters a batch: removed entries fill the
  // table, which is then compacted into a fresh one.
  constexpr int kRounds = 200;
  constexpr int kBatch = 256;
  std::vector<std::unique_ptr<char[]>> objects;
  for (int round = 0; round < kRounds; ++round) {
    objects.clear();
    for (int i = 0; i < kBatch; ++i) {
      objects.push_back(std::make_unique<char[]>(16));
      fltctx_internal::RegisterHandle(objects.back().get(), HandleKind::kFileObject);
    }
    for (auto& o : objects) {
      EXPECT_TRUE(IsLiveHandle(o.get(), HandleKind::kFileObject));
      fltctx_internal::UnregisterHandle(o.get());
      EXPECT_FALSE(IsLiveHandle(o.get(), HandleKind::kFileObject));
    }
  }
  stop.store(true);
  reader.join();
  const size_t rebuilds = fltctx_internal::LiveHandleTableRebuilds() - rebuilds_before;
  EXPECT_GE(rebuilds, 10u);
  fltctx_internal::ReclaimRetired();
  // Reclaimed: at most a few tables still wait (the last ones retired by
  // this thread before the final advance), not one per rebuild.
  EXPECT_LT(fltctx_internal::RetiredPending(), 4u);
  EXPECT_GT(lookups.load(), 0);
  fltctx_internal::UnregisterHandle(&anchor);
}

// A retired object whose deleter unregisters a handle (a file object's)
// becomes reclaimable, and the next retire on its thread is the registry's
// own (a table replaced while registering): the deleter then runs without
// the registry's lock held, instead of waiting on it forever.
TEST(LiveHandlesTest, DeleterThatUnregistersRunsWhenTheRegistryRetiresATable) {
  static char handle;
  fltctx_internal::RegisterHandle(&handle, HandleKind::kFileObject);
  fltctx_internal::RetireObject(&handle,
                                [](void* p) { fltctx_internal::UnregisterHandle(p); });
  // Another thread moves the epoch on (it reclaims only its own list), so
  // this thread's object is ready but not yet deleted.
  std::thread([] {
    for (int i = 0; i < 4; ++i) fltctx_internal::ReclaimRetired();
  }).join();
  ASSERT_TRUE(IsLiveHandle(&handle, HandleKind::kFileObject));
  // Register until the table is replaced.
  const size_t before = fltctx_internal::LiveHandleTableRebuilds();
  std::vector<std::unique_ptr<char[]>> objects;
  while (fltctx_internal::LiveHandleTableRebuilds() == before) {
    objects.push_back(std::make_unique<char[]>(16));
    fltctx_internal::RegisterHandle(objects.back().get(), HandleKind::kFileObject);
  }
  EXPECT_FALSE(IsLiveHandle(&handle, HandleKind::kFileObject));  // the deleter ran
  for (auto& o : objects) fltctx_internal::UnregisterHandle(o.get());
}

}  // namespace
}  // namespace fltctx
