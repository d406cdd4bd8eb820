// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/pool_benchmark.cc
// -----------------------------------------------------------------------------
//
// What poolsim's tracking costs, side by side in one binary:
//
//   pair/<allocator>/<sizes>/threads:N   one allocate + one free
//     allocator: mimalloc          mi_malloc / mi_free
//                glibc             glibc's own malloc / free (looked up in
//                                  libc.so.6: linking libmimalloc replaces
//                                  the program's malloc symbol)
//                malloc            the program's malloc / free as linked
//                                  (mimalloc's override in a normal build,
//                                  AddressSanitizer's allocator under ASan)
//                poolsim_stacks10  ExAllocatePoolWithTag / ExFreePoolWithTag
//                                  with stack capture, stack_depth = 10
//                poolsim_stacks16  the same at the default stack_depth (16)
//                poolsim_nostacks  the same with capture_stacks = false
//                poolsim_special   the same as poolsim_stacks with
//                                  special_pool.all = true: every block on
//                                  its own page between guard pages (64
//                                  bytes only)
//     sizes:     64     every request 64 bytes
//                mixed  16..2000 bytes, the same sequence for every allocator
//   leak_report/1M_live_blocks      BuildLeakReport over 1,000,000 live blocks
//   sweep/<N>_allocations           one poolsim::SweepFaults over a body that
//                                   makes N pool allocations and frees them:
//                                   N + 1 runs, each on a fresh Environment
//                                   (Time is per sweep; per_run per run)
//   overhead/1M_live_64B_blocks     extra resident bytes per live block
//
//   ./bazelw run --config=opt //poolsim:pool_benchmark --
//       --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//   (one command line)
//
// Times are wall-clock (UseRealTime). With N threads, Google Benchmark
// divides the wall time by the pairs all threads did together, so the cost of
// one pair as one thread sees it is Time * N. docs/performance.md has the
// results and the method.
//
// Honesty rules every pair row follows:
//   - The timed loop runs kCallDepth frames below the benchmark function, in
//     this file's code (built with frame pointers), so a stack capture walks
//     as many frames as the row says. Each poolsim row allocates one block at
//     the loop's own position before timing and prints the number of frames
//     actually recorded (counter stack_frames); a stacks row that records
//     fewer than its depth aborts the run.
//   - main() starts an idle second thread before any row runs, so every row
//     runs in a multi-threaded process (glibc's locks and atomics take
//     cheaper paths in a process that never had a second thread).
//   - AddressSanitizer's malloc + free pair, at the same call depth, is
//     //poolsim:asan_pair_benchmark; //poolsim:pool_benchmark_suite runs both
//     in one command and prints the ratios.
//
// The poolsim Environments abort on any bug check and are checked after each
// run (no failed allocation, nothing live), so a silent failure cannot make
// the tracked numbers look better than they are. Each poolsim row starts with
// Environment::Reset(), as each test starts on a fresh Environment: a 1-thread
// row runs in owner mode, a 2-thread row in shared mode (docs/poolsim.md).

#include <dlfcn.h>
#include <mimalloc.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "poolsim/benchmark_support.h"
#include "poolsim/bugcheck.h"
#include "poolsim/environment.h"
#include "poolsim/fault_sweep.h"
#include "poolsim/leak_report.h"
#include "poolsim/stack_trace.h"
#include "poolsim/wdk/wdm.h"

namespace {

constexpr ULONG kTag = 'hcnB';  // reads "Bnch" in a debugger

// Sizes of the mixed set: typical minifilter requests below one page (from one
// page up poolsim hands out page-aligned blocks, which raw malloc does not).
constexpr size_t kMixedSizes[] = {16, 40, 64, 100, 256, 520, 1024, 2000};
constexpr size_t kMixedCount = sizeof(kMixedSizes) / sizeof(kMixedSizes[0]);
static_assert((kMixedCount & (kMixedCount - 1)) == 0, "kMixedCount must be a power of two");

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "pool_benchmark: FATAL: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

void AbortOnBugCheck(const poolsim::BugCheck& b) {
  Die("unexpected bug check; the numbers of this run are invalid\n" + poolsim::FormatBugCheck(b));
}

// The backend the poolsim rows use: mimalloc, explicitly; the system
// allocator under AddressSanitizer, so ASan sees every block.
poolsim::Backend BenchmarkBackend() {
#if defined(__SANITIZE_ADDRESS__)
  return poolsim::Backend::kSystem;
#else
  return poolsim::Backend::kMimalloc;
#endif
}

const char* BackendName() {
  return BenchmarkBackend() == poolsim::Backend::kSystem ? "system" : "mimalloc";
}

// Returns a new Environment (never destroyed, so it outlives every benchmark
// thread) that aborts on any bug check.
poolsim::Environment* NewEnvironment(bool capture_stacks, int stack_depth = 16) {
  poolsim::Options options;  // the documented defaults, not POOLSIM_* variables
  options.checks = poolsim::CheckMode::kRetail;
  options.backend = BenchmarkBackend();
  options.capture_stacks = capture_stacks;
  options.stack_depth = stack_depth;
  auto* env = new poolsim::Environment(options);
  env->SetBugCheckHandler(AbortOnBugCheck);
  return env;
}

poolsim::Environment& StacksEnv() {
  static poolsim::Environment* env = NewEnvironment(/*capture_stacks=*/true);
  return *env;
}

poolsim::Environment& Stacks10Env() {
  static poolsim::Environment* env = NewEnvironment(/*capture_stacks=*/true, /*stack_depth=*/10);
  return *env;
}

poolsim::Environment& NoStacksEnv() {
  static poolsim::Environment* env = NewEnvironment(/*capture_stacks=*/false);
  return *env;
}

// Every eligible block in special pool (as POOLSIM_SPECIAL_POOL=all), with
// stack capture and the default quarantine of 256 freed pages.
poolsim::Environment& SpecialEnv() {
  static poolsim::Environment* env = [] {
    poolsim::Environment* e = NewEnvironment(/*capture_stacks=*/true);
    poolsim::Options options = e->options();
    options.special_pool.all = true;
    e->Reconfigure(options);
    return e;
  }();
  return *env;
}

// ---------------------------------------------------------------------------
// The allocators under test.

// glibc's malloc/free themselves. libmimalloc.so (linked for the pool
// backend) exports malloc, free and __libc_malloc, so the program's malloc
// symbol is mimalloc's; glibc's are found through libc.so.6's own handle.
struct LibcFunctions {
  void* (*malloc)(size_t) = nullptr;
  void (*free)(void*) = nullptr;
};

const LibcFunctions& Libc() {
  static const LibcFunctions functions = [] {
    LibcFunctions f;
    void* libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
    if (libc == nullptr) Die("libc.so.6 is not loaded");
    f.malloc = reinterpret_cast<void* (*)(size_t)>(dlsym(libc, "malloc"));
    f.free = reinterpret_cast<void (*)(void*)>(dlsym(libc, "free"));
    if (f.malloc == nullptr || f.free == nullptr) Die("glibc malloc/free not found");
    return f;
  }();
  return functions;
}

struct Mimalloc {
  static constexpr bool kIsPoolsim = false;
  static void* Allocate(size_t n) { return mi_malloc(n); }
  static void Free(void* p) { mi_free(p); }
};

struct Glibc {
  static constexpr bool kIsPoolsim = false;
  static void* Allocate(size_t n) { return Libc().malloc(n); }
  static void Free(void* p) { Libc().free(p); }
};

struct ProgramMalloc {
  static constexpr bool kIsPoolsim = false;
  static void* Allocate(size_t n) { return std::malloc(n); }
  static void Free(void* p) { std::free(p); }
};

// kFrames: the stack depth the row's Environment records (0: no stacks).
template <int kFrames>
struct Poolsim {
  static constexpr bool kIsPoolsim = true;
  static constexpr int kExpectedFrames = kFrames;
  static void* Allocate(size_t n) { return ExAllocatePoolWithTag(NonPagedPoolNx, n, kTag); }
  static void Free(void* p) { ExFreePoolWithTag(p, kTag); }
};

// ---------------------------------------------------------------------------
// Allocate + free pairs.

// The frames of this file between the benchmark function and the timed loop:
// more than the deepest stack a row captures (16), so every captured frame is
// one of ours and the walk never stops early in a library built without
// frame pointers.
constexpr int kCallDepth = 20;

// How deep a poolsim row's stacks must be: 0 for no stacks.
template <typename Allocator>
int ExpectedFrames() {
  return Allocator::kExpectedFrames;
}

template <typename Allocator, bool kMixed>
__attribute__((noinline)) void PairLoop(benchmark::State& state) {
  if constexpr (Allocator::kIsPoolsim) {
    // One block allocated from this very loop position: the frames recorded
    // are the frames every timed allocation records.
    void* probe = Allocator::Allocate(64);
    poolsim::BlockInfo info;
    if (probe == nullptr || !poolsim::Ambient().Lookup(probe, &info)) Die("probe allocation failed");
    const int frames = static_cast<int>(poolsim::StackFrames(info.stack).size());
    Allocator::Free(probe);
    if (frames != ExpectedFrames<Allocator>()) {
      Die("row records " + std::to_string(frames) + " stack frames, not " +
          std::to_string(ExpectedFrames<Allocator>()));
    }
    state.counters["stack_frames"] = benchmark::Counter(frames, benchmark::Counter::kAvgThreads);
  }
  size_t i = static_cast<size_t>(state.thread_index()) * 3;  // threads start out of phase
  for (auto _ : state) {
    const size_t n = kMixed ? kMixedSizes[i++ & (kMixedCount - 1)] : 64;
    void* p = Allocator::Allocate(n);
    benchmark::DoNotOptimize(p);
    if (p == nullptr) {
      state.SkipWithError("allocation returned null");
      break;
    }
    Allocator::Free(p);
  }
  asm volatile("" ::: "memory");
}

template <typename Allocator, bool kMixed>
void BM_Pair(benchmark::State& state) {
  poolsim_benchmark::Descend<kCallDepth, benchmark::State>(state, PairLoop<Allocator, kMixed>);
  state.SetLabel(std::string("pool backend: ") + BackendName());
}

// Installs a poolsim Environment as the ambient one for one run, before the
// benchmark threads start, and checks it after they have all finished.
std::optional<poolsim::ScopedEnvironment> installed;
poolsim::PoolCounters counters_before;

void Install(poolsim::Environment& env) {
  if (installed.has_value()) Die("an Environment is already installed");
  // Each row starts as each test does on its fresh Environment: the first
  // thread to use the pool owns it (owner mode) until a second one arrives.
  env.Reset();
  counters_before = env.Counters();
  installed.emplace(&env);
}

void Uninstall(poolsim::Environment& env) {
  const poolsim::PoolCounters c = env.Counters();
  if (c.allocations_failed != counters_before.allocations_failed) Die("an allocation failed");
  if (c.bug_checks != counters_before.bug_checks) Die("a bug check was raised");
  if (c.current_nonpaged_allocations != 0 || c.current_paged_allocations != 0) {
    Die("blocks are still live after a pair run");
  }
  if (c.allocations_succeeded - counters_before.allocations_succeeded !=
      c.frees - counters_before.frees) {
    Die("allocations and frees do not match");
  }
  installed.reset();
}

void InstallStacks10(const benchmark::State&) { Install(Stacks10Env()); }
void UninstallStacks10(const benchmark::State&) { Uninstall(Stacks10Env()); }
void InstallStacks(const benchmark::State&) { Install(StacksEnv()); }
void UninstallStacks(const benchmark::State&) { Uninstall(StacksEnv()); }
void InstallNoStacks(const benchmark::State&) { Install(NoStacksEnv()); }
void UninstallNoStacks(const benchmark::State&) { Uninstall(NoStacksEnv()); }
void InstallSpecial(const benchmark::State&) { Install(SpecialEnv()); }
void UninstallSpecial(const benchmark::State&) {
  // Special pool falls back to the normal pool silently when a mapping is
  // refused; that would make the row look cheaper than it is.
  const poolsim::PoolCounters c = SpecialEnv().Counters();
  if (c.allocations_special_pool - counters_before.allocations_special_pool !=
      c.allocations_succeeded - counters_before.allocations_succeeded) {
    Die("a special-pool row allocated outside special pool");
  }
  Uninstall(SpecialEnv());
}

// ---------------------------------------------------------------------------
// Tracking overhead per live block.
//
// Resident memory (RSS, /proc/self/statm) is read before and after making
// 1,000,000 live 64-byte blocks, first with mi_malloc, then (keeping those
// live, so no freed page can be reused) through ExAllocatePoolWithTag with
// stack capture. The overhead is the difference of the two increases divided
// by the number of blocks: header, index entry and allocator rounding, i.e.
// everything poolsim adds per block. Both pointer arrays are allocated and
// touched before the first reading. It runs once, first, in a process that
// has freed nothing large yet; later repetitions report the same numbers.

constexpr size_t kLiveBlocks = 1000000;

size_t ResidentBytes() {
  const size_t bytes = poolsim_benchmark::ResidentBytes();
  if (bytes == 0) Die("cannot read /proc/self/statm");
  return bytes;
}

struct OverheadResult {
  double raw_rss_per_block = 0;      // resident bytes per mi_malloc(64) block
  double poolsim_rss_per_block = 0;  // resident bytes per 64-byte pool block
  double raw_usable_per_block = 0;   // mi_usable_size of the raw block
  double poolsim_usable_per_block = 0;  // mi_usable_size of the block under the pool block
};

OverheadResult MeasureOverhead() {
  std::vector<void*> raw(kLiveBlocks, nullptr);
  std::vector<void*> pool(kLiveBlocks, nullptr);
  poolsim::Options options;
  options.backend = poolsim::Backend::kMimalloc;
  options.capture_stacks = true;
  poolsim::Environment env(options);
  env.SetBugCheckHandler(AbortOnBugCheck);
  poolsim::ScopedEnvironment install(&env);
  // Warm up: the first allocations create per-thread state and the stack.
  ExFreePoolWithTag(ExAllocatePoolWithTag(NonPagedPoolNx, 64, kTag), kTag);
  mi_free(mi_malloc(64));

  const size_t r0 = ResidentBytes();
  for (size_t i = 0; i < kLiveBlocks; ++i) {
    raw[i] = mi_malloc(64);
    if (raw[i] == nullptr) Die("mi_malloc failed");
  }
  const size_t r1 = ResidentBytes();
  for (size_t i = 0; i < kLiveBlocks; ++i) {
    pool[i] = ExAllocatePoolWithTag(NonPagedPoolNx, 64, kTag);
    if (pool[i] == nullptr) Die("ExAllocatePoolWithTag failed");
  }
  const size_t r2 = ResidentBytes();

  OverheadResult out;
  out.raw_rss_per_block = static_cast<double>(r1 - r0) / kLiveBlocks;
  out.poolsim_rss_per_block = static_cast<double>(r2 - r1) / kLiveBlocks;
  double raw_usable = 0, pool_usable = 0;
  for (size_t i = 0; i < kLiveBlocks; ++i) {
    raw_usable += static_cast<double>(mi_usable_size(raw[i]));
    // The backend block starts at the 16-byte header in front of the pointer.
    pool_usable += static_cast<double>(mi_usable_size(static_cast<char*>(pool[i]) - 16));
  }
  out.raw_usable_per_block = raw_usable / kLiveBlocks;
  out.poolsim_usable_per_block = pool_usable / kLiveBlocks;

  for (void* p : pool) ExFreePoolWithTag(p, kTag);
  for (void* p : raw) mi_free(p);
  if (env.Counters().bug_checks != 0) Die("a bug check was raised");
  return out;
}

void BM_Overhead(benchmark::State& state) {
  static const OverheadResult result = MeasureOverhead();
  for (auto _ : state) {
    benchmark::DoNotOptimize(result);
  }
  state.counters["raw_rss_bytes_per_block"] = result.raw_rss_per_block;
  state.counters["poolsim_rss_bytes_per_block"] = result.poolsim_rss_per_block;
  state.counters["overhead_bytes_per_block"] =
      result.poolsim_rss_per_block - result.raw_rss_per_block;
  state.counters["of_which_allocator_block_bytes"] =
      result.poolsim_usable_per_block - result.raw_usable_per_block;
}

// ---------------------------------------------------------------------------
// Building the leak report for 1,000,000 live blocks, allocated once from 4
// call sites with 32 tags (128 groups), with stack capture.

// Two noinline levels per site, and code that differs by site, so the sites
// keep distinct stacks even if the innermost frame is skipped or identical
// functions are folded.
template <int kSite>
__attribute__((noinline)) void* AllocateInner(ULONG tag) {
  void* p = ExAllocatePoolWithTag(NonPagedPoolNx, 64, tag);
  int site = kSite;
  benchmark::DoNotOptimize(site);
  benchmark::DoNotOptimize(p);  // keeps this frame (no tail call)
  return p;
}

template <int kSite>
__attribute__((noinline)) void* AllocateAtSite(ULONG tag) {
  void* p = AllocateInner<kSite>(tag);
  int site = kSite;
  benchmark::DoNotOptimize(site);
  benchmark::DoNotOptimize(p);
  return p;
}

poolsim::Environment& ReportEnv() {
  static poolsim::Environment* env = [] {
    poolsim::Environment* e = NewEnvironment(/*capture_stacks=*/true);
    poolsim::ScopedEnvironment install(e);
    void* (*const sites[])(ULONG) = {AllocateAtSite<0>, AllocateAtSite<1>, AllocateAtSite<2>,
                                     AllocateAtSite<3>};
    for (size_t i = 0; i < kLiveBlocks; ++i) {
      // 32 tags, first letter 'R'..'q': "RptA", "SptA", ... (as a debugger shows them)
      const ULONG tag = 'AtpR' + static_cast<ULONG>(i % 32);
      if (sites[(i / 32) % 4](tag) == nullptr) Die("ExAllocatePoolWithTag failed");
    }
    return e;
  }();
  return *env;
}

void BM_LeakReport(benchmark::State& state) {
  poolsim::Environment& env = ReportEnv();  // outside the timed loop
  size_t blocks = 0, groups = 0;
  double seconds = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    poolsim::LeakReport report = poolsim::BuildLeakReport(env, poolsim::ReportOptions{});
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    blocks = report.leaked_blocks();
    groups = report.groups.size();
    benchmark::DoNotOptimize(report);
  }
  if (blocks != kLiveBlocks) Die("the report does not list every live block");
  state.counters["report_seconds"] = seconds / static_cast<double>(state.iterations());
  state.counters["groups"] = static_cast<double>(groups);
}

// ---------------------------------------------------------------------------
// The error-path sweep: one poolsim::SweepFaults over a body that makes N
// pool allocations (3 call sites' worth of driver set-up code, or 10) and
// frees them, unwinding correctly on every failure. Each sweep is N + 1 runs
// (one that counts the injection points, then one per point), each on a fresh
// Environment with the documented defaults (stacks on, mimalloc backend).

__attribute__((noinline)) void SweepBody(int n) {
  void* blocks[16] = {};
  int made = 0;
  for (; made < n; ++made) {
    blocks[made] = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, kTag);
    if (blocks[made] == nullptr) break;
  }
  benchmark::DoNotOptimize(blocks);
  for (int i = 0; i < made; ++i) ExFreePoolWithTag(blocks[i], kTag);
}

void BM_Sweep(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  poolsim::SweepOptions options;
  options.base = poolsim::Options();  // the documented defaults, not POOLSIM_*
  options.base.backend = BenchmarkBackend();
  uint64_t runs = 0;
  for (auto _ : state) {
    const poolsim::SweepResult r = poolsim::SweepFaults([n] { SweepBody(n); }, options);
    if (!r.clean() || r.truncated || r.injection_points != static_cast<uint64_t>(n) ||
        r.runs != static_cast<uint64_t>(n) + 1) {
      Die("the sweep did not find exactly N clean injection points");
    }
    runs += r.runs;
  }
  state.counters["runs_per_sweep"] = static_cast<double>(n + 1);
  // Seconds per run (wall clock), shown with a unit by the console reporter.
  state.counters["per_run"] =
      benchmark::Counter(static_cast<double>(runs), benchmark::Counter::kIsRate |
                                                        benchmark::Counter::kInvert);
}

// ---------------------------------------------------------------------------
// Registration, in run order.

constexpr double kMinTime = 0.2;  // seconds per run; keeps the whole run near a minute

template <typename Allocator, bool kMixed>
benchmark::internal::Benchmark* Pair(const std::string& name) {
  return benchmark::RegisterBenchmark(
             ("pair/" + name + (kMixed ? "/mixed" : "/64")).c_str(), BM_Pair<Allocator, kMixed>)
      ->MinTime(kMinTime)
      ->UseRealTime()
      ->Threads(1)
      ->Threads(2);
}

template <bool kMixed>
void RegisterPairs() {
  Pair<Mimalloc, kMixed>("mimalloc");
  Pair<Glibc, kMixed>("glibc");
  Pair<ProgramMalloc, kMixed>("malloc");
  Pair<Poolsim<10>, kMixed>("poolsim_stacks10")
      ->Setup(InstallStacks10)
      ->Teardown(UninstallStacks10);
  Pair<Poolsim<16>, kMixed>("poolsim_stacks16")->Setup(InstallStacks)->Teardown(UninstallStacks);
  Pair<Poolsim<0>, kMixed>("poolsim_nostacks")->Setup(InstallNoStacks)->Teardown(UninstallNoStacks);
  if (!kMixed) {
    Pair<Poolsim<16>, kMixed>("poolsim_special")->Setup(InstallSpecial)->Teardown(UninstallSpecial);
  }
}

const bool registered = [] {
  poolsim::SetDefaultBugCheckHandler(AbortOnBugCheck);
  benchmark::AddCustomContext("pool_backend", BackendName());
  benchmark::AddCustomContext(
      "program_malloc_is",
      reinterpret_cast<void*>(&std::malloc) == reinterpret_cast<void*>(Libc().malloc)
          ? "glibc"
          : "not glibc (mimalloc's override, or a sanitizer's)");
  benchmark::AddCustomContext("pair_call_depth", std::to_string(kCallDepth) +
                                                     " frames of frame-pointer code above each "
                                                     "timed loop (counter stack_frames: recorded)");
  benchmark::RegisterBenchmark("overhead/1M_live_64B_blocks", BM_Overhead)->Iterations(1);
  RegisterPairs<false>();
  RegisterPairs<true>();
  benchmark::RegisterBenchmark("leak_report/1M_live_blocks", BM_LeakReport)
      ->Iterations(1)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("sweep", BM_Sweep)
      ->ArgName("allocations")
      ->Arg(3)
      ->Arg(10)
      ->MinTime(kMinTime)
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
  return true;
}();

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
