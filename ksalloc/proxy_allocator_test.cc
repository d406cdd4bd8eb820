// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/proxy_allocator_test.cc
// -----------------------------------------------------------------------------
//
// Every IKsAllocator / IKsAllocatorEx method (and IUnknown's) as the proxy
// calls them, over a simulated pin: the handle is an allocator object on the
// pin, its frames and status go through the pipe's ledger, and a reference
// never released is reported with the stack that took it.

#include <string>

#include "gtest/gtest.h"
#include "ksalloc/wdk/ks.h"
#include "ksalloc/wdk/kssim.h"
#include "ksalloc/wdk/kssim_proxy.h"
#include "ksalloc/wdk/ksproxy.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/report_text.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"

namespace {

// A pin's own allocator, counting its callbacks.
struct Seen {
  int initialized = 0;
  int deleted = 0;
  KSALLOCATOR_FRAMING framing = {};
  NTSTATUS init_status = STATUS_SUCCESS;
};
Seen g_seen;

NTSTATUS Init(PKSPIN, PKSALLOCATOR_FRAMING Framing, PVOID* Context) {
  ++g_seen.initialized;
  g_seen.framing = *Framing;
  if (!NT_SUCCESS(g_seen.init_status)) return g_seen.init_status;
  *Context = reinterpret_cast<PVOID>(static_cast<uintptr_t>(Framing->FrameSize));
  return STATUS_SUCCESS;
}
PVOID Alloc(PVOID Context) {
  return ExAllocatePool2(POOL_FLAG_NON_PAGED, reinterpret_cast<uintptr_t>(Context), 'rFxP');
}
VOID FreeFrame(PVOID, PVOID Buffer) { ExFreePoolWithTag(Buffer, 'rFxP'); }
VOID Delete(PVOID) { ++g_seen.deleted; }

const KSALLOCATOR_DISPATCH kAllocator = {Init, Delete, Alloc, FreeFrame};
const KSPIN_DISPATCH kDispatch = {nullptr, nullptr, nullptr, nullptr, nullptr,
                                  nullptr, nullptr, nullptr, nullptr, &kAllocator};

class ProxyAllocatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_seen = Seen();
    descriptor_ = KSPIN_DESCRIPTOR_EX{};
    descriptor_.Dispatch = &kDispatch;
    ASSERT_EQ(KsSimCreatePin(&descriptor_, 0, &pin_), STATUS_SUCCESS);
    ASSERT_EQ(KsSimCreateProxyAllocator(&allocator_), S_OK);
    PALLOCATOR_PROPERTIES_EX p = allocator_->KsGetProperties();
    p->cBuffers = 3;
    p->cbBuffer = 2048;
    p->cbAlign = 16;
    p->LogicalMemoryType = KS_MemoryTypeKernelNonPaged;
  }
  void TearDown() override {
    if (allocator_ != nullptr) allocator_->Release();
    KsSimClosePin(pin_);
  }
  KSPIN_DESCRIPTOR_EX descriptor_;
  PKSPIN pin_ = nullptr;
  IKsAllocatorEx* allocator_ = nullptr;
};

TEST_F(ProxyAllocatorTest, QueryInterfaceAnswersItsThreeInterfaces) {
  void* object = nullptr;
  ASSERT_EQ(allocator_->QueryInterface(IID_IKsAllocator, &object), S_OK);
  EXPECT_EQ(static_cast<IKsAllocator*>(object), static_cast<IKsAllocator*>(allocator_));
  EXPECT_EQ(static_cast<IKsAllocator*>(object)->Release(), 1u);
  ASSERT_EQ(allocator_->QueryInterface(IID_IKsAllocatorEx, &object), S_OK);
  EXPECT_EQ(static_cast<IKsAllocatorEx*>(object), allocator_);
  EXPECT_EQ(allocator_->Release(), 1u);
  ASSERT_EQ(allocator_->QueryInterface(IID_IUnknown, &object), S_OK);
  EXPECT_EQ(static_cast<IUnknown*>(object)->Release(), 1u);
  object = &object;
  EXPECT_EQ(allocator_->QueryInterface(IID_IKsPin, &object), E_NOINTERFACE);
  EXPECT_EQ(object, nullptr);
  EXPECT_EQ(allocator_->QueryInterface(IID_IKsAllocator, nullptr), E_POINTER);
}

TEST_F(ProxyAllocatorTest, AddRefAndReleaseCount) {
  EXPECT_EQ(allocator_->AddRef(), 2u);
  EXPECT_EQ(allocator_->AddRef(), 3u);
  EXPECT_EQ(allocator_->Release(), 2u);
  EXPECT_EQ(allocator_->Release(), 1u);
  EXPECT_EQ(allocator_->Release(), 0u);  // the object is gone (its pool block freed)
  allocator_ = nullptr;
  for (const poolsim::LeakedObject& o : poolsim::Ambient().LeakedObjects()) {
    EXPECT_NE(o.kind, "KS proxy allocator");
  }
  for (const poolsim::BlockInfo& b : poolsim::Ambient().LiveBlocks()) {
    EXPECT_NE(b.tag, poolsim::PoolTag('xPsK'));  // no 'KsPx' block left
  }
}

TEST_F(ProxyAllocatorTest, ModeStartsUserAndIsSet) {
  EXPECT_EQ(allocator_->KsGetAllocatorMode(), KsAllocatorMode_User);
  allocator_->KsSetAllocatorMode(KsAllocatorMode_Kernel);
  EXPECT_EQ(allocator_->KsGetAllocatorMode(), KsAllocatorMode_Kernel);
  allocator_->KsSetAllocatorMode(static_cast<KSALLOCATORMODE>(7));  // ignored
  EXPECT_EQ(allocator_->KsGetAllocatorMode(), KsAllocatorMode_Kernel);
  allocator_->KsSetAllocatorMode(KsAllocatorMode_User);
  EXPECT_EQ(allocator_->KsGetAllocatorMode(), KsAllocatorMode_User);
}

TEST_F(ProxyAllocatorTest, GetPropertiesIsTheObjectsOwnAndSetPropertiesCopies) {
  PALLOCATOR_PROPERTIES_EX own = allocator_->KsGetProperties();
  EXPECT_EQ(allocator_->KsGetProperties(), own);
  EXPECT_EQ(own->cBuffers, 3);
  ALLOCATOR_PROPERTIES_EX mine = {};
  mine.cBuffers = 9;
  mine.cbBuffer = 100;
  mine.Strategy = AllocatorStrategy_MinimizeNumberOfFrames;
  allocator_->KsSetProperties(&mine);
  mine.cBuffers = 1;  // a copy was taken
  EXPECT_EQ(own->cBuffers, 9);
  EXPECT_EQ(own->cbBuffer, 100);
  EXPECT_EQ(own->Strategy, static_cast<ULONG>(AllocatorStrategy_MinimizeNumberOfFrames));
  allocator_->KsSetProperties(nullptr);  // ignored
  EXPECT_EQ(own->cBuffers, 9);
}

TEST_F(ProxyAllocatorTest, CreateAllocatorAndGetHandleCreatesThePinsAllocator) {
  EXPECT_EQ(allocator_->KsGetAllocatorHandle(), nullptr);
  HANDLE h = allocator_->KsCreateAllocatorAndGetHandle(KsSimGetProxyPin(pin_));
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(allocator_->KsGetAllocatorHandle(), h);
  EXPECT_EQ(g_seen.initialized, 1);
  EXPECT_EQ(g_seen.framing.Frames, 3u);         // cBuffers
  EXPECT_EQ(g_seen.framing.FrameSize, 2048u);   // cbBuffer
  EXPECT_EQ(g_seen.framing.FileAlignment, 15u); // cbAlign - 1
  EXPECT_EQ(g_seen.framing.PoolType, NonPagedPool);
  EXPECT_EQ(g_seen.framing.OptionsFlags, static_cast<ULONG>(KSALLOCATOR_OPTIONF_SYSTEM_MEMORY));
  // A second call closes the first allocator, then creates another.
  HANDLE again = allocator_->KsCreateAllocatorAndGetHandle(KsSimGetProxyPin(pin_));
  ASSERT_NE(again, nullptr);
  EXPECT_NE(again, h);
  EXPECT_EQ(g_seen.deleted, 1);
  EXPECT_EQ(g_seen.initialized, 2);
  allocator_->Release();  // the last reference closes the handle it created
  allocator_ = nullptr;
  EXPECT_EQ(g_seen.deleted, 2);
}

TEST_F(ProxyAllocatorTest, CreateAllocatorAndGetHandleReturnsNullOnFailure) {
  EXPECT_EQ(allocator_->KsCreateAllocatorAndGetHandle(nullptr), nullptr);
  g_seen.init_status = STATUS_INSUFFICIENT_RESOURCES;
  EXPECT_EQ(allocator_->KsCreateAllocatorAndGetHandle(KsSimGetProxyPin(pin_)), nullptr);
  EXPECT_EQ(allocator_->KsGetAllocatorHandle(), nullptr);
  g_seen.init_status = STATUS_SUCCESS;
  allocator_->KsGetProperties()->cbBuffer = 0;  // KsCreateAllocator refuses FrameSize 0
  EXPECT_EQ(allocator_->KsCreateAllocatorAndGetHandle(KsSimGetProxyPin(pin_)), nullptr);
  EXPECT_EQ(g_seen.initialized, 1);
}

TEST_F(ProxyAllocatorTest, CreateAllocatorAndGetHandleAbovePassiveLevelIsTheIrqlBugCheck) {
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  HANDLE h = reinterpret_cast<HANDLE>(uintptr_t{1});
  EXPECT_BUGCHECK(h = allocator_->KsCreateAllocatorAndGetHandle(KsSimGetProxyPin(pin_)), 0xA);
  KeLowerIrql(old);
  EXPECT_EQ(h, nullptr);
  EXPECT_EQ(g_seen.initialized, 0);  // InitializeAllocator never ran at DISPATCH_LEVEL
}

TEST_F(ProxyAllocatorTest, AllocatorStatusFollowsTheFramesOfThePipe) {
  KSSTREAMALLOCATOR_STATUS status;
  EXPECT_EQ(allocator_->KsGetAllocatorStatus(nullptr), E_POINTER);
  EXPECT_EQ(allocator_->KsGetAllocatorStatus(&status), E_HANDLE);  // no handle yet
  HANDLE h = allocator_->KsCreateAllocatorAndGetHandle(KsSimGetProxyPin(pin_));
  ASSERT_NE(h, nullptr);
  auto* file = static_cast<PFILE_OBJECT>(h);
  KSSTREAMALLOCATOR_FUNCTIONTABLE table;
  ASSERT_EQ(KsSimGetAllocatorFunctionTable(file, &table), STATUS_SUCCESS);
  PVOID a = nullptr;
  PVOID b = nullptr;
  ASSERT_EQ(table.AllocateFrame(file, &a), STATUS_SUCCESS);
  ASSERT_EQ(table.AllocateFrame(file, &b), STATUS_SUCCESS);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) & 15u, 0u);
  ASSERT_EQ(allocator_->KsGetAllocatorStatus(&status), S_OK);
  EXPECT_EQ(status.AllocatedFrames, 2u);
  EXPECT_EQ(status.Framing.FrameSize, 2048u);
  EXPECT_EQ(status.Framing.Frames, 3u);
  table.FreeFrame(file, a);
  table.FreeFrame(file, b);
  ASSERT_EQ(allocator_->KsGetAllocatorStatus(&status), S_OK);
  EXPECT_EQ(status.AllocatedFrames, 0u);
}

TEST_F(ProxyAllocatorTest, SetAllocatorHandleIsNotClosedByTheObject) {
  KSSTREAMALLOCATOR_STATUS status;
  allocator_->KsSetAllocatorHandle(reinterpret_cast<HANDLE>(uintptr_t{0x1234}));
  EXPECT_EQ(allocator_->KsGetAllocatorHandle(), reinterpret_cast<HANDLE>(uintptr_t{0x1234}));
  EXPECT_EQ(allocator_->KsGetAllocatorStatus(&status), E_HANDLE);  // not an allocator
  // A handle another object created, handed over.
  IKsAllocatorEx* creator = nullptr;
  ASSERT_EQ(KsSimCreateProxyAllocator(&creator), S_OK);
  creator->KsSetProperties(allocator_->KsGetProperties());
  HANDLE h = creator->KsCreateAllocatorAndGetHandle(KsSimGetProxyPin(pin_));
  ASSERT_NE(h, nullptr);
  allocator_->KsSetAllocatorHandle(h);
  EXPECT_EQ(allocator_->KsGetAllocatorStatus(&status), S_OK);
  allocator_->Release();
  allocator_ = nullptr;
  EXPECT_EQ(g_seen.deleted, 0);  // still open: it is the creator's
  creator->Release();
  EXPECT_EQ(g_seen.deleted, 1);
}

TEST_F(ProxyAllocatorTest, PinWithoutItsOwnAllocatorGetsTheDefaultOne) {
  KSPIN_DESCRIPTOR_EX plain = {};
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&plain, 1, &pin), STATUS_SUCCESS);
  allocator_->KsGetProperties()->LogicalMemoryType = KS_MemoryTypeKernelPaged;
  HANDLE h = allocator_->KsCreateAllocatorAndGetHandle(KsSimGetProxyPin(pin));
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(g_seen.initialized, 0);
  KSSIM_ALLOCATOR_REQUEST r;
  ASSERT_EQ(KsSimAllocatorAlloc(static_cast<PFILE_OBJECT>(h), &r), STATUS_SUCCESS);
  poolsim::BlockInfo block;
  ASSERT_TRUE(poolsim::Ambient().Lookup(r.Frame, &block));
  EXPECT_EQ(block.kind, poolsim::PoolKind::kPaged);  // KS_MemoryTypeKernelPaged
  EXPECT_EQ(block.tag, poolsim::PoolTag('lAsK'));
  ASSERT_EQ(KsSimAllocatorFree(static_cast<PFILE_OBJECT>(h), r.Frame), STATUS_SUCCESS);
  allocator_->Release();
  allocator_ = nullptr;
  KsSimClosePin(pin);
}

TEST(ProxyPinTest, AnswersIKsObjectWithThePin) {
  KSPIN_DESCRIPTOR_EX plain = {};
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&plain, 0, &pin), STATUS_SUCCESS);
  IKsPin* proxy = KsSimGetProxyPin(pin);
  ASSERT_NE(proxy, nullptr);
  void* object = nullptr;
  ASSERT_EQ(proxy->QueryInterface(IID_IKsObject, &object), S_OK);
  EXPECT_EQ(static_cast<IKsObject*>(object)->KsGetObjectHandle(), pin);
  static_cast<IKsObject*>(object)->Release();
  EXPECT_EQ(proxy->QueryInterface(IID_IKsAllocator, &object), E_NOINTERFACE);
  EXPECT_EQ(KsSimGetProxyPin(nullptr), nullptr);
  KsSimClosePin(pin);
}

__attribute__((noinline)) void KeepAnExtraReference(IKsAllocatorEx* allocator) {
  allocator->AddRef();
}

TEST(ProxyLeakTest, AReferenceNeverReleasedIsReportedWithItsStack) {
  IKsAllocatorEx* allocator = nullptr;
  ASSERT_EQ(KsSimCreateProxyAllocator(&allocator), S_OK);
  KeepAnExtraReference(allocator);
  const std::string text = poolsim::RenderText(poolsim::BuildLeakReport(poolsim::Ambient()));
  EXPECT_NE(text.find("Leaked KS proxy allocator: IKsAllocatorEx"), std::string::npos) << text;
  EXPECT_NE(text.find("tag 'KsPx'"), std::string::npos) << text;
  EXPECT_NE(text.find("reference count 2"), std::string::npos) << text;
  EXPECT_NE(text.find("Reference 2 of 2, taken by AddRef"), std::string::npos) << text;
  EXPECT_NE(text.find("KeepAnExtraReference"), std::string::npos) << text;
  EXPECT_EQ(allocator->Release(), 1u);
  EXPECT_EQ(allocator->Release(), 0u);
}

TEST(ProxyLeakTest, CreationFailsCleanlyWhenThePoolDoes) {
  EXPECT_EQ(KsSimCreateProxyAllocator(nullptr), E_POINTER);
  EXPECT_ERROR_PATHS_CLEAN({
    IKsAllocatorEx* allocator = nullptr;
    if (SUCCEEDED(KsSimCreateProxyAllocator(&allocator))) allocator->Release();
  });
  poolsim::Options options = poolsim::Ambient().options();
  options.faults.fail_nth = 1;
  poolsim::Ambient().Reconfigure(options);
  IKsAllocatorEx* allocator = reinterpret_cast<IKsAllocatorEx*>(uintptr_t{0x10});  // overwritten
  EXPECT_EQ(KsSimCreateProxyAllocator(&allocator), E_OUTOFMEMORY);
  EXPECT_EQ(allocator, nullptr);
}

}  // namespace
