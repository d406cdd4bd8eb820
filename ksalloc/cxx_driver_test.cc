// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/cxx_driver_test.cc
// -----------------------------------------------------------------------------
//
// A C++ driver that replaces every form of global operator new / delete with
// pool calls (testdata/driver_new_delete.cc), linked into a GoogleTest
// binary with //:leak_check_main: the driver's and the test's objects are
// pool blocks with the driver's tag (leak-reported, fault-injectable), the
// framework's own allocations are host memory (never reported, never failed,
// freed without a bug check), from one thread or two.

#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "ksalloc/new_routing.h"
#include "ksalloc/testdata/driver_pool_forms.h"
#include "ksalloc/wdk/ks.h"
#include "ksalloc/wdk/kssim.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"

namespace {

const poolsim::PoolTag kDriverTag('wNvD');

struct Widget {
  int values[12];
};

struct alignas(64) Line {
  char bytes[64];
};

bool IsDriverBlock(const void* p) {
  poolsim::BlockInfo block;
  return poolsim::Ambient().Lookup(p, &block) && block.tag == kDriverTag;
}

// Driver-side code: what an AVStream driver's pin does with new / delete.
__attribute__((noinline)) Widget* CreateWidget() { return new Widget(); }
__attribute__((noinline)) void DestroyWidget(Widget* w) { delete w; }

TEST(CxxDriver, EveryFormOfNewAndDeleteUsesThePool) {
  Widget* w = new Widget();
  EXPECT_TRUE(IsDriverBlock(w));
  delete w;
  int* array = new int[40];
  EXPECT_TRUE(IsDriverBlock(array));
  delete[] array;
  Widget* quiet = new (std::nothrow) Widget;
  EXPECT_TRUE(IsDriverBlock(quiet));
  delete quiet;
  int* quiet_array = new (std::nothrow) int[3];
  EXPECT_TRUE(IsDriverBlock(quiet_array));
  delete[] quiet_array;
  Line* line = new Line;  // aligned new: over-allocated, the pointer aligned
  EXPECT_EQ(reinterpret_cast<uintptr_t>(line) % 64, 0u);
  EXPECT_FALSE(ksalloc::IsHostBlock(line));
  delete line;  // sized, aligned delete
  Line* lines = new Line[3];
  EXPECT_EQ(reinterpret_cast<uintptr_t>(lines) % 64, 0u);
  delete[] lines;
  Line* quiet_line = new (std::nothrow) Line;
  EXPECT_EQ(reinterpret_cast<uintptr_t>(quiet_line) % 64, 0u);
  operator delete(quiet_line, std::align_val_t{64}, std::nothrow);
  void* raw = operator new(24);
  EXPECT_TRUE(IsDriverBlock(raw));
  operator delete(raw);  // (delete of a complete type above uses the sized form under g++)
  void* raw_nothrow = operator new(8, std::nothrow);
  operator delete(raw_nothrow, std::nothrow);
}

TEST(CxxDriver, TheFrameworksOwnAllocationsAreHostMemory) {
  const ksalloc::NewRoutingCounters before = ksalloc::GetNewRoutingCounters();
  std::vector<int> numbers(100, 7);  // the standard library's allocation
  EXPECT_TRUE(ksalloc::IsHostBlock(numbers.data()));
  std::string text(200, 'x');
  EXPECT_TRUE(ksalloc::IsHostBlock(text.data()));
  // The simulated kernel allocates for itself (block tables, stacks) while
  // the driver's own block goes to the pool.
  void* block = ExAllocatePool2(POOL_FLAG_PAGED, 300, 'kBvD');
  ASSERT_NE(block, nullptr);
  ExFreePoolWithTag(block, 'kBvD');
  // A failing assertion's message and GoogleTest's records.
  EXPECT_NONFATAL_FAILURE(ADD_FAILURE() << std::string(500, 'm'), "mmmm");
  const ksalloc::NewRoutingCounters after = ksalloc::GetNewRoutingCounters();
  EXPECT_GT(after.to_host, before.to_host);
  EXPECT_EQ(after.to_pool, before.to_pool);
  EXPECT_TRUE(poolsim::Ambient().LiveBlocks().empty());
}

TEST(CxxDriver, DeletingADriverObjectFromTestCodeFreesItsPoolBlock) {
  {
    std::unique_ptr<Widget> owned(CreateWidget());  // std::default_delete calls delete
    EXPECT_TRUE(IsDriverBlock(owned.get()));
  }
  auto shared = std::make_shared<Widget>();  // the standard library's: host
  EXPECT_FALSE(IsDriverBlock(shared.get()));
  EXPECT_TRUE(poolsim::Ambient().LiveBlocks().empty());
}

void LeakAWidget() {
  poolsim::testing::ScopedLeakCheck scope;
  Widget* leaked = CreateWidget();
  (void)leaked;
}

TEST(CxxDriver, ALeakedObjectIsReportedWithTheDriversTagAndStack) {
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    LeakAWidget();
  }
  ASSERT_EQ(failures.size(), 1);
  const std::string message = failures.GetTestPartResult(0).message();
  EXPECT_NE(message.find("tag 'DvNw'"), std::string::npos) << message;
  EXPECT_NE(message.find("operator new"), std::string::npos) << message;
  EXPECT_NE(message.find("CreateWidget"), std::string::npos) << message;
  for (const poolsim::BlockInfo& b : poolsim::Ambient().LiveBlocks()) {
    if (b.tag == kDriverTag) DestroyWidget(reinterpret_cast<Widget*>(b.address));
  }
}

TEST(CxxDriver, TheFaultInjectorFailsTheDriversNewOnly) {
  poolsim::Options options = poolsim::Ambient().options();
  options.faults.fail_nth = 1;
  poolsim::Ambient().Reconfigure(options);
  std::vector<std::string> framework(10, std::string(64, 'f'));  // never failed
  Widget* w = new (std::nothrow) Widget;  // the first injectable call: fails
  EXPECT_EQ(w, nullptr);
  Widget* next = CreateWidget();
  EXPECT_NE(next, nullptr);
  DestroyWidget(next);
}

// Driver code with an error path: two objects, the first released when the
// second cannot be had.
bool MakePair(Widget** a, Widget** b) {
  *a = new (std::nothrow) Widget;
  if (*a == nullptr) return false;
  *b = new (std::nothrow) Widget;
  if (*b == nullptr) {
    delete *a;
    return false;
  }
  return true;
}

TEST(CxxDriver, TheSweepCoversTheDriversNew) {
  EXPECT_ERROR_PATHS_CLEAN({
    Widget* a = nullptr;
    Widget* b = nullptr;
    std::string note = "framework memory in the sweep body";
    if (MakePair(&a, &b)) {
      delete a;
      delete b;
    }
  });
}

TEST(CxxDriver, TwoThreadsAllocateAtOnce) {
  auto work = [] {
    for (int i = 0; i < 200; ++i) {
      Widget* w = CreateWidget();
      std::vector<int> v(8, i);
      DestroyWidget(w);
    }
  };
  std::thread other(work);
  work();
  other.join();
  EXPECT_TRUE(poolsim::Ambient().LiveBlocks().empty());
}

// A pin whose callbacks use new / delete: allocations inside the simulated
// kernel's calls of the driver are the driver's.
struct PinState {
  std::size_t frame_size;
};
NTSTATUS Init(PKSPIN, PKSALLOCATOR_FRAMING Framing, PVOID* Context) {
  auto* state = new (std::nothrow) PinState{Framing->FrameSize};
  if (state == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
  *Context = state;
  return STATUS_SUCCESS;
}
PVOID Alloc(PVOID Context) {
  return new (std::nothrow) char[static_cast<PinState*>(Context)->frame_size];
}
VOID FreeFrame(PVOID, PVOID Buffer) { delete[] static_cast<char*>(Buffer); }
VOID Delete(PVOID Context) { delete static_cast<PinState*>(Context); }
const KSALLOCATOR_DISPATCH kAllocator = {Init, Delete, Alloc, FreeFrame};
const KSPIN_DISPATCH kDispatch = {nullptr, nullptr, nullptr, nullptr, nullptr,
                                  nullptr, nullptr, nullptr, nullptr, &kAllocator};

TEST(CxxDriver, APinAllocatorWrittenWithNewRunsOnThePipe) {
  KSPIN_DESCRIPTOR_EX descriptor = {};
  descriptor.Dispatch = &kDispatch;
  PKSPIN pin = nullptr;
  ASSERT_EQ(KsSimCreatePin(&descriptor, 0, &pin), STATUS_SUCCESS);
  ASSERT_EQ(KsSimConnectPin(pin, KSSIM_PEER_KERNEL), STATUS_SUCCESS);
  ASSERT_EQ(KsSimSetPinState(pin, KSSTATE_RUN), STATUS_SUCCESS);
  PVOID frame = KsSimTakeFrame(pin);
  ASSERT_NE(frame, nullptr);
  EXPECT_TRUE(IsDriverBlock(frame));
  KsSimReturnFrame(pin, frame);
  KsSimClosePin(pin);
  EXPECT_TRUE(poolsim::Ambient().LiveBlocks().empty());
}

// Every routing function: the driver's call goes to the pool as the
// unchanged call would; the same call nested in the framework's work gets
// host memory; each free finds its way back.
TEST(CxxDriver, EveryRoutedPoolCallGoesToThePoolForTheDriver) {
  struct Form {
    PVOID (*allocate)(SIZE_T);
    VOID (*free)(PVOID);
    uint32_t pool_type;
    bool zeroed;
  };
  const Form forms[] = {
      {FormPool3, FormFree2, NonPagedPoolNxCacheAligned, true},
      {FormWithTag, FormFreeWithTag, NonPagedPoolNx, false},
      {FormZero, FormFree, NonPagedPoolNx, true},
      {FormUninitialized, FormFreeWithTag, NonPagedPoolNx, false},
      {FormUntagged, FormFree, NonPagedPoolNx, false},
  };
  for (const Form& form : forms) {
    PVOID p = form.allocate(96);
    ASSERT_NE(p, nullptr);
    poolsim::BlockInfo block;
    ASSERT_TRUE(poolsim::Ambient().Lookup(p, &block));
    EXPECT_EQ(block.pool_type, form.pool_type);
    if (form.allocate != FormUntagged) {
      EXPECT_EQ(block.tag, poolsim::PoolTag(kFormTag));
    }
    if (form.zeroed) {
      EXPECT_EQ(static_cast<unsigned char*>(p)[95], 0u);
    }
    form.free(p);
    PVOID host;
    {
      ksalloc::NestedRouting framework;  // as inside the simulated kernel's own work
      host = form.allocate(96);
    }
    ASSERT_NE(host, nullptr);
    EXPECT_TRUE(ksalloc::IsHostBlock(host));
    EXPECT_FALSE(poolsim::Ambient().Lookup(host, &block));
    if (form.zeroed) {
      EXPECT_EQ(static_cast<unsigned char*>(host)[95], 0u);
    }
    form.free(host);
    EXPECT_FALSE(ksalloc::IsHostBlock(host));
  }
  PVOID aligned;
  {
    ksalloc::NestedRouting framework;
    aligned = FormPool3(10);  // POOL_FLAG_CACHE_ALIGNED
  }
  EXPECT_EQ(reinterpret_cast<uintptr_t>(aligned) % 64, 0u);
  FormFree2(aligned);
  EXPECT_TRUE(poolsim::Ambient().LiveBlocks().empty());
}

TEST(CxxDriver, AFreeOfAnythingElseIsStillTheBugCheck) {
  int local = 0;
  EXPECT_BUGCHECK(FormFreeWithTag(&local), 0xC2);  // BAD_POOL_CALLER, as without routing
}

}  // namespace
