// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The epoch scheme: a retired object is deleted only once no read section
// that could have loaded it is open, and then it is deleted.

#include "fltctx/internal/epoch.h"

#include <atomic>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace fltctx {
namespace fltctx_internal {
namespace {

struct Tracked {
  explicit Tracked(std::atomic<int>* d) : deleted(d) {}
  ~Tracked() { deleted->fetch_add(1); }
  std::atomic<int>* deleted;
  int value = 42;
};

TEST(EpochTest, RetiredObjectOutlivesAReaderInsideAGuard) {
  std::atomic<int> deleted{0};
  std::atomic<Tracked*> shared{new Tracked(&deleted)};
  std::atomic<bool> entered{false}, leave{false};
  std::thread reader([&] {
    EpochGuard guard;
    Tracked* t = shared.load(std::memory_order_acquire);
    entered.store(true);
    while (!leave.load()) std::this_thread::yield();
    EXPECT_EQ(t->value, 42);  // still valid: the guard holds it
  });
  while (!entered.load()) std::this_thread::yield();
  Tracked* old = shared.exchange(nullptr, std::memory_order_acq_rel);
  Retire(old);
  for (int i = 0; i < 10; ++i) ReclaimRetired();
  EXPECT_EQ(deleted.load(), 0);
  leave.store(true);
  reader.join();
  ReclaimRetired();
  EXPECT_EQ(deleted.load(), 1);
}

TEST(EpochTest, NestedGuardsHoldUntilTheOutermostExits) {
  std::atomic<int> deleted{0};
  std::atomic<bool> entered{false}, inner_done{false}, leave{false};
  std::thread reader([&] {
    EpochGuard outer;
    {
      EpochGuard inner;
      entered.store(true);
      while (!inner_done.load()) std::this_thread::yield();
    }
    while (!leave.load()) std::this_thread::yield();
  });
  while (!entered.load()) std::this_thread::yield();
  Retire(new Tracked(&deleted));
  inner_done.store(true);
  for (int i = 0; i < 10; ++i) ReclaimRetired();
  EXPECT_EQ(deleted.load(), 0);
  leave.store(true);
  reader.join();
  ReclaimRetired();
  EXPECT_EQ(deleted.load(), 1);
}

TEST(EpochTest, ObjectsRetiredByAThreadThatExitedAreReclaimed) {
  std::atomic<int> deleted{0};
  std::atomic<bool> entered{false}, leave{false};
  // A reader keeps the epoch from advancing while the retiring thread exits.
  std::thread reader([&] {
    EpochGuard guard;
    entered.store(true);
    while (!leave.load()) std::this_thread::yield();
  });
  while (!entered.load()) std::this_thread::yield();
  std::thread retirer([&] {
    for (int i = 0; i < 100; ++i) Retire(new Tracked(&deleted));
  });
  retirer.join();
  EXPECT_EQ(deleted.load(), 0);
  leave.store(true);
  reader.join();
  ReclaimRetired();
  EXPECT_EQ(deleted.load(), 100);
}

// Readers load and use a shared object while a writer keeps replacing and
// retiring it: under ASan or TSan, a delete before a reader is done is a
// report.
TEST(EpochTest, ReadersNeverSeeADeletedObject) {
  std::atomic<int> deleted{0};
  std::atomic<Tracked*> shared{new Tracked(&deleted)};
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      while (!stop.load(std::memory_order_relaxed)) {
        EpochGuard guard;
        Tracked* t = shared.load(std::memory_order_acquire);
        ASSERT_EQ(t->value, 42);
      }
    });
  }
  constexpr int kReplacements = 20000;
  for (int i = 0; i < kReplacements; ++i) {
    Tracked* old = shared.exchange(new Tracked(&deleted), std::memory_order_acq_rel);
    Retire(old);
  }
  stop.store(true);
  for (auto& t : readers) t.join();
  ReclaimRetired();
  EXPECT_EQ(deleted.load(), kReplacements);
  delete shared.load();
}

}  // namespace
}  // namespace fltctx_internal
}  // namespace fltctx
