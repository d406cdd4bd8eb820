// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/lifecycle_test.cc
// -----------------------------------------------------------------------------
//
// A pin's own allocator through its whole life, written as a driver and a
// graph use it: callback order and IRQL, the Frames limit, recycling, the
// user-mode peer, fallback when InitializeAllocator fails, NULL frames, and
// KsEdit of the framing at pin create.

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ksalloc/wdk/ks.h"
#include "ksalloc/wdk/kssim.h"
#include "poolsim/fault_sweep.h"
#include "poolsim/irql.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"

namespace {

// ---- a driver's allocator -----------------------------------------------------

std::vector<std::string> g_calls;
KSALLOCATOR_FRAMING g_framing_seen;
NTSTATUS g_init_status = STATUS_SUCCESS;
int g_null_every = 0;  // Allocate returns NULL every Nth call
int g_allocates = 0;

struct MyAllocator {
  PKSPIN pin;
  ULONG frame_size;
  ULONG live;
};

void Record(const char* what) {
  g_calls.push_back(std::string(what) + "@" + std::to_string(KeGetCurrentIrql()));
}

NTSTATUS MyInitialize(PKSPIN Pin, PKSALLOCATOR_FRAMING Framing, PVOID* Context) {
  Record("Initialize");
  g_framing_seen = *Framing;
  if (!NT_SUCCESS(g_init_status)) return g_init_status;
  auto* a = static_cast<MyAllocator*>(
      ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(MyAllocator), 'cAyM'));
  if (a == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
  a->pin = Pin;
  a->frame_size = Framing->FrameSize;
  a->live = 0;
  *Context = a;
  return STATUS_SUCCESS;
}

PVOID MyAllocate(PVOID Context) {
  Record("Allocate");
  ++g_allocates;
  if (g_null_every != 0 && g_allocates % g_null_every == 0) return nullptr;
  auto* a = static_cast<MyAllocator*>(Context);
  PVOID frame = ExAllocatePool2(POOL_FLAG_NON_PAGED, a->frame_size, 'rFyM');
  if (frame != nullptr) ++a->live;
  return frame;
}

VOID MyFree(PVOID Context, PVOID Buffer) {
  Record("Free");
  --static_cast<MyAllocator*>(Context)->live;
  ExFreePoolWithTag(Buffer, 'rFyM');
}

VOID MyDelete(PVOID Context) {
  Record("Delete");
  ExFreePoolWithTag(Context, 'cAyM');
}

NTSTATUS MySetDeviceState(PKSPIN, KSSTATE To, KSSTATE From) {
  Record(("SetDeviceState " + std::to_string(From) + "->" + std::to_string(To)).c_str());
  return STATUS_SUCCESS;
}

const KSALLOCATOR_DISPATCH kMyAllocatorDispatch = {MyInitialize, MyDelete, MyAllocate, MyFree};

DECLARE_SIMPLE_FRAMING_EX(kMyFraming, STATICGUIDOF(KSMEMORY_TYPE_KERNEL_NONPAGED),
                          KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 4, FILE_QUAD_ALIGNMENT,
                          1024, 1024);

// The pin's Create edits the framing, as drivers do once the format is known.
ULONG g_edit_frames = 0;
NTSTATUS MyCreate(PKSPIN Pin, PIRP) {
  Record("Create");
  if (g_edit_frames == 0) return STATUS_SUCCESS;
  NTSTATUS status = KsEdit(Pin, &Pin->Descriptor, 'dEyM');
  if (!NT_SUCCESS(status)) return status;
  status = KsEdit(Pin, &(const_cast<KSPIN_DESCRIPTOR_EX*>(Pin->Descriptor)->AllocatorFraming),
                  'fEyM');
  if (!NT_SUCCESS(status)) return status;
  auto* framing = const_cast<KSALLOCATOR_FRAMING_EX*>(Pin->Descriptor->AllocatorFraming);
  framing->FramingItem[0].Frames = g_edit_frames;
  framing->FramingItem[0].FramingRange.Range.MinFrameSize = 4096;
  framing->FramingItem[0].FramingRange.Range.MaxFrameSize = 4096;
  return STATUS_SUCCESS;
}

const KSPIN_DISPATCH kMyPinDispatch = {
    MyCreate, nullptr, nullptr, nullptr, nullptr, MySetDeviceState,
    nullptr,  nullptr, nullptr, &kMyAllocatorDispatch};

KSPIN_DESCRIPTOR_EX MakeDescriptor() {
  KSPIN_DESCRIPTOR_EX d = {};
  d.Dispatch = &kMyPinDispatch;
  d.PinDescriptor.DataFlow = KSPIN_DATAFLOW_OUT;
  d.PinDescriptor.Communication = KSPIN_COMMUNICATION_BOTH;
  d.InstancesPossible = 1;
  d.AllocatorFraming = &kMyFraming;
  return d;
}

class PinAllocatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_calls.clear();
    g_init_status = STATUS_SUCCESS;
    g_null_every = 0;
    g_allocates = 0;
    g_edit_frames = 0;
    descriptor_ = MakeDescriptor();
  }
  KSPIN_DESCRIPTOR_EX descriptor_;
};

TEST_F(PinAllocatorTest, FullLifecycleInOrderAtPassiveLevel) {
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&descriptor_, 0, &pin), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  EXPECT_EQ(g_framing_seen.Frames, 4u);
  EXPECT_EQ(g_framing_seen.FrameSize, 1024u);
  EXPECT_EQ(g_framing_seen.FileAlignment, static_cast<ULONG>(FILE_QUAD_ALIGNMENT));
  EXPECT_EQ(g_framing_seen.PoolType, NonPagedPool);
  EXPECT_NE(g_framing_seen.OptionsFlags & KSALLOCATOR_OPTIONF_SYSTEM_MEMORY, 0u);
  ASSERT_EQ(KsSimSetPinState(pin, KSSTATE_RUN), STATUS_SUCCESS);
  EXPECT_EQ(pin->DeviceState, KSSTATE_RUN);
  // Data flows: frames are recycled, not freed.
  for (int i = 0; i < 10; ++i) {
    PVOID frame = KsSimTakeFrame(pin);
    ASSERT_NE(frame, nullptr);
    KsSimReturnFrame(pin, frame);
  }
  KSSIM_PIN_STATISTICS stats;
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.Allocator, KSSIM_ALLOCATOR_PIN);
  EXPECT_EQ(stats.FramesOutstanding, 4u);
  EXPECT_EQ(stats.AllocateCalls, 4u);
  ASSERT_EQ(KsSimSetPinState(pin, KSSTATE_STOP), STATUS_SUCCESS);
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.FramesOutstanding, 0u);
  KsSimClosePin(pin);
  const std::vector<std::string> expected = {
      "Create@0", "Initialize@0", "SetDeviceState 0->1@0", "Allocate@0", "Allocate@0",
      "Allocate@0", "Allocate@0", "SetDeviceState 1->2@0", "SetDeviceState 2->3@0",
      "SetDeviceState 3->2@0", "SetDeviceState 2->1@0", "SetDeviceState 1->0@0", "Free@0",
      "Free@0", "Free@0", "Free@0", "Delete@0"};
  EXPECT_EQ(g_calls, expected);
}

TEST_F(PinAllocatorTest, NeverMoreThanFramesOutstanding) {
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&descriptor_, 0, &pin), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  ASSERT_EQ(KsSimSetPinState(pin, KSSTATE_RUN), STATUS_SUCCESS);
  std::vector<PVOID> taken;
  for (int i = 0; i < 4; ++i) taken.push_back(KsSimTakeFrame(pin));
  for (PVOID f : taken) EXPECT_NE(f, nullptr);
  EXPECT_EQ(KsSimTakeFrame(pin), nullptr);  // the fifth would exceed Frames
  KsSimReturnFrame(pin, taken[0]);
  EXPECT_EQ(KsSimTakeFrame(pin), taken[0]);  // recycled
  KSSIM_PIN_STATISTICS stats;
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.AllocateCalls, 4u);
  KsSimClosePin(pin);  // back to STOP: every frame (taken ones too) freed
}

TEST_F(PinAllocatorTest, UserModePeerNeverReachesTheCustomAllocator) {
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&descriptor_, 0, &pin), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_USER), STATUS_SUCCESS);
  ASSERT_EQ(KsSimSetPinState(pin, KSSTATE_RUN), STATUS_SUCCESS);
  EXPECT_NE(KsSimTakeFrame(pin), nullptr);
  KSSIM_PIN_STATISTICS stats;
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.Allocator, KSSIM_ALLOCATOR_USER);
  KsSimClosePin(pin);
  EXPECT_EQ(g_calls.size(), 7u);  // Create and six SetDeviceState calls
  for (const std::string& c : g_calls) {
    EXPECT_EQ(c.find("Initialize"), std::string::npos);
    EXPECT_EQ(c.find("Allocate"), std::string::npos);
  }
}

TEST_F(PinAllocatorTest, FailedInitializeFallsBackToTheDefaultAllocator) {
  g_init_status = STATUS_INSUFFICIENT_RESOURCES;
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&descriptor_, 0, &pin), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  ASSERT_EQ(KsSimSetPinState(pin, KSSTATE_RUN), STATUS_SUCCESS);
  PVOID frame = KsSimTakeFrame(pin);
  ASSERT_NE(frame, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(frame) & FILE_QUAD_ALIGNMENT, 0u);
  KsSimReturnFrame(pin, frame);
  KSSIM_PIN_STATISTICS stats;
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.Allocator, KSSIM_ALLOCATOR_DEFAULT);
  EXPECT_EQ(stats.InitializeFailures, 1u);
  EXPECT_EQ(stats.FramesOutstanding, 4u);
  KsSimClosePin(pin);
  for (const std::string& c : g_calls) {
    EXPECT_EQ(c.find("Allocate"), std::string::npos);
    EXPECT_EQ(c.find("Delete"), std::string::npos);
  }
}

TEST_F(PinAllocatorTest, NullFramesMeanOneFrameFewerAndAreRetried) {
  g_null_every = 2;  // every second Allocate fails
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&descriptor_, 0, &pin), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  ASSERT_EQ(KsSimSetPinState(pin, KSSTATE_RUN), STATUS_SUCCESS);
  KSSIM_PIN_STATISTICS stats;
  KsSimGetPinStatistics(pin, &stats);
  EXPECT_EQ(stats.FramesOutstanding, 2u);
  EXPECT_EQ(stats.NullFrames, 2u);
  // Taking more than are in circulation refills (and retries).
  std::vector<PVOID> taken;
  for (PVOID f; (f = KsSimTakeFrame(pin)) != nullptr;) taken.push_back(f);
  EXPECT_EQ(taken.size(), 4u);
  for (PVOID f : taken) KsSimReturnFrame(pin, f);
  KsSimClosePin(pin);
}

TEST_F(PinAllocatorTest, KsEditAtCreateChangesWhatTheAllocatorReceives) {
  g_edit_frames = 6;
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&descriptor_, 0, &pin), STATUS_SUCCESS);
  EXPECT_NE(pin->Descriptor, &descriptor_);  // the pin's own copy
  EXPECT_EQ(kMyFraming.FramingItem[0].Frames, 4u);  // the declaration is untouched
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  EXPECT_EQ(g_framing_seen.Frames, 6u);
  EXPECT_EQ(g_framing_seen.FrameSize, 4096u);
  KsSimClosePin(pin);  // the bag frees both copies
}

TEST_F(PinAllocatorTest, KsEditFailureFailsCreate) {
  g_edit_frames = 6;
  poolsim::FaultInjectionOptions faults;
  poolsim::Options options = poolsim::Ambient().options();
  options.faults.fail_nth = 1;
  poolsim::Ambient().Reconfigure(options);
  PKSPIN pin = nullptr;
  EXPECT_EQ(KsSimCreatePin(&descriptor_, 0, &pin), STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(pin, nullptr);
}

TEST_F(PinAllocatorTest, ErrorPathsOfTheWholeLifecycleAreClean) {
  g_edit_frames = 5;
  EXPECT_ERROR_PATHS_CLEAN({
    PKSPIN pin = nullptr;
    if (NT_SUCCESS(KsSimCreatePin(&descriptor_, 0, &pin))) {
      if (NT_SUCCESS(KsSimConnectPin(pin, KSSIM_PEER_KERNEL)) &&
          NT_SUCCESS(KsSimSetPinState(pin, KSSTATE_RUN))) {
        PVOID f = KsSimTakeFrame(pin);
        if (f != nullptr) KsSimReturnFrame(pin, f);
      }
      KsSimClosePin(pin);
    }
  });
}

TEST_F(PinAllocatorTest, AllocateAndFreeRunAtDispatchLevelWithTheSetting) {
  KSSIM_SETTINGS settings;
  KsSimGetSettings(&settings);
  settings.AllocatorIrql = DISPATCH_LEVEL;
  KsSimSetSettings(&settings);
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&descriptor_, 0, &pin), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  ASSERT_EQ(KsSimSetPinState(pin, KSSTATE_ACQUIRE), STATUS_SUCCESS);
  KsSimClosePin(pin);
  settings.AllocatorIrql = PASSIVE_LEVEL;
  KsSimSetSettings(&settings);
  const std::vector<std::string> expected = {
      "Create@0", "Initialize@0", "SetDeviceState 0->1@0", "Allocate@2", "Allocate@2",
      "Allocate@2", "Allocate@2", "SetDeviceState 1->0@0", "Free@2", "Free@2", "Free@2",
      "Free@2", "Delete@0"};
  EXPECT_EQ(g_calls, expected);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

// An allocator with a bug on an error path: when its second allocation
// fails, InitializeAllocator returns the failure and leaks the first.
NTSTATUS LeakyInitialize(PKSPIN, PKSALLOCATOR_FRAMING, PVOID* Context) {
  PVOID header = ExAllocatePool2(POOL_FLAG_NON_PAGED, 32, 'hLyM');
  if (header == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
  PVOID table = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'tLyM');
  if (table == nullptr) return STATUS_INSUFFICIENT_RESOURCES;  // the bug: header leaks
  ExFreePoolWithTag(table, 'tLyM');
  *Context = header;
  return STATUS_SUCCESS;
}
PVOID LeakyAllocate(PVOID) { return ExAllocatePool2(POOL_FLAG_NON_PAGED, 1024, 'rFyM'); }
VOID LeakyFree(PVOID, PVOID Buffer) { ExFreePoolWithTag(Buffer, 'rFyM'); }
VOID LeakyDelete(PVOID Context) { ExFreePoolWithTag(Context, 'hLyM'); }
const KSALLOCATOR_DISPATCH kLeakyAllocator = {LeakyInitialize, LeakyDelete, LeakyAllocate,
                                              LeakyFree};
const KSPIN_DISPATCH kLeakyPinDispatch = {nullptr, nullptr, nullptr, nullptr, nullptr,
                                          nullptr, nullptr, nullptr, nullptr, &kLeakyAllocator};

void RunOnePin(const KSPIN_DESCRIPTOR_EX* descriptor) {
  PKSPIN pin = nullptr;
  if (!NT_SUCCESS(KsSimCreatePin(descriptor, 0, &pin))) return;
  if (NT_SUCCESS(KsSimConnectPin(pin, KSSIM_PEER_KERNEL)) &&
      NT_SUCCESS(KsSimSetPinState(pin, KSSTATE_RUN))) {
    PVOID f = KsSimTakeFrame(pin);
    if (f != nullptr) KsSimReturnFrame(pin, f);
  }
  KsSimClosePin(pin);
}

TEST_F(PinAllocatorTest, TheSweepFindsTheLeakOnAnAllocatorsErrorPath) {
  KSPIN_DESCRIPTOR_EX d = descriptor_;
  d.Dispatch = &kLeakyPinDispatch;
  poolsim::SweepResult result = poolsim::SweepFaults([&] { RunOnePin(&d); });
  // Injection points: header, table, four frames (the default allocator's
  // fallback adds its own when Initialize fails).
  EXPECT_GE(result.injection_points, 6u);
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].injection, 2u);  // failing the table leaks the header
  ASSERT_EQ(result.failures[0].report.groups.size(), 1u);
  EXPECT_EQ(result.failures[0].report.groups[0].tag, poolsim::PoolTag('hLyM'));
}

TEST_F(PinAllocatorTest, ErrorPathsOfTheDefaultAllocatorAreClean) {
  EXPECT_ERROR_PATHS_CLEAN({
    KSALLOCATOR_FRAMING f = {};
    f.OptionsFlags = KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY;
    f.PoolType = NonPagedPool;
    f.Frames = 2;
    f.FrameSize = 256;
    f.FileAlignment = FILE_LONG_ALIGNMENT;
    PIRP irp = nullptr;
    if (NT_SUCCESS(KsSimBuildAllocatorCreateIrp(&f, &irp))) {
      if (NT_SUCCESS(KsCreateDefaultAllocator(irp))) {
        PFILE_OBJECT file = KsSimIrpFileObject(irp);
        KSSIM_ALLOCATOR_REQUEST a;
        KSSIM_ALLOCATOR_REQUEST b;
        if (NT_SUCCESS(KsSimAllocatorAlloc(file, &a))) KsSimAllocatorFree(file, a.Frame);
        if (NT_SUCCESS(KsSimAllocatorAlloc(file, &b))) KsSimAllocatorFree(file, b.Frame);
        KsSimCloseAllocator(file);
      }
      KsSimFreeIrp(irp);
    }
  });
}

}  // namespace
