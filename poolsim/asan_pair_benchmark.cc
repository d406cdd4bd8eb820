// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/asan_pair_benchmark.cc
// -----------------------------------------------------------------------------
//
// The comparison poolsim's pair rows are judged against: one malloc + one
// free in a program built with AddressSanitizer (default options: ASan
// records the allocating and the freeing stack of every block, up to 30
// frames, and keeps freed blocks in its quarantine). Built with
// -fsanitize=address whatever the configuration, and run by
// //poolsim:pool_benchmark_suite beside //poolsim:pool_benchmark, in the
// same command, so the ratios come from one run on one machine state.
//
//   pair/asan_malloc/64/threads:N   malloc(64) + free, at the same call depth
//                                   as poolsim's pair rows (20 frames of
//                                   frame-pointer code above the loop)
//
// Like the poolsim rows, it runs with an idle second thread started in main().

#include <cstdlib>
#include <string>

#include "benchmark/benchmark.h"
#include "poolsim/benchmark_support.h"

// gcc defines __SANITIZE_ADDRESS__; clang answers __has_feature.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOLSIM_BENCHMARK_HAS_ASAN 1
#endif
#endif
#if !defined(__SANITIZE_ADDRESS__) && !defined(POOLSIM_BENCHMARK_HAS_ASAN)
#error "asan_pair_benchmark must be built with -fsanitize=address"
#endif

namespace {

constexpr int kCallDepth = 20;  // as in poolsim/pool_benchmark.cc

__attribute__((noinline)) void PairLoop(benchmark::State& state) {
  for (auto _ : state) {
    void* p = std::malloc(64);
    benchmark::DoNotOptimize(p);
    if (p == nullptr) {
      state.SkipWithError("malloc returned null");
      break;
    }
    std::free(p);
  }
  asm volatile("" ::: "memory");
}

void BM_AsanPair(benchmark::State& state) {
  poolsim_benchmark::Descend<kCallDepth, benchmark::State>(state, PairLoop);
  state.SetLabel("AddressSanitizer allocator, default options");
}

const bool registered = [] {
  benchmark::RegisterBenchmark("pair/asan_malloc/64", BM_AsanPair)
      ->MinTime(0.2)
      ->UseRealTime()
      ->Threads(1)
      ->Threads(2);
  return true;
}();

}  // namespace

int main(int argc, char** argv) {
  poolsim_benchmark::IdleThread idle;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
