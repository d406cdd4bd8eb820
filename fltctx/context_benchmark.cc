// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Cost of the hot context paths, against a floor of what any reference-counted
// lookup must do (a hash lookup plus an atomic increment and decrement).
//
//   ./bazelw run --config=opt //fltctx:context_benchmark

#include <atomic>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "benchmark/benchmark.h"
#include "poolsim/benchmark_support.h"
#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"
#include "fltctx/wdk/simulation.h"
#include "poolsim/environment.h"

namespace {

constexpr int kMaxThreads = 8;
constexpr ULONG kTag = 0x31787443;

// One simulated system per reference-tracking setting, shared by all threads;
// thread i works on stream i.
struct World {
  explicit World(bool stacks) {
    poolsim::Options po;
    po.capture_stacks = stacks;
    env = std::make_unique<poolsim::Environment>(po);
    fltctx::Options o;
    o.track_references = stacks;
    fm = std::make_unique<fltctx::FilterManager>(*env, o);
    static const FLT_CONTEXT_REGISTRATION kRegs[] = {
        {FLT_STREAM_CONTEXT, 0, nullptr, 64, kTag, nullptr, nullptr, nullptr},
        {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};
    FLT_REGISTRATION r = {};
    r.Size = sizeof(r);
    r.Version = FLT_REGISTRATION_VERSION;
    r.ContextRegistration = kRegs;
    fltctx::ScopedFilterManager install(fm.get());
    FltRegisterFilter(nullptr, &r, &filter);
    FltStartFiltering(filter);
    volume = fltctx::wdk::CreateVolume(*fm);
    instance = fltctx::wdk::AttachInstance(filter, volume);
    for (int i = 0; i < kMaxThreads; ++i) {
      PFILE_OBJECT fo = fltctx::wdk::OpenFile(volume);
      PFLT_CONTEXT c = nullptr;
      FltAllocateContext(filter, FLT_STREAM_CONTEXT, 64, NonPagedPoolNx, &c);
      FltSetStreamContext(instance, fo, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c, nullptr);
      FltReleaseContext(c);
      fos.push_back(fo);
    }
  }

  std::unique_ptr<poolsim::Environment> env;
  std::unique_ptr<fltctx::FilterManager> fm;
  PFLT_FILTER filter = nullptr;
  PFLT_VOLUME volume = nullptr;
  PFLT_INSTANCE instance = nullptr;
  std::vector<PFILE_OBJECT> fos;
};

World& GetWorld(bool stacks) {
  static World* with = new World(true);
  static World* without = new World(false);
  return stacks ? *with : *without;
}

// FltGetStreamContext + FltReleaseContext on an attached context.
void BM_GetRelease(benchmark::State& state) {
  World& w = GetWorld(state.range(0) != 0);
  fltctx::ScopedFilterManager install(w.fm.get());
  PFILE_OBJECT fo = w.fos[state.thread_index()];
  for (auto _ : state) {
    PFLT_CONTEXT c;
    FltGetStreamContext(w.instance, fo, &c);
    benchmark::DoNotOptimize(c);
    FltReleaseContext(c);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetRelease)->ArgName("track")->Arg(0)->Arg(1)->Threads(1)->Threads(2)->UseRealTime();

// FltAllocateContext + FltSetStreamContext (replacing, so the old one is
// freed) + FltReleaseContext.
void BM_AllocateSetRelease(benchmark::State& state) {
  World& w = GetWorld(state.range(0) != 0);
  fltctx::ScopedFilterManager install(w.fm.get());
  PFILE_OBJECT fo = w.fos[state.thread_index()];
  for (auto _ : state) {
    PFLT_CONTEXT c;
    FltAllocateContext(w.filter, FLT_STREAM_CONTEXT, 64, NonPagedPoolNx, &c);
    FltSetStreamContext(w.instance, fo, FLT_SET_CONTEXT_REPLACE_IF_EXISTS, c, nullptr);
    FltReleaseContext(c);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AllocateSetRelease)->ArgName("track")->Arg(0)->Arg(1)->Threads(1)->Threads(2)->UseRealTime();

// The floor: a hash lookup on the same kind of key plus an atomic increment
// and decrement of the found entry.
struct FloorEntry {
  alignas(64) std::atomic<int64_t> refs{1};
};

void BM_Floor_HashLookupAtomicIncDec(benchmark::State& state) {
  static auto* map = [] {
    auto* m = new absl::flat_hash_map<const void*, FloorEntry*>();
    for (int i = 0; i < kMaxThreads; ++i) (*m)[GetWorld(false).fos[i]] = new FloorEntry;
    return m;
  }();
  const void* key = GetWorld(false).fos[state.thread_index()];
  for (auto _ : state) {
    benchmark::DoNotOptimize(key);
    FloorEntry* e = map->find(key)->second;
    e->refs.fetch_add(1, std::memory_order_relaxed);
    benchmark::DoNotOptimize(e);
    e->refs.fetch_sub(1, std::memory_order_acq_rel);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Floor_HashLookupAtomicIncDec)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

// Starts an idle second thread before any row runs, so every row measures a
// multi-threaded process, then runs the rows.
int main(int argc, char** argv) {
  poolsim_benchmark::IdleThread idle;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
