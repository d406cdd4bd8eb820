// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// What the race-path sweep costs: one sweep of the get-or-create sample
// (two opens of one file: 8 racy calls, so 9 runs), the same body run once
// on a fresh Environment (what one run costs without the sweep), and the
// announcement the WDK surface makes at each racy call when no sweep is
// observing (what every ordinary test pays).
//
//   ./bazelw run --config=opt //race:race_sweep_benchmark

#include <cstdint>

#include "benchmark/benchmark.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/race_point.h"
#include "poolsim/benchmark_support.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "race/race_sweep.h"
#include "race/testdata/race_sample.h"

namespace {

// The sample's test body: load, open a file twice, close, unload.
void OpenTwice() {
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  if (RaceSampleLoad() != STATUS_SUCCESS) return;
  {
    fltctx::io::Volume volume(fm);
    volume.Attach(RaceSampleFilter, "370000");
    fltctx::io::Handle a = volume.Create(L"\\a.txt", FILE_CREATE);
    fltctx::io::Handle b = volume.Create(L"\\a.txt", FILE_OPEN);
    b.Close();
    a.Close();
  }
  RaceSampleUnload();
}

// One whole sweep; the counter says how many runs it made.
void BM_SweepOfTheSample(benchmark::State& state) {
  RaceSampleMode = RaceSampleCorrect;
  race::RaceSweepOptions options;
  uint64_t runs = 0;
  for (auto _ : state) {
    const race::RaceSweepResult r = race::SweepRaces(OpenTwice, options);
    if (!r.clean()) state.SkipWithError("the sample is not clean under the sweep");
    runs = r.runs;
  }
  state.counters["runs_per_sweep"] = static_cast<double>(runs);
}
BENCHMARK(BM_SweepOfTheSample)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The body once, on a fresh Environment checked for leaks afterwards: an
// ordinary leak-checked run of the same test.
void BM_OrdinaryRunOfTheSample(benchmark::State& state) {
  RaceSampleMode = RaceSampleCorrect;
  for (auto _ : state) {
    poolsim::Environment env(poolsim::Options::FromEnv());
    {
      poolsim::ScopedEnvironment install(&env);
      OpenTwice();
    }
    if (!poolsim::BuildLeakReport(env).clean()) state.SkipWithError("the sample leaked");
  }
}
BENCHMARK(BM_OrdinaryRunOfTheSample)->Unit(benchmark::kMicrosecond)->UseRealTime();

// One announcement with no observer, as FltGet*Context, FltSet*Context,
// FltDelete*Context and FltReleaseContext make it.
void BM_AnnouncementWithoutObserver(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(fltctx::RaceObserved());
  }
}
BENCHMARK(BM_AnnouncementWithoutObserver)->UseRealTime();

// The same at a callback boundary of simulated I/O.
void BM_BoundaryWithoutObserver(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(fltctx::AnnounceOperationBoundary(
        fltctx::RaceCall::kPostOperation, nullptr, nullptr, 0));
  }
}
BENCHMARK(BM_BoundaryWithoutObserver)->UseRealTime();

}  // namespace

// An idle second thread before any row, as the other benchmarks have, so
// every row measures a multi-threaded process.
int main(int argc, char** argv) {
  poolsim_benchmark::IdleThread idle;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
