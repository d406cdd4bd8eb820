// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/race_sweep.h
// -----------------------------------------------------------------------------
//
// The race-path sweep: like the error-path sweep (poolsim/fault_sweep.h), it
// runs a test body again and again, each time on a fresh ambient
// Environment, and in run k plays "another thread" just before the k-th
// racy call of the WDK surface (fltctx/race_point.h) takes effect:
//
//   before FltSet*Context   another thread sets a context of the same type
//                           on the same object first (a zero-filled context
//                           of the same size and pool, KEEP_IF_EXISTS), so
//                           KEEP_IF_EXISTS returns STATUS_FLT_CONTEXT_ALREADY_
//                           DEFINED with the winner, and REPLACE_IF_EXISTS
//                           replaces it;
//   before FltGet*Context   another thread deletes the object's context of
//   before FltDelete*Context  that type first (FltDelete*Context), so the
//                           call finds nothing;
//   after FltGet*Context found a context (before the driver uses it),
//   before FltReleaseContext, FltReferenceContext, FltDeleteContext
//                           another thread, holding a reference of its own,
//                           deletes that context first (FltDeleteContext):
//                           the driver's reference, if it holds one, keeps
//                           the context alive and becomes the last; a driver
//                           that holds none uses a freed context (0xF5/0x6E);
//   before a pre- or post-operation callback of the simulated I/O path
//                           the volume is dismounted first, on another
//                           thread: its instances are torn down
//                           (InstanceTeardownStart, the post-operation
//                           callbacks in flight called with
//                           FLTFL_POST_OPERATION_DRAINING,
//                           InstanceTeardownComplete); the pre-operation
//                           callback is then not called.
//
// Each racer is something a concurrent thread of the same driver could
// legally do there. After each run the Environment must be clean: no pool
// block, no referenced context, no bug check. The sweep stops when a run no
// longer reaches its k-th racy call.
//
// The racer's context is zero-filled: the driver's cleanup callback sees
// zeroed fields, as it does for a context its own code path left
// uninitialized. Volume contexts get no set racer (the racer cannot name
// the filter that would own one).

#ifndef RACE_RACE_SWEEP_H_
#define RACE_RACE_SWEEP_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/stack_trace.h"

namespace race {

// Racer kinds (RaceSweepOptions::racers), one bit each.
inline constexpr uint32_t kRacerSetFirst = 1;     // before FltSet*Context
inline constexpr uint32_t kRacerDeleteFirst = 2;  // before FltGet*Context, FltDelete*Context
// After a get found a context, and before FltReleaseContext,
// FltReferenceContext and FltDeleteContext.
inline constexpr uint32_t kRacerDeleteInUse = 4;
inline constexpr uint32_t kRacerTeardown = 8;  // before pre- and post-operation callbacks
inline constexpr uint32_t kAllRacers = 15;

// RaceSweepOptions
//
// The settings of a sweep. Each also has a C control (race/wdk/race_sweep.h)
// and an environment variable (docs/concurrency.md, "Settings"), so a whole
// suite can be swept differently without editing its tests.
struct RaceSweepOptions {
  // Settings of each run's Environment.
  poolsim::Options base = poolsim::Options::FromEnv();
  // Stop after this many runs even if racy calls keep appearing
  // (FLTCTX_RACE_SWEEP_MAX_RUNS).
  uint64_t max_runs = 10000;
  // The racers played (kRacer* bits; FLTCTX_RACE_SWEEP_RACERS, a comma list
  // of set, delete, use, teardown or all). A racy call whose racer is not
  // selected is not a point of the sweep.
  uint32_t racers = kAllRacers;
  // Only racy calls whose name (as RaceSweepResult::points spells it)
  // matches one of these patterns ('*', '?') are points; empty: all
  // (FLTCTX_RACE_SWEEP_POINTS, a comma list).
  std::vector<std::string> points;

  // Defaults()
  //
  // Returns the defaults above overridden by the FLTCTX_RACE_SWEEP_*
  // environment variables, then by the C controls' settings (the one
  // EXPECT_RACE_PATHS_CLEAN and RaceSweepRun use). A malformed variable is
  // ignored (the default stays) and named on stderr. Thread-safe.
  static RaceSweepOptions Defaults();
};

// The C controls' settings (race/wdk/race_sweep.h), applied by
// RaceSweepOptions::Defaults() over the environment variables until
// ClearRaceSweepOverrides(). Thread-safe.
void OverrideRaceSweepMaxRuns(uint64_t max_runs);
void OverrideRaceSweepRacers(uint32_t racers);
void OverrideRaceSweepPoints(std::vector<std::string> patterns);
void ClearRaceSweepOverrides();

// ParseRaceSweepRacers(), ParseRaceSweepPoints()
//
// The environment variables' syntax: "set,delete,use,teardown" (or "all")
// to kRacer* bits, false for an unknown name; "a,b*" to patterns.
bool ParseRaceSweepRacers(const std::string& text, uint32_t* racers);
std::vector<std::string> ParseRaceSweepPoints(const std::string& text);

// Racer: what "the other thread" did, and where.
struct Racer {
  uint64_t point = 0;        // the racy call it preceded: 1 for the first
  std::string api;           // that call's WDK name
  std::string action;        // what the racer did
  poolsim::StackId stack = poolsim::kNoStack;  // the driver's call
  // The point is a callback boundary of simulated I/O (the stack is then the
  // test's call that issued the I/O).
  bool operation_boundary = false;
};

// RaceRun: one run that was not clean.
struct RaceRun {
  Racer racer;
  poolsim::LeakReport report;
  // Failures the body itself reported (the GoogleTest layer fills these).
  std::vector<std::string> test_failures;
};

// RaceSweepResult
struct RaceSweepResult {
  uint64_t race_points = 0;  // racy calls the body makes when nothing races
  std::vector<std::string> points;  // their names, in order (as reports name them)
  uint64_t runs = 0;
  uint64_t raced = 0;        // runs in which a racer changed something
  bool truncated = false;
  std::vector<RaceRun> failures;

  bool clean() const { return failures.empty(); }
};

// SweepRaces()
//
// Runs `body` once with no racer (counting the racy calls), then once per
// racy call with the racer before it. `body` must leave nothing behind on
// its ordinary path. `after_run`, if given, is called after each run with
// the run's number (0: no racer) and may add failures of its own (a test's
// expectations) to `failures`. Not thread-safe with respect to other code
// that installs ambient Environments or race observers.
RaceSweepResult SweepRaces(
    const std::function<void()>& body,
    const RaceSweepOptions& options = RaceSweepOptions::Defaults(),
    const std::function<void(uint64_t run, std::vector<std::string>* failures)>& after_run = {});

// DescribeRaceRun()
//
// The report of a failed run: the racer, the call it preceded with its
// stack, and what was left (or the test's failures).
std::string DescribeRaceRun(const RaceRun& run);

}  // namespace race

#endif  // RACE_RACE_SWEEP_H_
