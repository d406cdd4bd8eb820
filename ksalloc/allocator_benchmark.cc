// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/allocator_benchmark.cc
// -----------------------------------------------------------------------------
//
// What a frame costs through ksalloc, side by side in one run, against the
// raw pool pair:
//
//   pool_pair/stacks:S          ExAllocatePool2(NonPaged, 512) + ExFreePoolWithTag
//   custom_allocator/stacks:S   AllocateFrame + FreeFrame through the
//                               KSSTREAMALLOCATOR_FUNCTIONTABLE of an
//                               allocator object on a pin whose own
//                               KSALLOCATOR_DISPATCH allocates 512-byte frames
//                               with that same pool pair
//   default_allocator/stacks:S  the same through KsCreateDefaultAllocator's
//                               lookaside list of 512-byte frames
//   S: 1 the default (each block's and frame's stack captured), 0 without
//
//   ./bazelw run --config=opt //ksalloc:allocator_benchmark --
//       --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//   (one command line)
//
// The process has a second thread from its start (parked on a condition
// variable), as a test binary with a worker has: the pool's and ksalloc's
// locks are then taken as in a multi-threaded process. Times are wall-clock.
// Each run checks afterwards that nothing failed, nothing bug-checked and no
// block or frame is live, so a silent failure cannot flatter a row.

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "benchmark/benchmark.h"
#include "ksalloc/wdk/ks.h"
#include "ksalloc/wdk/kssim.h"
#include "ksalloc/wdk/kssim_proxy.h"
#include "ksalloc/wdk/ksproxy.h"
#include "poolsim/environment.h"
#include "poolsim/wdk/wdm.h"

namespace {

constexpr ULONG kFrameSize = 512;
constexpr ULONG kTag = 'hcnB';

[[noreturn]] void Die(const char* why) {
  std::fprintf(stderr, "allocator_benchmark: %s\n", why);
  std::abort();
}

// ---- the second thread -----------------------------------------------------------

struct Parked {
  std::mutex mu;
  std::condition_variable cv;
  bool started = false;
  Parked() {
    std::thread([this] {
      std::unique_lock<std::mutex> lock(mu);
      started = true;
      cv.notify_all();
      cv.wait(lock, [] { return false; });  // parked until the process exits
    }).detach();
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [this] { return started; });
  }
};
Parked* const g_second_thread = new Parked;

// ---- the environment ---------------------------------------------------------------

class Run {
 public:
  explicit Run(bool capture_stacks) {
    poolsim::Options options;  // the documented defaults, not POOLSIM_* variables
    options.checks = poolsim::CheckMode::kRetail;
    options.capture_stacks = capture_stacks;
    env_ = new poolsim::Environment(options);
    env_->SetBugCheckHandler([](const poolsim::BugCheck&) { Die("a bug check was raised"); });
    scope_ = new poolsim::ScopedEnvironment(env_);
  }
  ~Run() {
    const poolsim::PoolCounters c = env_->Counters();
    if (c.allocations_failed != 0) Die("an allocation failed");
    if (c.current_nonpaged_allocations != 0 || c.current_paged_allocations != 0) {
      Die("blocks are still live after the run");
    }
    if (!env_->LeakedObjects().empty()) Die("an allocator, pin or frame is still live");
    delete scope_;
    delete env_;
  }

 private:
  poolsim::Environment* env_;
  poolsim::ScopedEnvironment* scope_;
};

// ---- the pin's own allocator -------------------------------------------------------

NTSTATUS Init(PKSPIN, PKSALLOCATOR_FRAMING, PVOID* Context) {
  *Context = reinterpret_cast<PVOID>(1);
  return STATUS_SUCCESS;
}
PVOID Alloc(PVOID) { return ExAllocatePool2(POOL_FLAG_NON_PAGED, kFrameSize, kTag); }
VOID FreeFrame(PVOID, PVOID Buffer) { ExFreePoolWithTag(Buffer, kTag); }
VOID Delete(PVOID) {}
const KSALLOCATOR_DISPATCH kAllocator = {Init, Delete, Alloc, FreeFrame};
const KSPIN_DISPATCH kDispatch = {nullptr, nullptr, nullptr, nullptr, nullptr,
                                  nullptr, nullptr, nullptr, nullptr, &kAllocator};

void BM_PoolPair(benchmark::State& state) {
  Run run(state.range(0) != 0);
  for (auto _ : state) {
    void* p = ExAllocatePool2(POOL_FLAG_NON_PAGED, kFrameSize, kTag);
    benchmark::DoNotOptimize(p);
    ExFreePoolWithTag(p, kTag);
  }
}

void BM_CustomAllocator(benchmark::State& state) {
  Run run(state.range(0) != 0);
  KSPIN_DESCRIPTOR_EX descriptor = {};
  descriptor.Dispatch = &kDispatch;
  PKSPIN pin = nullptr;
  if (!NT_SUCCESS(KsSimCreatePin(&descriptor, 0, &pin))) Die("KsSimCreatePin");
  IKsAllocatorEx* proxy = nullptr;
  if (FAILED(KsSimCreateProxyAllocator(&proxy))) Die("KsSimCreateProxyAllocator");
  proxy->KsGetProperties()->cBuffers = 4;
  proxy->KsGetProperties()->cbBuffer = kFrameSize;
  proxy->KsGetProperties()->cbAlign = 16;
  auto* file = static_cast<PFILE_OBJECT>(proxy->KsCreateAllocatorAndGetHandle(KsSimGetProxyPin(pin)));
  if (file == nullptr) Die("KsCreateAllocatorAndGetHandle");
  KSSTREAMALLOCATOR_FUNCTIONTABLE table;
  if (!NT_SUCCESS(KsSimGetAllocatorFunctionTable(file, &table))) Die("function table");
  for (auto _ : state) {
    PVOID frame = nullptr;
    if (table.AllocateFrame(file, &frame) != STATUS_SUCCESS) Die("AllocateFrame");
    benchmark::DoNotOptimize(frame);
    table.FreeFrame(file, frame);
  }
  proxy->Release();  // closes the allocator: DeleteAllocator
  KsSimClosePin(pin);
}

void BM_DefaultAllocator(benchmark::State& state) {
  Run run(state.range(0) != 0);
  KSALLOCATOR_FRAMING framing = {};
  framing.OptionsFlags = KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY;
  framing.PoolType = NonPagedPool;
  framing.Frames = 4;
  framing.FrameSize = kFrameSize;
  framing.FileAlignment = FILE_OCTA_ALIGNMENT;
  PIRP irp = nullptr;
  if (!NT_SUCCESS(KsSimBuildAllocatorCreateIrp(&framing, &irp))) Die("create IRP");
  if (!NT_SUCCESS(KsCreateDefaultAllocator(irp))) Die("KsCreateDefaultAllocator");
  PFILE_OBJECT file = KsSimIrpFileObject(irp);
  KSSTREAMALLOCATOR_FUNCTIONTABLE table;
  if (!NT_SUCCESS(KsSimGetAllocatorFunctionTable(file, &table))) Die("function table");
  for (auto _ : state) {
    PVOID frame = nullptr;
    if (table.AllocateFrame(file, &frame) != STATUS_SUCCESS) Die("AllocateFrame");
    benchmark::DoNotOptimize(frame);
    table.FreeFrame(file, frame);
  }
  KsSimCloseAllocator(file);
  KsSimFreeIrp(irp);
}

BENCHMARK(BM_PoolPair)->ArgName("stacks")->Arg(1)->Arg(0)->UseRealTime();
BENCHMARK(BM_CustomAllocator)->ArgName("stacks")->Arg(1)->Arg(0)->UseRealTime();
BENCHMARK(BM_DefaultAllocator)->ArgName("stacks")->Arg(1)->Arg(0)->UseRealTime();

}  // namespace
