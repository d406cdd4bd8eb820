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
#include <vector>

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


// ---- more checks: DISPATCH_LEVEL frames, SetDeviceState, KsEdit's IRQL ---------

// An allocator that carves its frames from paged pool it allocated at
// PASSIVE_LEVEL (as a driver that pre-allocates might): legal at
// PASSIVE_LEVEL, touched at DISPATCH_LEVEL with the setting.
struct PagedStock {
  PVOID blocks[2];
  ULONG used;
};
NTSTATUS PagedInit(PKSPIN, PKSALLOCATOR_FRAMING Framing, PVOID* Context) {
  auto* s = static_cast<PagedStock*>(
      ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PagedStock), 'kSsT'));
  if (s == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
  s->used = 0;
  for (PVOID& b : s->blocks) b = ExAllocatePool2(POOL_FLAG_PAGED, Framing->FrameSize, 'gPsT');
  *Context = s;
  return STATUS_SUCCESS;
}
PVOID PagedAlloc(PVOID Context) {
  auto* s = static_cast<PagedStock*>(Context);
  return s->used < 2 ? s->blocks[s->used++] : nullptr;
}
VOID PagedFree(PVOID Context, PVOID) { --static_cast<PagedStock*>(Context)->used; }
VOID PagedDelete(PVOID Context) {
  auto* s = static_cast<PagedStock*>(Context);
  for (PVOID b : s->blocks) ExFreePoolWithTag(b, 'gPsT');
  ExFreePoolWithTag(s, 'kSsT');
}
const KSALLOCATOR_DISPATCH kPagedAllocator = {PagedInit, PagedDelete, PagedAlloc, PagedFree};
const KSPIN_DISPATCH kPagedDispatch = {nullptr, nullptr, nullptr, nullptr, nullptr,
                                       nullptr, nullptr, nullptr, nullptr, &kPagedAllocator};
DECLARE_SIMPLE_FRAMING_EX(kPagedFraming, STATICGUIDOF(KSMEMORY_TYPE_KERNEL_PAGED),
                          KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 2, FILE_LONG_ALIGNMENT, 128,
                          128);

class SettingsTest : public ::testing::Test {
 protected:
  void TearDown() override {
    KSSIM_SETTINGS s;
    KsSimGetSettings(&s);
    s.AllocatorIrql = PASSIVE_LEVEL;
    KsSimSetSettings(&s);
  }
  void AtDispatch() {
    KSSIM_SETTINGS s;
    KsSimGetSettings(&s);
    s.AllocatorIrql = DISPATCH_LEVEL;
    KsSimSetSettings(&s);
  }
};

TEST_F(SettingsTest, PagedFramesAreFineAtPassiveLevel) {
  KSPIN_DESCRIPTOR_EX d = {};
  d.Dispatch = &kPagedDispatch;
  d.AllocatorFraming = &kPagedFraming;
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&d, 0, &pin), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  ASSERT_EQ(KsSimSetPinState(pin, KSSTATE_ACQUIRE), STATUS_SUCCESS);
  KSSIM_PIN_STATISTICS stats;
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.Framing.PoolType, PagedPool);
  EXPECT_EQ(stats.FramesOutstanding, 2u);
  KsSimClosePin(pin);
}

TEST_F(SettingsTest, PagedFrameWithTheDispatchLevelSettingIsIrqlNotLessOrEqual) {
  AtDispatch();
  KSPIN_DESCRIPTOR_EX d = {};
  d.Dispatch = &kPagedDispatch;
  d.AllocatorFraming = &kPagedFraming;
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&d, 0, &pin), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  poolsim::testing::BugCheckCapture capture;
  KsSimSetPinState(pin, KSSTATE_ACQUIRE);
  const std::vector<poolsim::BugCheck> seen = capture.bug_checks();
  ASSERT_EQ(seen.size(), 2u);  // one per frame
  EXPECT_EQ(seen[0].code, 0xD1u);  // DRIVER_IRQL_NOT_LESS_OR_EQUAL
  EXPECT_EQ(seen[0].parameters[1], static_cast<uint64_t>(DISPATCH_LEVEL));
  KsSimClosePin(pin);
}

NTSTATUS PendingSetDeviceState(PKSPIN, KSSTATE To, KSSTATE) {
  return To == KSSTATE_PAUSE ? STATUS_PENDING : STATUS_SUCCESS;
}
const KSPIN_DISPATCH kPendingDispatch = {nullptr, nullptr, nullptr, nullptr, nullptr,
                                         PendingSetDeviceState, nullptr, nullptr, nullptr,
                                         nullptr};

TEST(PinChecksTest, SetDeviceStateReturningPending) {
  KSPIN_DESCRIPTOR_EX d = {};
  d.Dispatch = &kPendingDispatch;
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&d, 0, &pin), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_BUGCHECK_SUBCODE(status = KsSimSetPinState(pin, KSSTATE_RUN), kC4, 0xF2008);
  EXPECT_EQ(status, STATUS_INVALID_DEVICE_STATE);
  EXPECT_EQ(pin->DeviceState, KSSTATE_ACQUIRE);  // the failed step did not happen
  KsSimClosePin(pin);
}

NTSTATUS EditAtDispatchCreate(PKSPIN Pin, PIRP) {
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  const NTSTATUS status = KsEdit(Pin, &Pin->Descriptor, 'dEsT');
  KeLowerIrql(old);
  return status;
}
const KSPIN_DISPATCH kEditAtDispatch = {EditAtDispatchCreate, nullptr, nullptr, nullptr,
                                        nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};

TEST(PinChecksTest, KsEditAbovePassiveLevel) {
  KSPIN_DESCRIPTOR_EX d = {};
  d.Dispatch = &kEditAtDispatch;
  PKSPIN pin = nullptr;
  NTSTATUS status = STATUS_SUCCESS;
  EXPECT_BUGCHECK(status = KsSimCreatePin(&d, 0, &pin), 0xA);  // IRQL_NOT_LESS_OR_EQUAL
  EXPECT_EQ(status, STATUS_INVALID_DEVICE_REQUEST);
  EXPECT_EQ(pin, nullptr);
}

// ---- the default allocator's replacement callbacks ----------------------------

struct Replacement {
  int initialized = 0;
  int allocated = 0;
  int freed = 0;
  int deleted = 0;
  PVOID context_seen = nullptr;
};
Replacement g_r;
ULONG g_init_context = 0;

NTSTATUS RInit(PVOID InitialContext, PKSALLOCATOR_FRAMING Framing, PVOID* Context) {
  ++g_r.initialized;
  g_r.context_seen = InitialContext;
  if (Framing->Frames == 99) return STATUS_NOT_SUPPORTED;
  *Context = &g_r;
  return STATUS_SUCCESS;
}
PVOID RAlloc(PVOID Context) {
  ++static_cast<Replacement*>(Context)->allocated;
  return ExAllocatePool2(POOL_FLAG_NON_PAGED, 512, 'pRsT');
}
VOID RFree(PVOID Context, PVOID Buffer) {
  ++static_cast<Replacement*>(Context)->freed;
  ExFreePoolWithTag(Buffer, 'pRsT');
}
VOID RDelete(PVOID Context) { ++static_cast<Replacement*>(Context)->deleted; }

TEST(DefaultAllocatorTest, ReplacementInitializeAndDeleteGetTheirContexts) {
  g_r = Replacement();
  KSALLOCATOR_FRAMING f = CreateFraming(2);
  PIRP irp = nullptr;
  ASSERT_EQ(KsSimBuildAllocatorCreateIrp(&f, &irp), STATUS_SUCCESS);
  ASSERT_EQ(KsCreateDefaultAllocatorEx(irp, &g_init_context, RAlloc, RFree, RInit, RDelete),
            STATUS_SUCCESS);
  EXPECT_EQ(g_r.initialized, 1);
  EXPECT_EQ(g_r.context_seen, &g_init_context);  // InitializeContext only to Initialize
  PFILE_OBJECT file = KsSimIrpFileObject(irp);
  KSSIM_ALLOCATOR_REQUEST r;
  ASSERT_EQ(KsSimAllocatorAlloc(file, &r), STATUS_SUCCESS);
  ASSERT_EQ(KsSimAllocatorFree(file, r.Frame), STATUS_SUCCESS);
  EXPECT_EQ(g_r.allocated, 1);  // the context Initialize returned
  EXPECT_EQ(g_r.freed, 1);
  EXPECT_EQ(g_r.deleted, 0);
  KsSimCloseAllocator(file);
  EXPECT_EQ(g_r.deleted, 1);
  KsSimFreeIrp(irp);
}

TEST(DefaultAllocatorTest, ReplacementInitializeFailureFailsTheCreate) {
  g_r = Replacement();
  KSALLOCATOR_FRAMING f = CreateFraming(99);
  PIRP irp = nullptr;
  ASSERT_EQ(KsSimBuildAllocatorCreateIrp(&f, &irp), STATUS_SUCCESS);
  EXPECT_EQ(KsCreateDefaultAllocatorEx(irp, nullptr, RAlloc, RFree, RInit, RDelete),
            STATUS_NOT_SUPPORTED);
  KSSTREAMALLOCATOR_STATUS status;
  EXPECT_EQ(KsSimGetAllocatorStatus(KsSimIrpFileObject(irp), &status), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(g_r.deleted, 0);
  KsSimFreeIrp(irp);
}

TEST(DefaultAllocatorTest, WithoutReplacementFramesComeFromTheLookasideList) {
  KSALLOCATOR_FRAMING f = CreateFraming(3);
  PIRP irp = nullptr;
  ASSERT_EQ(KsSimBuildAllocatorCreateIrp(&f, &irp), STATUS_SUCCESS);
  ASSERT_EQ(KsCreateDefaultAllocator(irp), STATUS_SUCCESS);
  EXPECT_EQ(KsCreateDefaultAllocator(irp), STATUS_INVALID_DEVICE_REQUEST);  // one per file object
  PFILE_OBJECT file = KsSimIrpFileObject(irp);
  KSSIM_ALLOCATOR_REQUEST r;
  ASSERT_EQ(KsSimAllocatorAlloc(file, &r), STATUS_SUCCESS);
  poolsim::BlockInfo block;
  ASSERT_TRUE(poolsim::Ambient().Lookup(r.Frame, &block));
  EXPECT_EQ(block.tag, poolsim::PoolTag('lAsK'));  // 'KsAl' as debuggers show it
  EXPECT_GE(block.bytes, 512u);
  EXPECT_EQ(block.kind, poolsim::PoolKind::kNonPaged);
  ASSERT_EQ(KsSimAllocatorFree(file, r.Frame), STATUS_SUCCESS);
  KSSIM_ALLOCATOR_REQUEST again;
  ASSERT_EQ(KsSimAllocatorAlloc(file, &again), STATUS_SUCCESS);
  EXPECT_EQ(again.Frame, r.Frame);  // recycled through the list
  ASSERT_EQ(KsSimAllocatorFree(file, again.Frame), STATUS_SUCCESS);
  KsSimCloseAllocator(file);
  KsSimFreeIrp(irp);
}

TEST(DefaultAllocatorTest, PendingRequestsCompleteOldestFirst) {
  KSALLOCATOR_FRAMING f = CreateFraming(1);
  PIRP irp = nullptr;
  ASSERT_EQ(KsSimBuildAllocatorCreateIrp(&f, &irp), STATUS_SUCCESS);
  ASSERT_EQ(KsCreateDefaultAllocator(irp), STATUS_SUCCESS);
  PFILE_OBJECT file = KsSimIrpFileObject(irp);
  KSSIM_ALLOCATOR_REQUEST first;
  KSSIM_ALLOCATOR_REQUEST second;
  KSSIM_ALLOCATOR_REQUEST third;
  ASSERT_EQ(KsSimAllocatorAlloc(file, &first), STATUS_SUCCESS);
  ASSERT_EQ(KsSimAllocatorAlloc(file, &second), STATUS_PENDING);
  ASSERT_EQ(KsSimAllocatorAlloc(file, &third), STATUS_PENDING);
  ASSERT_EQ(KsSimAllocatorFree(file, first.Frame), STATUS_SUCCESS);
  EXPECT_TRUE(second.Completed);
  EXPECT_FALSE(third.Completed);
  ASSERT_EQ(KsSimAllocatorFree(file, second.Frame), STATUS_SUCCESS);
  EXPECT_TRUE(third.Completed);
  EXPECT_EQ(third.Status, STATUS_SUCCESS);
  ASSERT_EQ(KsSimAllocatorFree(file, third.Frame), STATUS_SUCCESS);
  KsSimCloseAllocator(file);
  KsSimFreeIrp(irp);
}

}  // namespace
