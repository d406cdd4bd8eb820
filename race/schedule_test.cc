// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Schedule exploration through the WDK names, as a driver's test uses it:
// one thread at a time, the exact schedule counts of the bounded-preemption
// mode, seeded replay, cooperative blocking, logical timeouts, deadlock
// reports, and the planted ordering bug of race/testdata/schedule_sample.c.

#include "race/schedule.h"

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/attributes.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"
#include "race/testdata/schedule_sample.h"
#include "race/testing/schedule.h"
#include "sync/wdk/dispatcher.h"

namespace {

using race::ExploreSchedules;
using race::ScheduleOptions;
using race::ScheduleResult;
using race::ScheduleStrategy;
using race::SimThread;

ScheduleOptions Systematic(uint32_t preemptions) {
  ScheduleOptions o;
  o.strategy = ScheduleStrategy::kSystematic;
  o.max_preemptions = preemptions;
  o.stop_at_first_failure = false;
  return o;
}

ScheduleOptions Random(uint64_t runs) {
  ScheduleOptions o;
  o.strategy = ScheduleStrategy::kRandom;
  o.runs = runs;
  return o;
}

// Thread 0 starts thread 1 (a switch point), sets an event (one switch
// point) and joins; thread 1 allocates and frees (two switch points).
//
// After the start, thread 0 runs in two pieces (A1: to the set, A2: from it
// to the Join) and thread 1 in three (B1: to the allocate, B2: to the free,
// B3: to its end). A schedule is an interleaving of A1 A2 with B1 B2 B3:
// C(5,2) = 10 of them. Written as r maximal runs of one thread's pieces,
// each boundary between runs switches away from a thread that could go on
// (a preemption), except the one after the first thread to be done (A2
// ends in the Join, B3 ends the thread); starting with B1 is a preemption
// too. So an interleaving starting with A has r - 2 preemptions, one
// starting with B has r - 1. Counting ways to split A into ka runs and B
// into kb (C(1, ka-1) * C(2, kb-1)):
//   start A: r=2: 1 (0 preemptions), r=3: 1 (1), r=4: 2 (2)
//   start B: r=2: 1 (1), r=3: 2 (2), r=4: 2 (3), r=5: 1 (4)
// With at most 0, 1, 2, 3, 4 preemptions: 1, 3, 7, 9, 10 schedules.
void TinyBody() {
  KEVENT done;
  KeInitializeEvent(&done, NotificationEvent, FALSE);
  SimThread worker([] {
    void* p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 32, 'yniT');
    ExFreePoolWithTag(p, 'yniT');
  });
  KeSetEvent(&done, IO_NO_INCREMENT, FALSE);
  worker.Join();
}

TEST(ScheduleExploration, BoundedPreemptionEnumeratesTheExactCounts) {
  const uint64_t expected[] = {1, 3, 7, 9, 10, 10};
  for (uint32_t bound = 0; bound < 6; ++bound) {
    const ScheduleResult r = ExploreSchedules(&TinyBody, Systematic(bound));
    EXPECT_TRUE(r.clean()) << bound;
    EXPECT_TRUE(r.exhaustive) << bound;
    EXPECT_EQ(r.schedules, expected[bound]) << "bound " << bound;
    // Each schedule is a different interleaving.
    const std::set<std::vector<int>> distinct(r.all_choices.begin(), r.all_choices.end());
    EXPECT_EQ(distinct.size(), r.all_choices.size()) << bound;
  }
}

TEST(ScheduleExploration, MaxSchedulesTruncates) {
  ScheduleOptions o = Systematic(4);
  o.max_schedules = 4;
  const ScheduleResult r = ExploreSchedules(&TinyBody, o);
  EXPECT_EQ(r.schedules, 4u);
  EXPECT_TRUE(r.truncated);
  EXPECT_FALSE(r.exhaustive);
}

// Three threads that each do host work between switch points: never two at
// once.
TEST(ScheduleExploration, ThreadsRunOneAtATime) {
  std::atomic<int> active{0};
  std::atomic<int> most{0};
  auto work = [&] {
    for (int i = 0; i < 20; ++i) {
      const int now = active.fetch_add(1) + 1;
      for (int k = 0; k < 20; ++k) std::this_thread::yield();
      int seen = most.load();
      while (now > seen && !most.compare_exchange_weak(seen, now)) {
      }
      active.fetch_sub(1);
      ExFreePoolWithTag(ExAllocatePool2(POOL_FLAG_NON_PAGED, 8, 'enOT'), 'enOT');
    }
  };
  const ScheduleResult r = ExploreSchedules(
      [&] {
        SimThread a(work);
        SimThread b(work);
        work();
      },
      Random(5));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.schedules, 5u);
  EXPECT_EQ(most.load(), 1);
}

// Outside schedule mode a SimThread is a plain concurrent thread.
TEST(ScheduleExploration, SimThreadOutsideScheduleIsAHostThread) {
  EXPECT_FALSE(race::InSchedule());
  std::atomic<bool> ran{false};
  std::atomic<bool> scheduled{true};
  {
    SimThread t([&] {
      ran = true;
      scheduled = race::InSchedule();
    });
  }
  EXPECT_TRUE(ran.load());
  EXPECT_FALSE(scheduled.load());
}

// --- The planted ordering bug -------------------------------------------

// Set by a schedule in which the two threads came back with different
// buffers.
bool g_split = false;

void TwoThreadsGet(PVOID (*get)(PSCHEDULE_SAMPLE_BUFFER)) {
  SCHEDULE_SAMPLE_BUFFER shared;
  ScheduleSampleInitialize(&shared);
  PVOID theirs = nullptr;
  SimThread worker([&] { theirs = get(&shared); });
  PVOID mine = get(&shared);
  worker.Join();
  g_split = mine != theirs;
  ScheduleSampleTeardown(&shared);
}

void BuggyBody() { TwoThreadsGet(&ScheduleSampleGetBuggy); }
void FixedBody() { TwoThreadsGet(&ScheduleSampleGetFixed); }

// The body's own check, for ExploreSchedules called directly.
void SplitCheck(std::vector<std::string>* failures) {
  if (g_split) failures->push_back("both threads must use the one shared buffer");
  g_split = false;
}

// The same body with its check as a GoogleTest expectation.
void CheckedBody(PVOID (*get)(PSCHEDULE_SAMPLE_BUFFER)) {
  TwoThreadsGet(get);
  EXPECT_FALSE(g_split) << "both threads must use the one shared buffer";
  g_split = false;
}

// The ordinary tests: one thread, and two threads one after the other.
TEST(ScheduleSample, OrdinaryTestsPass) {
  for (auto get : {&ScheduleSampleGetBuggy, &ScheduleSampleGetFixed}) {
    poolsim::Environment env;
    poolsim::ScopedEnvironment install(&env);
    SCHEDULE_SAMPLE_BUFFER shared;
    ScheduleSampleInitialize(&shared);
    PVOID first = get(&shared);
    ASSERT_NE(first, nullptr);
    PVOID second = nullptr;
    std::thread([&] { second = get(&shared); }).join();
    EXPECT_EQ(first, second);
    ScheduleSampleTeardown(&shared);
    EXPECT_TRUE(poolsim::BuildLeakReport(env).clean());
  }
}

TEST(ScheduleSample, RandomExplorationFindsTheBugAndPrintsTheSeed) {
  const ScheduleResult r = ExploreSchedules(&BuggyBody, Random(200), &SplitCheck);
  ASSERT_FALSE(r.clean()) << "200 random schedules never found the race";
  const race::ScheduleRun& run = r.failures.front();
  EXPECT_TRUE(run.seeded);
  EXPECT_FALSE(run.report.clean()) << "the first buffer leaks";
  EXPECT_EQ(run.report.leaked_blocks(), 1u);
  ASSERT_EQ(run.test_failures.size(), 1u);
  EXPECT_NE(run.test_failures[0].find("one shared buffer"), std::string::npos);
  const std::string text = race::DescribeScheduleRun(run);
  EXPECT_NE(text.find("FLTCTX_SCHEDULE_SEED=" + std::to_string(run.seed)), std::string::npos)
      << text;
  EXPECT_NE(text.find("FLTCTX_SCHEDULE=" + race::FormatChoices(run.choices)), std::string::npos)
      << text;
  EXPECT_NE(text.find("(preempts)"), std::string::npos) << text;
}

// Same seed, same schedule, same failure, every time.
TEST(ScheduleSample, ReplayFromTheSeedReproducesTheFailure) {
  const ScheduleResult found = ExploreSchedules(&BuggyBody, Random(200), &SplitCheck);
  ASSERT_FALSE(found.clean());
  const race::ScheduleRun& first = found.failures.front();
  for (int i = 0; i < 3; ++i) {
    ScheduleOptions replay;
    replay.replay_seed_set = true;
    replay.replay_seed = first.seed;
    const ScheduleResult again = ExploreSchedules(&BuggyBody, replay, &SplitCheck);
    EXPECT_EQ(again.schedules, 1u);
    ASSERT_EQ(again.failures.size(), 1u);
    const race::ScheduleRun& run = again.failures.front();
    EXPECT_EQ(run.seed, first.seed);
    EXPECT_EQ(run.choices, first.choices);
    EXPECT_EQ(run.trace, first.trace);
    EXPECT_EQ(run.report.leaked_blocks(), first.report.leaked_blocks());
    EXPECT_EQ(run.test_failures.size(), first.test_failures.size());
  }
}

// The one environment variable of the report replays it.
TEST(ScheduleSample, ReplayThroughTheEnvironmentVariables) {
  const ScheduleResult found = ExploreSchedules(&BuggyBody, Random(200), &SplitCheck);
  ASSERT_FALSE(found.clean());
  const race::ScheduleRun& first = found.failures.front();

  ASSERT_EQ(setenv("FLTCTX_SCHEDULE_SEED", std::to_string(first.seed).c_str(), 1), 0);
  const ScheduleResult by_seed = ExploreSchedules(&BuggyBody, ScheduleOptions::FromEnv(), &SplitCheck);
  unsetenv("FLTCTX_SCHEDULE_SEED");
  ASSERT_EQ(by_seed.failures.size(), 1u);
  EXPECT_EQ(by_seed.failures[0].choices, first.choices);

  ASSERT_EQ(setenv("FLTCTX_SCHEDULE", race::FormatChoices(first.choices).c_str(), 1), 0);
  const ScheduleResult by_choices = ExploreSchedules(&BuggyBody, ScheduleOptions::FromEnv(), &SplitCheck);
  unsetenv("FLTCTX_SCHEDULE");
  ASSERT_EQ(by_choices.failures.size(), 1u);
  EXPECT_EQ(by_choices.failures[0].choices, first.choices);
  EXPECT_TRUE(by_choices.failures[0].divergence.empty());
  EXPECT_EQ(by_choices.failures[0].report.leaked_blocks(), 1u);
}

TEST(ScheduleSample, AReplayThatNoLongerFitsSaysSo) {
  ScheduleOptions o;
  o.replay_choices = "7,7";
  const ScheduleResult r = ExploreSchedules(&FixedBody, o, &SplitCheck);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_NE(r.failures[0].divergence.find("thread 7"), std::string::npos)
      << r.failures[0].divergence;
  o.replay_choices = "0,x";
  const ScheduleResult bad = ExploreSchedules(&FixedBody, o, &SplitCheck);
  ASSERT_EQ(bad.failures.size(), 1u);
  EXPECT_EQ(bad.schedules, 0u);
  EXPECT_NE(bad.failures[0].divergence.find("not a comma-separated list"), std::string::npos);
}

TEST(ScheduleSample, SystematicExplorationFindsTheBugWithOnePreemption) {
  const ScheduleResult none = ExploreSchedules(&BuggyBody, Systematic(0), &SplitCheck);
  EXPECT_TRUE(none.clean()) << "without a preemption the threads never overlap";
  const ScheduleResult r = ExploreSchedules(&BuggyBody, Systematic(1), &SplitCheck);
  EXPECT_TRUE(r.exhaustive);
  EXPECT_FALSE(r.clean());
  for (const race::ScheduleRun& run : r.failures) EXPECT_EQ(run.preemptions, 1u);
}

TEST(ScheduleSample, TheFixedVersionIsCleanUnderEverySchedule) {
  const ScheduleResult random = ExploreSchedules(&FixedBody, Random(200), &SplitCheck);
  EXPECT_TRUE(random.clean()) << race::DescribeScheduleRun(random.failures.front());
  EXPECT_EQ(random.schedules, 200u);
  const ScheduleResult all = ExploreSchedules(&FixedBody, Systematic(2), &SplitCheck);
  EXPECT_TRUE(all.exhaustive);
  EXPECT_TRUE(all.clean()) << race::DescribeScheduleRun(all.failures.front());
  EXPECT_GT(all.schedules, 10u);
}

void BuggyForMacro() {
  EXPECT_SCHEDULES_CLEAN(Random(200), CheckedBody(&ScheduleSampleGetBuggy));
}

TEST(ScheduleSample, TheMacroPassesTheFixedVersionAndFailsTheBuggyOne) {
  EXPECT_SCHEDULES_CLEAN(Systematic(2), CheckedBody(&ScheduleSampleGetFixed));
  EXPECT_NONFATAL_FAILURE(BuggyForMacro(), "FLTCTX_SCHEDULE_SEED=");
}

// --- Blocking, timeouts, deadlocks ---------------------------------------

// The waiter blocks (cooperatively) until the other thread sets the event,
// in every schedule.
TEST(ScheduleBlocking, AWaitBlocksUntilTheOtherThreadSignals) {
  auto body = [] {
    KEVENT ready;
    KeInitializeEvent(&ready, NotificationEvent, FALSE);
    NTSTATUS status = STATUS_PENDING;
    SimThread waiter([&] {
      status = KeWaitForSingleObject(&ready, Executive, KernelMode, FALSE, nullptr);
    });
    ExFreePoolWithTag(ExAllocatePool2(POOL_FLAG_NON_PAGED, 8, 'tseT'), 'tseT');
    KeSetEvent(&ready, IO_NO_INCREMENT, FALSE);
    waiter.Join();
    EXPECT_EQ(status, STATUS_SUCCESS);
  };
  EXPECT_SCHEDULES_CLEAN(Systematic(3), body());
}

// A timeout is logical: it fires only when no thread can run, so a wait for
// an event that the other thread will set never times out, however long
// the host takes, and one that nobody sets times out at once.
TEST(ScheduleBlocking, TimeoutsAreLogical) {
  auto set_later = [] {
    KEVENT ready;
    KeInitializeEvent(&ready, NotificationEvent, FALSE);
    NTSTATUS status = STATUS_PENDING;
    SimThread waiter([&] {
      LARGE_INTEGER one_ms;
      one_ms.QuadPart = -10000;
      status = KeWaitForSingleObject(&ready, Executive, KernelMode, FALSE, &one_ms);
    });
    // Host time passes; the logical clock does not.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ExFreePoolWithTag(ExAllocatePool2(POOL_FLAG_NON_PAGED, 8, 'tseT'), 'tseT');
    KeSetEvent(&ready, IO_NO_INCREMENT, FALSE);
    waiter.Join();
    EXPECT_EQ(status, STATUS_SUCCESS);
  };
  EXPECT_SCHEDULES_CLEAN(Systematic(3), set_later());

  const auto start = std::chrono::steady_clock::now();
  auto nobody_sets = [] {
    KEVENT never;
    KeInitializeEvent(&never, NotificationEvent, FALSE);
    LARGE_INTEGER one_hour;
    one_hour.QuadPart = -36000000000LL;
    EXPECT_EQ(KeWaitForSingleObject(&never, Executive, KernelMode, FALSE, &one_hour),
              STATUS_TIMEOUT);
    EXPECT_EQ(KeDelayExecutionThread(KernelMode, FALSE, &one_hour), STATUS_SUCCESS);
  };
  EXPECT_SCHEDULES_CLEAN(Random(3), nobody_sets());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

// The library's own waits (a pended operation waiting for its completion,
// an instance teardown waiting for a drain) block cooperatively too: the
// thread that ends them runs meanwhile.
TEST(ScheduleBlocking, LibraryWaitsCooperate) {
  auto body = [] {
    poolsim::poolsim_internal::Mutex mu;
    poolsim::poolsim_internal::CondVar cv;
    bool done = false;
    SimThread completer([&] {
      ExFreePoolWithTag(ExAllocatePool2(POOL_FLAG_NON_PAGED, 8, 'tseT'), 'tseT');
      mu.Lock();
      done = true;
      mu.Unlock();
      cv.NotifyAll();
    });
    mu.Lock();
    while (!done) cv.Wait(&mu);
    mu.Unlock();
    completer.Join();
  };
  const ScheduleResult r = ExploreSchedules(body, Systematic(2));
  EXPECT_TRUE(r.clean());
  EXPECT_TRUE(r.exhaustive);
  EXPECT_GE(r.schedules, 3u);
}

ABSL_ATTRIBUTE_NOINLINE void WaitForeverOn(PKEVENT never, NTSTATUS* status) {
  *status = KeWaitForSingleObject(never, Executive, KernelMode, FALSE, nullptr);
}

// Every thread blocked and no timeout: reported with each thread's stack,
// the wait returns as after the wait bound, the host never hangs.
TEST(ScheduleBlocking, ADeadlockIsReportedWithEveryThreadsStack) {
  NTSTATUS status = STATUS_PENDING;
  const ScheduleResult r = ExploreSchedules(
      [&] {
        KEVENT never;
        KeInitializeEvent(&never, NotificationEvent, FALSE);
        SimThread waiter([&] { WaitForeverOn(&never, &status); });
        waiter.Join();
      },
      Random(1));
  ASSERT_EQ(r.failures.size(), 1u);
  const race::ScheduleRun& run = r.failures[0];
  EXPECT_NE(run.deadlock.find("deadlock: every thread is blocked"), std::string::npos);
  EXPECT_NE(run.deadlock.find("thread 0 blocked in SimThread::Join (of thread 1)"),
            std::string::npos)
      << run.deadlock;
  EXPECT_NE(run.deadlock.find("thread 1 blocked in a wait"), std::string::npos) << run.deadlock;
  EXPECT_NE(run.deadlock.find("WaitForeverOn"), std::string::npos) << run.deadlock;
  EXPECT_EQ(status, STATUS_TIMEOUT);
  ASSERT_EQ(run.report.bug_checks.size(), 1u);
  EXPECT_EQ(run.report.bug_checks[0].code, 0xC4u);
  EXPECT_EQ(run.report.bug_checks[0].parameters[0], 0x1001u);
}

ABSL_ATTRIBUTE_NOINLINE void AcquireHeldSpinLock(PKSPIN_LOCK lock) {
  KIRQL irql;
  KeAcquireSpinLock(lock, &irql);
}

// A contended spin lock blocks cooperatively: two threads increment under
// it in every schedule; a holder that never releases is a deadlock reported
// as the DPC watchdog's 0x133/0x1 at once, not after the spin timeout.
TEST(ScheduleBlocking, SpinLocksCooperate) {
  auto counting = [] {
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    int counter = 0;
    auto increment = [&] {
      KIRQL irql;
      KeAcquireSpinLock(&lock, &irql);
      const int seen = counter;
      ExFreePoolWithTag(ExAllocatePool2(POOL_FLAG_NON_PAGED, 8, 'nipS'), 'nipS');
      counter = seen + 1;
      KeReleaseSpinLock(&lock, irql);
    };
    SimThread other(increment);
    increment();
    other.Join();
    EXPECT_EQ(counter, 2);
  };
  EXPECT_SCHEDULES_CLEAN(Systematic(3), counting());

  ScheduleOptions o = Random(1);
  o.base.spin_timeout_ms = 60000;
  const auto start = std::chrono::steady_clock::now();
  const ScheduleResult r = ExploreSchedules(
      [] {
        KSPIN_LOCK lock;
        KeInitializeSpinLock(&lock);
        SimThread holder([&] { AcquireHeldSpinLock(&lock); });  // never released
        holder.Join();
        AcquireHeldSpinLock(&lock);
      },
      o);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  ASSERT_EQ(r.failures.size(), 1u);
  const race::ScheduleRun& run = r.failures[0];
  EXPECT_NE(run.deadlock.find("thread 0 blocked in KeAcquireSpinLock"), std::string::npos)
      << run.deadlock;
  ASSERT_GE(run.report.bug_checks.size(), 1u);
  EXPECT_EQ(run.report.bug_checks[0].code, 0x133u);
}

// --- The examples of docs/concurrency.md, "Schedule exploration" ---------

namespace docs {

void BothThreadsGetTheBuffer(PVOID (*get)(PSCHEDULE_SAMPLE_BUFFER)) {
  SCHEDULE_SAMPLE_BUFFER shared;
  ScheduleSampleInitialize(&shared);
  PVOID theirs = nullptr;
  race::SimThread worker([&] { theirs = get(&shared); });
  PVOID mine = get(&shared);
  worker.Join();
  EXPECT_EQ(mine, theirs) << "both threads must use the one shared buffer";
  ScheduleSampleTeardown(&shared);
}

TEST(ScheduleDocs, TheFixedSampleIsCleanUnderEverySchedule) {
  race::ScheduleOptions options;
  options.strategy = race::ScheduleStrategy::kSystematic;
  options.max_preemptions = 2;
  EXPECT_SCHEDULES_CLEAN(options, BothThreadsGetTheBuffer(&ScheduleSampleGetFixed));
}

void ExploreTheBuggySample() {
  race::ScheduleOptions options;  // random: seeds 1 to 100
  EXPECT_SCHEDULES_CLEAN(options, BothThreadsGetTheBuffer(&ScheduleSampleGetBuggy));
}

TEST(ScheduleDocs, RandomSchedulesFindTheBuggySample) {
  EXPECT_NONFATAL_FAILURE(ExploreTheBuggySample(), "FLTCTX_SCHEDULE_SEED=2");
}

TEST(ScheduleDocs, CountTheSchedules) {
  race::ScheduleOptions options;
  options.strategy = race::ScheduleStrategy::kSystematic;
  options.max_preemptions = 1;
  const race::ScheduleResult r = race::ExploreSchedules(&TinyBody, options);
  EXPECT_TRUE(r.exhaustive);
  EXPECT_EQ(r.schedules, 3u);
}

}  // namespace docs

}  // namespace
