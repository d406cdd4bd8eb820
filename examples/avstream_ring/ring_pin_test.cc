// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: examples/avstream_ring/ring_pin_test.cc
// -----------------------------------------------------------------------------
//
// Tests of the sample pin and its ring allocator, as a driver's own test
// suite would write them: the pipe draws its frames from the ring, the
// KsEdit at create sizes it, the driver's operator new puts its objects in
// the pool, and the error-path sweep finds no leak when the pool fails.

#include <set>
#include <vector>

#include "examples/avstream_ring/ring_allocator.h"
#include "examples/avstream_ring/ring_pin.h"
#include "gtest/gtest.h"
#include "ksalloc/wdk/kssim.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"

namespace {

class RingPinTest : public ::testing::Test {
 protected:
  void SetUp() override { ring::g_format = ring::RingPinFormat(); }

  // Creates, connects and runs the pin (STOP -> RUN).
  PKSPIN Start(KSSIM_PEER peer = KSSIM_PEER_KERNEL) {
    PKSPIN pin = nullptr;
    EXPECT_EQ(KsSimCreatePin(&ring::kRingPinDescriptor, 0, &pin), STATUS_SUCCESS);
    EXPECT_EQ(KsSimConnectPin(pin, peer), STATUS_SUCCESS);
    EXPECT_EQ(KsSimSetPinState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    return pin;
  }
};

TEST_F(RingPinTest, ThePipeDrawsItsFramesFromTheRing) {
  PKSPIN pin = Start();
  KSSIM_PIN_STATISTICS stats;
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.Allocator, KSSIM_ALLOCATOR_PIN);
  EXPECT_EQ(stats.Framing.Frames, 4u);  // KsEdit at create
  EXPECT_EQ(stats.Framing.FrameSize, 4096u);
  EXPECT_EQ(stats.FramesOutstanding, 4u);
  std::set<PVOID> distinct;
  std::vector<PVOID> taken;
  for (PVOID f; (f = KsSimTakeFrame(pin)) != nullptr;) {
    EXPECT_EQ(reinterpret_cast<ULONG_PTR>(f) % 64, 0u);  // FILE_64_BYTE_ALIGNMENT
    distinct.insert(f);
    taken.push_back(f);
  }
  EXPECT_EQ(distinct.size(), 4u);  // never more than Frames
  for (PVOID f : taken) KsSimReturnFrame(pin, f);
  EXPECT_EQ(ring::g_live_allocators, 1u);
  KsSimClosePin(pin);
  EXPECT_EQ(ring::g_live_allocators, 0u);
}

TEST_F(RingPinTest, FramesRecycleAroundTheCircuit) {
  PKSPIN pin = Start();
  for (int i = 0; i < 50; ++i) {
    PVOID f = KsSimTakeFrame(pin);
    ASSERT_NE(f, nullptr);
    static_cast<char*>(f)[0] = static_cast<char>(i);  // the data flows
    KsSimReturnFrame(pin, f);
  }
  KSSIM_PIN_STATISTICS stats;
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.AllocateCalls, 4u);  // recycled, not reallocated
  KsSimClosePin(pin);
}

TEST_F(RingPinTest, TheFormatSizesTheRing) {
  ring::g_format.frames = 7;
  ring::g_format.frame_size = 100;  // each frame rounded to the 64-byte alignment
  PKSPIN pin = Start();
  KSSIM_PIN_STATISTICS stats;
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.FramesOutstanding, 7u);
  PVOID a = KsSimTakeFrame(pin);
  PVOID b = KsSimTakeFrame(pin);
  EXPECT_EQ(static_cast<char*>(b) - static_cast<char*>(a), 128);
  KsSimReturnFrame(pin, a);
  KsSimReturnFrame(pin, b);
  KsSimClosePin(pin);
}

TEST_F(RingPinTest, TheDriversObjectsAreInThePool) {
  PKSPIN pin = Start();
  size_t driver_new = 0;
  size_t ring_blocks = 0;
  for (const poolsim::BlockInfo& b : poolsim::Ambient().LiveBlocks()) {
    if (b.tag == poolsim::PoolTag('wNgR')) ++driver_new;  // RingAllocator, its ring
    if (b.tag == poolsim::PoolTag(ring::kFrameBlockTag)) ++ring_blocks;
  }
  EXPECT_EQ(driver_new, 2u);
  EXPECT_EQ(ring_blocks, 1u);
  KsSimClosePin(pin);
  EXPECT_TRUE(poolsim::Ambient().LiveBlocks().empty());
}

TEST_F(RingPinTest, AUserModePeerNeverReachesTheRing) {
  PKSPIN pin = Start(KSSIM_PEER_USER);
  KSSIM_PIN_STATISTICS stats;
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.Allocator, KSSIM_ALLOCATOR_USER);
  EXPECT_EQ(ring::g_live_allocators, 0u);
  KsSimClosePin(pin);
}

TEST_F(RingPinTest, WithoutPoolTheConnectionFallsBackToTheDefaultAllocator) {
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&ring::kRingPinDescriptor, 0, &pin), STATUS_SUCCESS);
  poolsim::Options options = poolsim::Ambient().options();
  options.faults.fail_nth = 1;  // the RingAllocator object
  poolsim::Ambient().Reconfigure(options);
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  KSSIM_PIN_STATISTICS stats;
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.Allocator, KSSIM_ALLOCATOR_DEFAULT);
  EXPECT_EQ(stats.InitializeFailures, 1u);
  KsSimClosePin(pin);
}

TEST_F(RingPinTest, ErrorPathsAreClean) {
  EXPECT_ERROR_PATHS_CLEAN({
    PKSPIN pin = nullptr;
    if (NT_SUCCESS(KsSimCreatePin(&ring::kRingPinDescriptor, 0, &pin))) {
      if (NT_SUCCESS(KsSimConnectPin(pin, KSSIM_PEER_KERNEL)) &&
          NT_SUCCESS(KsSimSetPinState(pin, KSSTATE_RUN))) {
        PVOID f = KsSimTakeFrame(pin);
        if (f != nullptr) KsSimReturnFrame(pin, f);
      }
      KsSimClosePin(pin);
    }
  });
}

TEST(RingAllocatorTest, IgnoresForeignFrames) {
  KSALLOCATOR_FRAMING f = {};
  f.PoolType = NonPagedPool;
  f.Frames = 2;
  f.FrameSize = 256;
  f.FileAlignment = FILE_OCTA_ALIGNMENT;
  ring::RingAllocator* r = ring::RingAllocator::Create(f);
  ASSERT_NE(r, nullptr);
  PVOID a = r->Take();
  PVOID b = r->Take();
  EXPECT_EQ(r->Take(), nullptr);
  int local = 0;
  r->Give(&local);
  r->Give(static_cast<char*>(a) + 1);
  EXPECT_EQ(r->foreign_gives(), 2u);
  r->Give(b);
  r->Give(a);
  EXPECT_EQ(r->outstanding(), 0u);
  EXPECT_EQ(r->Take(), b);  // FIFO
  r->Give(b);
  delete r;
}

}  // namespace
