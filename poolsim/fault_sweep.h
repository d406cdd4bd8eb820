// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/fault_sweep.h
// -----------------------------------------------------------------------------
//
// The exhaustive error-path sweep: runs a piece of driver code again and
// again on fresh Environments, failing its 1st, 2nd, 3rd, ... injectable call
// (pool allocation, context allocation, ...), until a run reaches no new
// injectable call. After every run the Environment must be clean: no leaked
// block, no leaked context reference, no bug check. Each run that is not
// names the call that was failed, with its stack, and carries the report.
//
//   poolsim::SweepResult r = poolsim::SweepFaults([] {
//     PVOID state;
//     if (NT_SUCCESS(MyFilterSetup(&state))) MyFilterTeardown(state);
//   });
//   // r.failures lists every injection point after which something leaked.
//
// In GoogleTest, EXPECT_ERROR_PATHS_CLEAN (poolsim/testing/leak_check.h)
// wraps this and fails with readable reports.
//
// A long sweep shows its progress on standard error when that is a terminal
// ("poolsim: error-path sweep 120/4000 runs", redrawn in place), and nothing
// under `bazel test` or in a pipe; POOLSIM_PROGRESS=1 / =0 forces it on /
// off (poolsim/progress.h).

#ifndef POOLSIM_FAULT_SWEEP_H_
#define POOLSIM_FAULT_SWEEP_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/progress.h"

namespace poolsim {

// SweepOptions
struct SweepOptions {
  enum class Mode {
    // Run k fails the k-th injectable call; as many runs as the code makes
    // injectable calls when nothing fails.
    kEachCall,
    // Each unique calling stack is failed in one run, at its first call,
    // together with the failures that first led the code to that stack. This
    // reaches calls made only on error paths (an error-log allocation after
    // a failed buffer allocation); a call site in a loop is failed at its
    // first iteration.
    kEachUniqueStack,
  };
  Mode mode = Mode::kEachCall;
  // Settings of each run's Environment; its fault-injection settings are
  // replaced by the sweep's.
  Options base = Options::FromEnv();
  // Stop after this many runs even if new injection points keep appearing.
  uint64_t max_runs = 10000;
  // How the runs done so far are shown on standard error (by default as
  // POOLSIM_PROGRESS and whether standard error is a terminal choose).
  ProgressStyle progress = ProgressStyleForStandardError();
};

// SweepRun
//
// One run whose Environment was not clean afterwards.
struct SweepRun {
  // Which injectable call was failed (0: none). In kEachUniqueStack mode,
  // the run's number (run 1 fails nothing).
  uint64_t injection = 0;
  FaultStatistics::Fault fault;  // the call that was failed
  LeakReport report;
};

// SweepResult
struct SweepResult {
  // Injectable calls the body makes when nothing fails.
  uint64_t injection_points = 0;
  uint64_t runs = 0;
  // True if and only if the sweep stopped at max_runs.
  bool truncated = false;
  std::vector<SweepRun> failures;

  bool clean() const { return failures.empty(); }
};

// SweepFaults()
//
// Runs `body` once without injection, then once per injection point, each
// time on a fresh ambient Environment. `body` must leave nothing behind on
// its success path. Bug checks raised by `body` are recorded in the run's
// report, never fatal. Not thread-safe with respect to other code that
// installs ambient Environments.
SweepResult SweepFaults(const std::function<void()>& body, const SweepOptions& options = {});

}  // namespace poolsim

#endif  // POOLSIM_FAULT_SWEEP_H_
