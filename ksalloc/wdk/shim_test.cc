// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/wdk/shim_test.cc
// -----------------------------------------------------------------------------
//
// <ks.h> and <ksproxy.h> through //:wdk_headers: a C11 pin (shim_driver.c)
// runs on the simulated pipe, and a proxy allocator created on it with
// IKsAllocatorEx gets frames from the pin's own allocator.

#include <ks.h>
#include <ksproxy.h>

#include "gtest/gtest.h"
#include "ksalloc/wdk/kssim.h"
#include "ksalloc/wdk/kssim_proxy.h"
#include "ksalloc/wdk/shim_driver.h"

namespace {

TEST(KsHeaders, ACDriverPinRunsOnThePipe) {
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&ShimPinDescriptor, 0, &pin), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  ASSERT_EQ(KsSimSetPinState(pin, KSSTATE_RUN), STATUS_SUCCESS);
  KSSIM_PIN_STATISTICS stats;
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.Allocator, KSSIM_ALLOCATOR_PIN);
  EXPECT_EQ(stats.Framing.Frames, 5u);  // KsEdit at create
  EXPECT_EQ(stats.Framing.FrameSize, 1024u);
  EXPECT_EQ(ShimLiveFrames, 5u);
  KsSimClosePin(pin);
  EXPECT_EQ(ShimLiveFrames, 0u);
}

TEST(KsHeaders, TheProxyCreatesTheCPinsAllocator) {
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&ShimPinDescriptor, 0, &pin), STATUS_SUCCESS);
  IKsAllocatorEx* allocator = nullptr;
  ASSERT_EQ(KsSimCreateProxyAllocator(&allocator), S_OK);
  allocator->KsGetProperties()->cBuffers = 1;
  allocator->KsGetProperties()->cbBuffer = 512;
  allocator->KsGetProperties()->cbAlign = 16;
  allocator->KsSetAllocatorMode(KsAllocatorMode_Kernel);
  HANDLE handle = allocator->KsCreateAllocatorAndGetHandle(KsSimGetProxyPin(pin));
  ASSERT_NE(handle, nullptr);
  KSSIM_ALLOCATOR_REQUEST first;
  KSSIM_ALLOCATOR_REQUEST second;
  ASSERT_EQ(KsSimAllocatorAlloc(static_cast<PFILE_OBJECT>(handle), &first), STATUS_SUCCESS);
  EXPECT_EQ(ShimLiveFrames, 1u);
  EXPECT_EQ(KsSimAllocatorAlloc(static_cast<PFILE_OBJECT>(handle), &second), STATUS_PENDING);
  ASSERT_EQ(KsSimAllocatorFree(static_cast<PFILE_OBJECT>(handle), first.Frame), STATUS_SUCCESS);
  ASSERT_TRUE(second.Completed);
  KSSTREAMALLOCATOR_STATUS status;
  ASSERT_EQ(allocator->KsGetAllocatorStatus(&status), S_OK);
  EXPECT_EQ(status.AllocatedFrames, 1u);
  ASSERT_EQ(KsSimAllocatorFree(static_cast<PFILE_OBJECT>(handle), second.Frame), STATUS_SUCCESS);
  EXPECT_EQ(allocator->Release(), 0u);  // closes the allocator: DeleteAllocator
  EXPECT_EQ(ShimLiveFrames, 0u);
  KsSimClosePin(pin);
}

}  // namespace
