// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/schedule_benchmark.cc
// -----------------------------------------------------------------------------
//
// What schedule exploration costs: one schedule of a two-thread body (the
// fixed sample of race/testdata/schedule_sample.c: a thread start, four
// spin-lock calls and an allocate per thread, a join), random and
// systematic, against the same body run once with two plain host threads;
// and a switch point with no scheduler installed.
//
//   ./bazelw run -c opt //race:schedule_benchmark

#include <thread>

#include "benchmark/benchmark.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/schedule_point.h"
#include "race/schedule.h"
#include "race/testdata/schedule_sample.h"

namespace {

void TwoThreads() {
  SCHEDULE_SAMPLE_BUFFER shared;
  ScheduleSampleInitialize(&shared);
  race::SimThread worker([&] { ScheduleSampleGetFixed(&shared); });
  ScheduleSampleGetFixed(&shared);
  worker.Join();
  ScheduleSampleTeardown(&shared);
}

// The body once, on plain threads, on a fresh Environment (the baseline).
void BM_PlainThreads(benchmark::State& state) {
  for (auto _ : state) {
    poolsim::Environment env;
    poolsim::ScopedEnvironment install(&env);
    TwoThreads();
    benchmark::DoNotOptimize(poolsim::BuildLeakReport(env).clean());
  }
}
BENCHMARK(BM_PlainThreads);

// One random schedule per iteration (a fresh Environment each).
void BM_RandomSchedule(benchmark::State& state) {
  race::ScheduleOptions o;
  o.runs = 1;
  uint64_t seed = 1;
  for (auto _ : state) {
    o.first_seed = seed++;
    benchmark::DoNotOptimize(race::ExploreSchedules(&TwoThreads, o).clean());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomSchedule);

// The whole bounded-preemption exploration (bound 2); items: schedules.
void BM_SystematicBound2(benchmark::State& state) {
  race::ScheduleOptions o;
  o.strategy = race::ScheduleStrategy::kSystematic;
  o.max_preemptions = 2;
  uint64_t schedules = 0;
  for (auto _ : state) {
    const race::ScheduleResult r = race::ExploreSchedules(&TwoThreads, o);
    schedules += r.schedules;
    state.counters["schedules"] = static_cast<double>(r.schedules);
  }
  state.SetItemsProcessed(static_cast<int64_t>(schedules));
}
BENCHMARK(BM_SystematicBound2)->Unit(benchmark::kMillisecond);

// A switch point with no scheduler installed (every pool call pays it).
void BM_SwitchPointWithoutScheduler(benchmark::State& state) {
  for (auto _ : state) poolsim::SchedulePoint(poolsim::SwitchKind::kAllocate, "x");
}
BENCHMARK(BM_SwitchPointWithoutScheduler);

}  // namespace

BENCHMARK_MAIN();
