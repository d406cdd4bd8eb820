// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/schedule.h
// -----------------------------------------------------------------------------
//
// Schedule exploration: a test body and the simulated threads it starts
// (race::SimThread) run one at a time, and switch only at the simulator's
// API calls (the switch points of poolsim/schedule_point.h: pool allocate
// and free, spin-lock acquire and release, waits, signals, lock acquires and
// releases, racy filter-manager calls). At each switch point a seeded
// scheduler chooses which runnable thread runs next, so one seed, or one
// list of choices, is one exact interleaving, replayed as often as needed:
//
//   race::ScheduleOptions options;          // random, 100 seeds
//   race::ScheduleResult r = race::ExploreSchedules([] {
//     race::SimThread worker([] { DriverWorker(); });
//     DriverDispatch();
//   }, options);
//
// Each schedule runs on a fresh ambient Environment and must leave it clean
// (no pool block, no referenced context, no bug check, no deadlock).
//
// Blocking calls cooperate: a thread whose wait (KeWaitFor*, a resource, a
// fast mutex, a push lock, a contended spin lock, SimThread::Join) cannot be
// satisfied is blocked and another thread runs; the host thread never waits
// while it holds the CPU. Timeouts are logical: a wait with a timeout of its
// own times out only when no thread can run (which of several such waits
// times out is a scheduler choice). When every thread is blocked and none
// can time out the run has deadlocked: the run's report lists each thread
// with the call it blocks in and its stack, and every blocked wait then
// returns as after the wait bound (0xC4/0x1001, 0x133/0x1 for a spin lock),
// so the host never hangs.
//
// Threads the scheduler did not start (a library worker thread) run outside
// the schedule, concurrently, as they do without it.

#ifndef RACE_SCHEDULE_H_
#define RACE_SCHEDULE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "poolsim/environment.h"
#include "poolsim/leak_report.h"

namespace race {

// ScheduleStrategy
enum class ScheduleStrategy {
  kRandom,      // `schedules` runs, run i with seed `seed + i`
  kSystematic,  // every schedule with at most `max_preemptions` preemptions
};

// ScheduleOptions
//
// The three channels of each setting: this struct, the C controls of
// race/schedule_c.h, and the environment variables read by FromEnv():
//
//   FLTCTX_SCHEDULE_STRATEGY     random | systematic
//   FLTCTX_SCHEDULE_RUNS         random: how many seeds
//   FLTCTX_SCHEDULE_FIRST_SEED   random: the first seed
//   FLTCTX_SCHEDULE_PREEMPTIONS  systematic: the preemption bound
//   FLTCTX_SCHEDULE_SEED         replay the one random schedule of this seed
//   FLTCTX_SCHEDULE              replay this list of choices ("0,1,1,0")
struct ScheduleOptions {
  // Settings of each run's Environment.
  poolsim::Options base = poolsim::Options::FromEnv();
  ScheduleStrategy strategy = ScheduleStrategy::kRandom;
  uint64_t first_seed = 1;
  uint64_t runs = 100;
  uint32_t max_preemptions = 2;
  // Stop after this many schedules (systematic: the result says truncated).
  uint64_t max_schedules = 100000;
  // Replay: one random seed, or one list of thread choices. Either replaces
  // the strategy with one run.
  bool replay_seed_set = false;
  uint64_t replay_seed = 0;
  std::string replay_choices;
  // Stop at the first schedule that is not clean.
  bool stop_at_first_failure = true;

  // The defaults (or the C controls' values) overridden by FLTCTX_SCHEDULE_*.
  static ScheduleOptions FromEnv();
};

// ScheduleRun: one schedule.
struct ScheduleRun {
  uint64_t number = 0;       // 0 for the first schedule run
  bool seeded = false;       // random: `seed` replays it
  uint64_t seed = 0;
  std::vector<int> choices;  // the thread chosen at each decision
  std::vector<std::string> trace;  // per decision: "T1 at ExAllocatePool2"
  uint32_t preemptions = 0;
  std::string deadlock;      // each deadlock: every thread and its stack
  std::string divergence;    // a replay that no longer fits the body
  poolsim::LeakReport report;
  std::vector<std::string> test_failures;

  bool clean() const {
    return report.clean() && deadlock.empty() && divergence.empty() && test_failures.empty();
  }
};

// ScheduleResult
struct ScheduleResult {
  uint64_t schedules = 0;   // schedules run
  bool exhaustive = false;  // systematic: every schedule within the bound ran
  bool truncated = false;   // stopped at max_schedules
  std::vector<ScheduleRun> failures;
  // The choices of every schedule run, in order (for tests of the strategy).
  std::vector<std::vector<int>> all_choices;

  bool clean() const { return failures.empty(); }
};

// ExploreSchedules()
//
// Runs `body` once per schedule the options select, as simulated thread 0,
// each time on a fresh ambient Environment, and returns the schedules that
// were not clean. `after_run`, if given, runs after each schedule (outside
// it) and may add the body's own failures. Not thread-safe with respect to
// other code that installs ambient Environments or scheduler hooks.
ScheduleResult ExploreSchedules(
    const std::function<void()>& body, const ScheduleOptions& options = ScheduleOptions::FromEnv(),
    const std::function<void(std::vector<std::string>* failures)>& after_run = {});

// DescribeScheduleRun()
//
// A failed schedule's report: how to replay it (the seed, the choices), the
// trace of decisions, the deadlocks, the body's failures and what was left.
std::string DescribeScheduleRun(const ScheduleRun& run);

// Choices as text ("0,1,1,0") and back; false for malformed text.
std::string FormatChoices(const std::vector<int>& choices);
bool ParseChoices(const std::string& text, std::vector<int>* choices);

// InSchedule()
//
// True on a thread the scheduler runs (the body and its SimThreads).
bool InSchedule();

// SimThread
//
// A simulated thread of the test: in schedule mode one the scheduler runs
// (thread ids 1, 2, ... in the order they start), otherwise a plain host
// thread, so the same body runs in ordinary tests and under exploration.
// Starting one is a switch point.
//
// Not thread-safe: start, join and destroy it on one thread.
class SimThread {
 public:
  explicit SimThread(std::function<void()> routine);
  // Joins the thread if Join() was not called.
  ~SimThread();
  SimThread(const SimThread&) = delete;
  SimThread& operator=(const SimThread&) = delete;

  // Waits until the routine returned; in schedule mode a cooperative block.
  void Join();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace race

#endif  // RACE_SCHEDULE_H_
