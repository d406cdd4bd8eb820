// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The race-path sweep on instance teardown during I/O: a filter whose
// post-operation returns at once when drained leaks its completion context;
// ordinary tests never drain, the sweep dismounts the volume with the write
// in flight and reports the leak with the racer and the callback named; the
// version that frees the completion context when drained passes every race.

#include <string>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "race/race_sweep.h"
#include "race/testdata/audit_sample.h"
#include "race/testing/race_sweep.h"

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

// Open a file, write to it, close it.
void WriteOnce(AUDIT_SAMPLE_MODE mode) {
  AuditSampleMode = mode;
  AuditSampleBytes = 0;
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  ASSERT_EQ(AuditSampleLoad(), STATUS_SUCCESS);
  {
    fltctx::io::Volume volume(fm);
    ASSERT_NE(volume.Attach(AuditSampleFilter, "370000"), nullptr);
    fltctx::io::Handle h = volume.Create(L"\\audit.txt", FILE_CREATE);
    EXPECT_EQ(h.Write("12345"), STATUS_SUCCESS);
    h.Close();
  }
  AuditSampleUnload();
}

TEST(TeardownDuringIo, BothVersionsPassTheirOrdinaryTest) {
  WriteOnce(AuditSampleCorrect);
  EXPECT_EQ(AuditSampleBytes, 5);
  WriteOnce(AuditSampleLeaksWhenDraining);
  EXPECT_EQ(AuditSampleBytes, 5);
  AuditSampleMode = AuditSampleCorrect;
}

TEST(TeardownDuringIo, TheSweepTearsTheInstanceDownAtEachBoundary) {
  const race::RaceSweepResult r = race::SweepRaces([] { WriteOnce(AuditSampleCorrect); });
  EXPECT_THAT(r.points,
              ElementsAre("FltSetInstanceContext", "FltReleaseContext",
                          "the pre-operation callback of IRP_MJ_WRITE",
                          "the post-operation callback of IRP_MJ_WRITE", "FltGetInstanceContext",
                          "the use of the context FltGetInstanceContext returned",
                          "FltReleaseContext", "FltGetInstanceContext",
                          "the use of the context FltGetInstanceContext returned",
                          "FltReleaseContext"));
  EXPECT_TRUE(r.clean()) << race::DescribeRaceRun(r.failures.front());
}

TEST(TeardownDuringIo, TheSweepFindsTheCompletionContextLeakedWhenDraining) {
  const race::RaceSweepResult r =
      race::SweepRaces([] { WriteOnce(AuditSampleLeaksWhenDraining); });
  AuditSampleMode = AuditSampleCorrect;
  ASSERT_THAT(r.failures, SizeIs(1));
  const race::RaceRun& run = r.failures[0];
  EXPECT_EQ(run.racer.api, "the post-operation callback of IRP_MJ_WRITE");
  // Numbered as in the run without a racer: what the drained post-write
  // announces on the racer's thread does not count.
  EXPECT_EQ(run.racer.point, 4u);
  EXPECT_THAT(run.racer.action, HasSubstr("the volume was dismounted first"));
  ASSERT_THAT(run.report.groups, SizeIs(1));
  EXPECT_EQ(run.report.groups[0].tag.ToString(), "Audr");
  EXPECT_TRUE(run.report.bug_checks.empty());
  const std::string text = race::DescribeRaceRun(run);
  EXPECT_THAT(text, HasSubstr("racer at racy call 4: the volume was dismounted first"));
  EXPECT_THAT(text, HasSubstr("just before the post-operation callback of IRP_MJ_WRITE"));
  EXPECT_THAT(text, HasSubstr("AuditPreWrite"));  // where the leaked record was allocated
  // The racer's stack starts at the test's write and stops at the sweep.
  EXPECT_THAT(text, HasSubstr("WriteOnce"));
  EXPECT_THAT(text, Not(HasSubstr("Dispatcher::Send")));
  EXPECT_THAT(text, Not(HasSubstr("race::SweepRaces")));
}

TEST(TeardownDuringIo, TheCorrectVersionPassesEveryRace) {
  EXPECT_RACE_PATHS_CLEAN(WriteOnce(AuditSampleCorrect));
}

// A dismount just before the pre-operation: the filter never sees the write.
TEST(TeardownDuringIo, ADismountBeforeThePreOperationSkipsTheInstance) {
  int pre_raced_runs = 0;
  const race::RaceSweepResult r = race::SweepRaces(
      [] { WriteOnce(AuditSampleCorrect); }, race::RaceSweepOptions(),
      [&](uint64_t run, std::vector<std::string>*) {
        if (run == 3) {  // the pre-operation boundary of the write
          EXPECT_EQ(AuditSampleBytes, 0);
          ++pre_raced_runs;
        }
      });
  EXPECT_EQ(pre_raced_runs, 1);
  EXPECT_TRUE(r.clean());
}

}  // namespace
