// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Schedule exploration of a whole filter under simulated I/O: two threads
// open the same file at once, and the get-or-create of the stream context
// in the race sweep's sample filter (race/testdata/race_sample.c) meets
// its race through real interleavings of the two opens, at the racy calls
// the filter manager announces (FltGetStreamContext, FltSetStreamContext).

#include <string>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "race/schedule.h"
#include "race/testdata/race_sample.h"
#include "race/testdata/schedule_pend_sample.h"
#include "race/testing/schedule.h"

namespace {

void TwoOpensAtOnce(RACE_SAMPLE_MODE mode) {
  RaceSampleMode = mode;
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  ASSERT_EQ(RaceSampleLoad(), STATUS_SUCCESS);
  {
    fltctx::io::Volume volume(fm);
    volume.Attach(RaceSampleFilter, "370000");
    volume.Create(L"\\a.txt", FILE_CREATE).Close();
    NTSTATUS theirs = STATUS_PENDING;
    race::SimThread other([&] {
      fltctx::io::Handle b = volume.Create(L"\\a.txt", FILE_OPEN);
      theirs = b.status();
      b.Close();
    });
    fltctx::io::Handle a = volume.Create(L"\\a.txt", FILE_OPEN);
    EXPECT_EQ(a.status(), STATUS_SUCCESS);
    a.Close();
    other.Join();
    EXPECT_EQ(theirs, STATUS_SUCCESS);
  }
  RaceSampleUnload();
}

race::ScheduleOptions Systematic(uint32_t preemptions) {
  race::ScheduleOptions o;
  o.strategy = race::ScheduleStrategy::kSystematic;
  o.max_preemptions = preemptions;
  o.stop_at_first_failure = false;
  return o;
}

TEST(ScheduleFilter, TheCorrectFilterIsCleanUnderEverySchedule) {
  EXPECT_SCHEDULES_CLEAN(Systematic(2), TwoOpensAtOnce(RaceSampleCorrect));
}

TEST(ScheduleFilter, TheLeakingFilterIsFoundWithOnePreemption) {
  const race::ScheduleResult none =
      race::ExploreSchedules([] { TwoOpensAtOnce(RaceSampleLeaksLoser); }, Systematic(0));
  EXPECT_TRUE(none.clean()) << "the opens one after the other never race";
  const race::ScheduleResult r =
      race::ExploreSchedules([] { TwoOpensAtOnce(RaceSampleLeaksLoser); }, Systematic(1));
  RaceSampleMode = RaceSampleCorrect;
  EXPECT_TRUE(r.exhaustive);
  ASSERT_FALSE(r.clean());
  const std::string text = race::DescribeScheduleRun(r.failures.front());
  EXPECT_NE(text.find("FltGetStreamContext"), std::string::npos) << text;
  EXPECT_FALSE(r.failures.front().report.objects.empty()) << "the loser's context is left";
}

// A write pended by the filter waits inside the filter manager until a
// worker completes it: that wait blocks cooperatively, so the worker runs.
void PendedWriteCompletedByAWorker() {
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  ASSERT_EQ(SchedulePendLoad(), STATUS_SUCCESS);
  {
    fltctx::io::Volume volume(fm);
    volume.Attach(SchedulePendFilter, "370000");
    fltctx::io::Handle h = volume.Create(L"\\p.txt", FILE_CREATE);
    race::SimThread worker([] { SchedulePendCompleteOne(); });
    EXPECT_EQ(h.Write("data"), STATUS_SUCCESS);
    worker.Join();
    h.Close();
    EXPECT_EQ(volume.Contents(L"\\p.txt"), "data");
  }
  SchedulePendUnload();
}

TEST(ScheduleFilter, APendedOperationWaitsCooperativelyForItsCompletion) {
  const race::ScheduleResult r = race::ExploreSchedules(&PendedWriteCompletedByAWorker,
                                                        Systematic(2));
  EXPECT_TRUE(r.exhaustive);
  EXPECT_TRUE(r.clean()) << race::DescribeScheduleRun(r.failures.front());
  EXPECT_GE(r.schedules, 2u);
}

}  // namespace
