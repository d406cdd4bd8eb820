// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Cost of one simulated I/O cycle: IRP_MJ_CREATE + IRP_MJ_WRITE +
// IRP_MJ_CLEANUP + IRP_MJ_CLOSE of one file, through a filter that gets or
// creates a stream context and a stream-handle context in post-create. Each
// cycle's close is the stream's last, so both contexts are torn down, cleaned
// up and freed every cycle. Thread i works on its own file of one volume.
//
//   ./bazelw run --config=opt //fltctx/io:io_benchmark
//   # the 1M -> 10M cycle memory run:
//   FLTCTX_IO_BENCH_FLAT=1 ./bazelw run --config=opt //fltctx/io:io_benchmark -- --benchmark_filter=ResidentFlat

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "poolsim/benchmark_support.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/wdk/fltkernel.h"
#include "poolsim/environment.h"

namespace {

constexpr int kMaxThreads = 8;
constexpr ULONG kTag = 0x6f497443;

NTSTATUS GetOrCreate(PCFLT_RELATED_OBJECTS o, FLT_CONTEXT_TYPE type) {
  PFLT_CONTEXT c = nullptr;
  NTSTATUS st = type == FLT_STREAM_CONTEXT ? FltGetStreamContext(o->Instance, o->FileObject, &c)
                                           : FltGetStreamHandleContext(o->Instance, o->FileObject, &c);
  if (NT_SUCCESS(st)) {
    FltReleaseContext(c);
    return st;
  }
  st = FltAllocateContext(o->Filter, type, 64, NonPagedPoolNx, &c);
  if (!NT_SUCCESS(st)) return st;
  st = type == FLT_STREAM_CONTEXT
           ? FltSetStreamContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c, nullptr)
           : FltSetStreamHandleContext(o->Instance, o->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS, c,
                                       nullptr);
  FltReleaseContext(c);
  return st;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS o,
                                            PVOID, FLT_POST_OPERATION_FLAGS) {
  if (NT_SUCCESS(data->IoStatus.Status)) {
    GetOrCreate(o, FLT_STREAM_CONTEXT);
    GetOrCreate(o, FLT_STREAMHANDLE_CONTEXT);
  }
  return FLT_POSTOP_FINISHED_PROCESSING;
}

const FLT_OPERATION_REGISTRATION kOperations[] = {
    {IRP_MJ_CREATE, 0, nullptr, PostCreate, nullptr},
    {IRP_MJ_OPERATION_END, 0, nullptr, nullptr, nullptr}};
const FLT_CONTEXT_REGISTRATION kContexts[] = {
    {FLT_STREAM_CONTEXT, 0, nullptr, 64, kTag, nullptr, nullptr, nullptr},
    {FLT_STREAMHANDLE_CONTEXT, 0, nullptr, 64, kTag, nullptr, nullptr, nullptr},
    {FLT_CONTEXT_END, 0, nullptr, 0, 0, nullptr, nullptr, nullptr}};

// One simulated system per tracking setting, shared by all threads.
struct World {
  explicit World(bool track) {
    poolsim::Options po;
    po.capture_stacks = track;
    env = std::make_unique<poolsim::Environment>(po);
    fltctx::Options o;
    o.track_references = track;
    fm = std::make_unique<fltctx::FilterManager>(*env, o);
    fltctx::ScopedFilterManager install(fm.get());
    FLT_REGISTRATION r = {};
    r.Size = sizeof(r);
    r.Version = FLT_REGISTRATION_VERSION;
    r.ContextRegistration = kContexts;
    r.OperationRegistration = kOperations;
    FltRegisterFilter(nullptr, &r, &filter);
    FltStartFiltering(filter);
    volume = std::make_unique<fltctx::io::Volume>(*fm);
    volume->Attach(filter, "370030");
    for (int i = 0; i < kMaxThreads; ++i) names.push_back(L"\\bench" + std::to_wstring(i) + L".dat");
  }

  std::unique_ptr<poolsim::Environment> env;
  std::unique_ptr<fltctx::FilterManager> fm;
  PFLT_FILTER filter = nullptr;
  std::unique_ptr<fltctx::io::Volume> volume;
  std::vector<std::wstring> names;
};

World& GetWorld(bool track) {
  static World* with = new World(true);
  static World* without = new World(false);
  return track ? *with : *without;
}

// One cycle on `name`: create, write, cleanup, close.
inline void Cycle(World& w, const std::wstring& name) {
  fltctx::io::Handle h = w.volume->Create(name, FILE_OPEN_IF);
  h.Write("0123456789abcdef", 0);
  h.Close();  // IRP_MJ_CLEANUP, IRP_MJ_CLOSE: both contexts go
}

void BM_CreateWriteCleanupClose(benchmark::State& state) {
  World& w = GetWorld(state.range(0) != 0);
  fltctx::ScopedFilterManager install(w.fm.get());
  poolsim::ScopedEnvironment install_env(w.env.get());
  const std::wstring& name = w.names[state.thread_index()];
  const size_t rss_before = poolsim_benchmark::ResidentBytes();
  for (auto _ : state) Cycle(w, name);
  const size_t rss_after = poolsim_benchmark::ResidentBytes();
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    state.counters["rss_before_MiB"] = static_cast<double>(rss_before) / (1 << 20);
    state.counters["rss_after_MiB"] = static_cast<double>(rss_after) / (1 << 20);
  }
}
BENCHMARK(BM_CreateWriteCleanupClose)
    ->ArgName("track")
    ->Arg(0)
    ->Arg(1)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();

// Whether memory stays flat on a long run: resident memory after 100,000
// warm-up cycles and after a further `cycles` cycles (tracking on, one
// thread), and the growth per cycle between the two readings.
void BM_ResidentGrowth(benchmark::State& state) {
  World& w = GetWorld(true);
  fltctx::ScopedFilterManager install(w.fm.get());
  poolsim::ScopedEnvironment install_env(w.env.get());
  const std::wstring name = L"\\rss.dat";
  const int64_t cycles = state.range(0);
  double start = 0, end = 0;
  for (auto _ : state) {
    for (int i = 0; i < 100000; ++i) Cycle(w, name);
    start = static_cast<double>(poolsim_benchmark::ResidentBytes());
    for (int64_t i = 0; i < cycles; ++i) Cycle(w, name);
    end = static_cast<double>(poolsim_benchmark::ResidentBytes());
  }
  state.counters["rss_start_MiB"] = start / (1 << 20);
  state.counters["rss_end_MiB"] = end / (1 << 20);
  state.counters["growth_bytes_per_cycle"] = (end - start) / static_cast<double>(cycles);
}
BENCHMARK(BM_ResidentGrowth)
    ->ArgName("cycles")
    ->Arg(1000000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The long run (FLTCTX_IO_BENCH_FLAT=1 registers it): resident memory after
// 1,000,000 cycles and after 10,000,000 (tracking on, one thread), and the
// change between the two readings in percent. Printed as it goes too.
void BM_ResidentFlat(benchmark::State& state) {
  World& w = GetWorld(true);
  fltctx::ScopedFilterManager install(w.fm.get());
  poolsim::ScopedEnvironment install_env(w.env.get());
  const std::wstring name = L"\\flat.dat";
  double at_1m = 0, at_10m = 0;
  for (auto _ : state) {
    for (int i = 0; i < 1000000; ++i) Cycle(w, name);
    at_1m = static_cast<double>(poolsim_benchmark::ResidentBytes());
    std::printf("resident after 1,000,000 cycles: %.1f MiB\n", at_1m / (1 << 20));
    std::fflush(stdout);
    for (int i = 1000000; i < 10000000; ++i) Cycle(w, name);
    at_10m = static_cast<double>(poolsim_benchmark::ResidentBytes());
    std::printf("resident after 10,000,000 cycles: %.1f MiB\n", at_10m / (1 << 20));
  }
  state.counters["rss_1M_MiB"] = at_1m / (1 << 20);
  state.counters["rss_10M_MiB"] = at_10m / (1 << 20);
  state.counters["change_percent"] = 100.0 * (at_10m - at_1m) / at_1m;
}

}  // namespace

// Starts an idle second thread before any row runs, so every row measures a
// multi-threaded process, then runs the rows.
int main(int argc, char** argv) {
  poolsim_benchmark::IdleThread idle;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (const char* flat = std::getenv("FLTCTX_IO_BENCH_FLAT"); flat != nullptr && flat[0] == '1') {
    benchmark::RegisterBenchmark("BM_ResidentFlat", BM_ResidentFlat)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
