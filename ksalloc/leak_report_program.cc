// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/leak_report_program.cc
// -----------------------------------------------------------------------------
//
// A test program with deliberate kernel-streaming mistakes, run by
// leak_report_test.sh to check from outside that //:leak_check_main fails
// exactly the tests that leak a frame or never delete an allocator, and that
// the report names the allocator's tag, the pin and the stack that allocated
// each frame or created each allocator.

#include "gtest/gtest.h"
#include "ksalloc/wdk/ks.h"
#include "ksalloc/wdk/kssim.h"
#include "poolsim/environment.h"
#include "poolsim/wdk/wdm.h"

namespace {

KSALLOCATOR_FRAMING Framing() {
  KSALLOCATOR_FRAMING f = {};
  f.OptionsFlags = KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY;
  f.PoolType = NonPagedPool;
  f.Frames = 2;
  f.FrameSize = 640;
  f.FileAlignment = FILE_LONG_ALIGNMENT;
  return f;
}

}  // namespace

// Named helpers (external, never inlined) so the report's stacks name them.
__attribute__((noinline)) PFILE_OBJECT OpenCaptureAllocator(PIRP* irp) {
  KSALLOCATOR_FRAMING f = Framing();
  if (!NT_SUCCESS(KsSimBuildAllocatorCreateIrp(&f, irp))) return nullptr;
  if (!NT_SUCCESS(KsCreateDefaultAllocator(*irp))) return nullptr;
  return KsSimIrpFileObject(*irp);
}

__attribute__((noinline)) PVOID TakeFrameForCapture(PFILE_OBJECT file) {
  KSSTREAMALLOCATOR_FUNCTIONTABLE table;
  if (!NT_SUCCESS(KsSimGetAllocatorFunctionTable(file, &table))) return nullptr;
  PVOID frame = nullptr;
  table.AllocateFrame(file, &frame);
  return frame;
}

namespace {

// A pin with its own allocator (frames of tag 'rFkL').
NTSTATUS Init(PKSPIN, PKSALLOCATOR_FRAMING Framing, PVOID* Context) {
  *Context = reinterpret_cast<PVOID>(static_cast<uintptr_t>(Framing->FrameSize));
  return STATUS_SUCCESS;
}
PVOID Alloc(PVOID Context) {
  return ExAllocatePool2(POOL_FLAG_NON_PAGED, reinterpret_cast<uintptr_t>(Context), 'rFkL');
}
VOID FreeFrame(PVOID, PVOID Buffer) { ExFreePoolWithTag(Buffer, 'rFkL'); }
VOID Delete(PVOID) {}
const KSALLOCATOR_DISPATCH kAllocator = {Init, Delete, Alloc, FreeFrame};
const KSPIN_DISPATCH kDispatch = {nullptr, nullptr, nullptr, nullptr, nullptr,
                                  nullptr, nullptr, nullptr, nullptr, &kAllocator};
DECLARE_SIMPLE_FRAMING_EX(kFraming, STATICGUIDOF(KSMEMORY_TYPE_KERNEL_NONPAGED),
                          KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 3, FILE_QUAD_ALIGNMENT, 512,
                          512);
KSPIN_DESCRIPTOR_EX g_descriptor;

TEST(KsLeaks, LeaksAFrame) {
  PIRP irp = nullptr;
  PFILE_OBJECT file = OpenCaptureAllocator(&irp);
  ASSERT_NE(file, nullptr);
  PVOID kept = TakeFrameForCapture(file);
  ASSERT_NE(kept, nullptr);
  PVOID second = TakeFrameForCapture(file);  // Frames is 2: the limit
  ASSERT_NE(second, nullptr);
  ASSERT_EQ(KsSimAllocatorFree(file, second), STATUS_SUCCESS);
  KSSIM_ALLOCATOR_REQUEST first_request;
  ASSERT_EQ(KsSimAllocatorAlloc(file, &first_request), STATUS_SUCCESS);
  KSSIM_ALLOCATOR_REQUEST waiting;
  ASSERT_EQ(KsSimAllocatorAlloc(file, &waiting), STATUS_PENDING);
  ASSERT_EQ(KsSimAllocatorFree(file, first_request.Frame), STATUS_SUCCESS);  // completes it
  ASSERT_TRUE(waiting.Completed);
  KSSIM_ALLOCATOR_REQUEST cancelled;
  ASSERT_EQ(KsSimAllocatorAlloc(file, &cancelled), STATUS_PENDING);
  KsSimCloseAllocator(file);  // 0xC4/0xF2006; two frames stay leaked
  EXPECT_TRUE(cancelled.Completed) << "pending request not completed at close";
  EXPECT_EQ(cancelled.Status, STATUS_CANCELLED) << "pending request not cancelled at close";
  KsSimFreeIrp(irp);
}

TEST(KsLeaks, NeverDeletesItsAllocator) {
  PIRP irp = nullptr;
  ASSERT_NE(OpenCaptureAllocator(&irp), nullptr);
  KsSimFreeIrp(irp);  // the allocator bound to the file object stays
}

__attribute__((noinline)) PKSPIN StartPreviewPin() {
  g_descriptor = KSPIN_DESCRIPTOR_EX{};
  g_descriptor.Dispatch = &kDispatch;
  g_descriptor.AllocatorFraming = &kFraming;
  PKSPIN pin = nullptr;
  if (!NT_SUCCESS(KsSimCreatePin(&g_descriptor, 7, &pin))) return nullptr;
  if (!NT_SUCCESS(KsSimConnectPin(pin, KSSIM_PEER_KERNEL))) return nullptr;
  KsSimSetPinState(pin, KSSTATE_RUN);
  return pin;
}

TEST(KsLeaks, NeverClosesItsPin) { ASSERT_NE(StartPreviewPin(), nullptr); }

TEST(KsLeaks, FreesEverything) {
  PIRP irp = nullptr;
  PFILE_OBJECT file = OpenCaptureAllocator(&irp);
  ASSERT_NE(file, nullptr);
  PVOID frame = TakeFrameForCapture(file);
  ASSERT_NE(frame, nullptr);
  ASSERT_EQ(KsSimAllocatorFree(file, frame), STATUS_SUCCESS);
  KsSimCloseAllocator(file);
  KsSimFreeIrp(irp);
  PKSPIN pin = StartPreviewPin();
  ASSERT_NE(pin, nullptr);
  KsSimClosePin(pin);
}

// Runs after the leaking tests: proves nothing carries over.
TEST(KsLeaks, StartsClean) {
  EXPECT_TRUE(poolsim::Ambient().LiveBlocks().empty());
  EXPECT_TRUE(poolsim::Ambient().LeakedObjects().empty());
}

}  // namespace
