// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/docs_first_test.cc
// -----------------------------------------------------------------------------
//
// The first test of docs/ksalloc.md, compiled and run as the page shows it
// (//ksalloc:docs_snippets_test checks the page and this file agree).

#include "gtest/gtest.h"
#include "ksalloc/wdk/ks.h"
#include "ksalloc/wdk/kssim.h"
#include "poolsim/testing/leak_check.h"

// ---- the driver's side: a pin with its own allocator ----------------------
static NTSTATUS MyInitialize(PKSPIN Pin, PKSALLOCATOR_FRAMING Framing, PVOID* Context) {
  UNREFERENCED_PARAMETER(Pin);
  *Context = (PVOID)(ULONG_PTR)Framing->FrameSize;  // all the callbacks need
  return STATUS_SUCCESS;
}
static PVOID MyAllocate(PVOID Context) {
  return ExAllocatePool2(POOL_FLAG_NON_PAGED, (SIZE_T)(ULONG_PTR)Context, 'mrFM');
}
static VOID MyFree(PVOID Context, PVOID Frame) {
  UNREFERENCED_PARAMETER(Context);
  ExFreePoolWithTag(Frame, 'mrFM');
}
static VOID MyDelete(PVOID Context) { UNREFERENCED_PARAMETER(Context); }

static const KSALLOCATOR_DISPATCH MyAllocatorDispatch = {MyInitialize, MyDelete, MyAllocate,
                                                         MyFree};
static const KSPIN_DISPATCH MyPinDispatch = {NULL, NULL, NULL, NULL, NULL, NULL,
                                             NULL, NULL, NULL, &MyAllocatorDispatch};
DECLARE_SIMPLE_FRAMING_EX(MyFraming, STATICGUIDOF(KSMEMORY_TYPE_KERNEL_NONPAGED),
                          KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 3, FILE_QUAD_ALIGNMENT,
                          2048, 2048);

// ---- the test: what AVStream would do to the pin ----------------------------
TEST(MyPin, ServesItsFramesAndFreesThemAtStop) {
  KSPIN_DESCRIPTOR_EX descriptor = {};
  descriptor.Dispatch = &MyPinDispatch;
  descriptor.AllocatorFraming = &MyFraming;
  PKSPIN pin = NULL;
  ASSERT_EQ(KsSimCreatePin(&descriptor, 0, &pin), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_KERNEL), STATUS_SUCCESS);  // InitializeAllocator
  ASSERT_EQ(KsSimSetPinState(pin, KSSTATE_RUN), STATUS_SUCCESS);       // Allocate x 3
  PVOID frame = KsSimTakeFrame(pin);
  ASSERT_NE(frame, nullptr);
  EXPECT_EQ((ULONG_PTR)frame & FILE_QUAD_ALIGNMENT, 0u);
  KsSimReturnFrame(pin, frame);  // recycled, not freed
  KSSIM_PIN_STATISTICS stats;
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.Allocator, KSSIM_ALLOCATOR_PIN);
  EXPECT_EQ(stats.FramesOutstanding, 3u);
  EXPECT_BUGCHECK_SUBCODE(KsSimReturnFrame(pin, &stats), 0xC4, 0xF2004);  // not a frame
  KsSimClosePin(pin);  // STOP: Free x 3, then DeleteAllocator; leaks would fail the test
}
