// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/checks_test.cc
// -----------------------------------------------------------------------------
//
// Each allocator check as the bug check it raises, and the default allocator
// (lookaside frames, Frames limit, a pending request completed by a free),
// through the WDK names.

#include <cstdint>

#include "gtest/gtest.h"
#include "ksalloc/wdk/ks.h"
#include "ksalloc/wdk/kssim.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"

namespace {

constexpr uint32_t kC4 = 0xC4;

// A driver allocator whose Allocate misbehaves as `g_mode` says.
enum Mode { kGood, kMisaligned, kSmall, kPaged, kRaiseIrql };
Mode g_mode = kGood;

NTSTATUS Init(PKSPIN, PKSALLOCATOR_FRAMING Framing, PVOID* Context) {
  *Context = reinterpret_cast<PVOID>(static_cast<uintptr_t>(Framing->FrameSize));
  return STATUS_SUCCESS;
}
PVOID Alloc(PVOID Context) {
  const ULONG size = static_cast<ULONG>(reinterpret_cast<uintptr_t>(Context));
  switch (g_mode) {
    case kMisaligned:
      return static_cast<char*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, size + 64, 'rFsT')) + 4;
    case kSmall:
      return ExAllocatePool2(POOL_FLAG_NON_PAGED, size / 2, 'rFsT');
    case kPaged:
      return ExAllocatePool2(POOL_FLAG_PAGED, size, 'rFsT');
    case kRaiseIrql: {
      KIRQL old;
      KeRaiseIrql(DISPATCH_LEVEL, &old);
      return ExAllocatePool2(POOL_FLAG_NON_PAGED, size, 'rFsT');
    }
    default:
      return ExAllocatePool2(POOL_FLAG_NON_PAGED, size, 'rFsT');
  }
}
VOID FreeFrame(PVOID, PVOID Buffer) {
  if (g_mode == kMisaligned) Buffer = static_cast<char*>(Buffer) - 4;
  ExFreePoolWithTag(Buffer, 'rFsT');
}
VOID Delete(PVOID) {}

const KSALLOCATOR_DISPATCH kAllocator = {Init, Delete, Alloc, FreeFrame};
const KSPIN_DISPATCH kDispatch = {nullptr, nullptr, nullptr, nullptr, nullptr,
                                  nullptr, nullptr, nullptr, nullptr, &kAllocator};
DECLARE_SIMPLE_FRAMING_EX(kFraming, STATICGUIDOF(KSMEMORY_TYPE_KERNEL_NONPAGED),
                          KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 2, FILE_OCTA_ALIGNMENT, 256,
                          256);

KSPIN_DESCRIPTOR_EX Descriptor() {
  KSPIN_DESCRIPTOR_EX d = {};
  d.Dispatch = &kDispatch;
  d.AllocatorFraming = &kFraming;
  return d;
}

class ChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_mode = kGood;
    d_ = Descriptor();
    ASSERT_EQ(KsSimCreatePin(&d_, 0, &pin_), STATUS_SUCCESS);
    ASSERT_EQ(KsSimConnectPin(pin_, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  }
  void TearDown() override { KsSimClosePin(pin_); }
  KSPIN_DESCRIPTOR_EX d_;
  PKSPIN pin_ = nullptr;
};

TEST_F(ChecksTest, MisalignedFrame) {
  g_mode = kMisaligned;
  EXPECT_BUGCHECK_SUBCODE(KsSimSetPinState(pin_, KSSTATE_ACQUIRE), kC4, 0xF2001);
  KsSimSetPinState(pin_, KSSTATE_STOP);
}

TEST_F(ChecksTest, FrameSmallerThanFrameSize) {
  g_mode = kSmall;
  EXPECT_BUGCHECK_SUBCODE(KsSimSetPinState(pin_, KSSTATE_ACQUIRE), kC4, 0xF2002);
  KsSimSetPinState(pin_, KSSTATE_STOP);
}

TEST_F(ChecksTest, FrameFromAnotherPool) {
  g_mode = kPaged;
  EXPECT_BUGCHECK_SUBCODE(KsSimSetPinState(pin_, KSSTATE_ACQUIRE), kC4, 0xF2003);
  KsSimSetPinState(pin_, KSSTATE_STOP);
}

TEST_F(ChecksTest, CallbackReturningAtAnotherIrql) {
  g_mode = kRaiseIrql;
  EXPECT_BUGCHECK_SUBCODE(KsSimSetPinState(pin_, KSSTATE_ACQUIRE), kC4, 0x81008);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  KsSimSetPinState(pin_, KSSTATE_STOP);
}

TEST_F(ChecksTest, ForeignAndDoubleReturn) {
  ASSERT_EQ(KsSimSetPinState(pin_, KSSTATE_RUN), STATUS_SUCCESS);
  int local = 0;
  EXPECT_BUGCHECK_SUBCODE(KsSimReturnFrame(pin_, &local), kC4, 0xF2004);
  PVOID frame = KsSimTakeFrame(pin_);
  ASSERT_EQ(KsSimSetPinState(pin_, KSSTATE_STOP), STATUS_SUCCESS);  // frees it
  EXPECT_BUGCHECK_SUBCODE(KsSimReturnFrame(pin_, frame), kC4, 0xF2005);
}

TEST_F(ChecksTest, PagedFrameWithTheDispatchLevelSetting) {
  KsSimClosePin(pin_);
  KSSIM_SETTINGS s;
  KsSimGetSettings(&s);
  s.AllocatorIrql = DISPATCH_LEVEL;
  KsSimSetSettings(&s);
  ASSERT_EQ(KsSimCreatePin(&d_, 0, &pin_), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(pin_, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  g_mode = kPaged;  // ExAllocatePool2(PAGED) in Allocate at DISPATCH_LEVEL: BAD_POOL_CALLER
  EXPECT_BUGCHECK(KsSimSetPinState(pin_, KSSTATE_ACQUIRE), 0xC2);
  s.AllocatorIrql = PASSIVE_LEVEL;
  KsSimSetSettings(&s);
  KsSimSetPinState(pin_, KSSTATE_STOP);
}

TEST_F(ChecksTest, KernelFrameReachingAUserModePeer) {
  ASSERT_EQ(KsSimSetPinState(pin_, KSSTATE_RUN), STATUS_SUCCESS);
  KSPIN_DESCRIPTOR_EX other = Descriptor();
  PKSPIN user_pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&other, 1, &user_pin), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(user_pin, KSSIM_PEER_USER), STATUS_SUCCESS);
  PVOID frame = KsSimTakeFrame(pin_);
  EXPECT_BUGCHECK_SUBCODE(KsSimDeliverFrame(user_pin, frame), kC4, 0xF2007);
  KsSimReturnFrame(pin_, frame);
  KsSimClosePin(user_pin);
}

// ---- the default allocator (KS 1.0 allocator objects) -------------------------

KSALLOCATOR_FRAMING CreateFraming(ULONG frames) {
  KSALLOCATOR_FRAMING f = {};
  f.OptionsFlags = KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY;
  f.PoolType = NonPagedPool;
  f.Frames = frames;
  f.FrameSize = 512;
  f.FileAlignment = FILE_LONG_ALIGNMENT;
  return f;
}

TEST(DefaultAllocatorTest, FramesLimitAndPendingRequestCompletedByAFree) {
  KSALLOCATOR_FRAMING f = CreateFraming(2);
  PIRP irp = nullptr;
  ASSERT_EQ(KsSimBuildAllocatorCreateIrp(&f, &irp), STATUS_SUCCESS);
  ASSERT_EQ(KsCreateDefaultAllocator(irp), STATUS_SUCCESS);
  PFILE_OBJECT file = KsSimIrpFileObject(irp);
  KSSTREAMALLOCATOR_FUNCTIONTABLE table;
  ASSERT_EQ(KsSimGetAllocatorFunctionTable(file, &table), STATUS_SUCCESS);
  PVOID a = nullptr;
  PVOID b = nullptr;
  PVOID c = nullptr;
  ASSERT_EQ(table.AllocateFrame(file, &a), STATUS_SUCCESS);
  ASSERT_EQ(table.AllocateFrame(file, &b), STATUS_SUCCESS);
  EXPECT_NE(table.AllocateFrame(file, &c), STATUS_SUCCESS);  // at the limit: NULL at once
  EXPECT_EQ(c, nullptr);
  KSSTREAMALLOCATOR_STATUS status;
  ASSERT_EQ(KsSimGetAllocatorStatus(file, &status), STATUS_SUCCESS);
  EXPECT_EQ(status.AllocatedFrames, 2u);
  KSSIM_ALLOCATOR_REQUEST request;
  EXPECT_EQ(KsSimAllocatorAlloc(file, &request), STATUS_PENDING);
  EXPECT_FALSE(request.Completed);
  EXPECT_EQ(KsSimAllocatorFree(file, a), STATUS_SUCCESS);
  EXPECT_TRUE(request.Completed);
  EXPECT_EQ(request.Status, STATUS_SUCCESS);
  EXPECT_NE(request.Frame, nullptr);
  table.FreeFrame(file, b);
  table.FreeFrame(file, request.Frame);
  EXPECT_BUGCHECK_SUBCODE(table.FreeFrame(file, b), kC4, 0xF2005);
  KsSimCloseAllocator(file);
  KsSimFreeIrp(irp);
}

TEST(DefaultAllocatorTest, CreateRequestValidation) {
  KSALLOCATOR_FRAMING f = CreateFraming(2);
  f.FrameSize = 0;
  PIRP irp = nullptr;
  ASSERT_EQ(KsSimBuildAllocatorCreateIrp(&f, &irp), STATUS_SUCCESS);
  EXPECT_EQ(KsCreateDefaultAllocator(irp), STATUS_INVALID_PARAMETER);
  PKSALLOCATOR_FRAMING seen = nullptr;
  EXPECT_EQ(KsValidateAllocatorCreateRequest(irp, &seen), STATUS_INVALID_PARAMETER);
  KsSimFreeIrp(irp);
}

int g_replaced = 0;
PVOID ReplacementAllocate(PVOID Context) {
  ++g_replaced;
  return ExAllocatePool2(POOL_FLAG_NON_PAGED, *static_cast<ULONG*>(Context), 'pRsT');
}
VOID ReplacementFree(PVOID, PVOID Buffer) { ExFreePoolWithTag(Buffer, 'pRsT'); }

TEST(DefaultAllocatorTest, ReplacementCallbacks) {
  KSALLOCATOR_FRAMING f = CreateFraming(4);
  ULONG size = f.FrameSize;
  PIRP irp = nullptr;
  ASSERT_EQ(KsSimBuildAllocatorCreateIrp(&f, &irp), STATUS_SUCCESS);
  EXPECT_EQ(KsCreateDefaultAllocatorEx(irp, &size, ReplacementAllocate, nullptr, nullptr,
                                       nullptr),
            STATUS_INVALID_PARAMETER);
  ASSERT_EQ(KsCreateDefaultAllocatorEx(irp, &size, ReplacementAllocate, ReplacementFree,
                                       nullptr, nullptr),
            STATUS_SUCCESS);
  PFILE_OBJECT file = KsSimIrpFileObject(irp);
  KSSIM_ALLOCATOR_REQUEST r;
  ASSERT_EQ(KsSimAllocatorAlloc(file, &r), STATUS_SUCCESS);
  EXPECT_EQ(g_replaced, 1);
  EXPECT_EQ(KsSimAllocatorFree(file, r.Frame), STATUS_SUCCESS);
  KsSimCloseAllocator(file);
  KsSimFreeIrp(irp);
}

}  // namespace
