// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The race-path sweep on a use after delete: a filter that gives its
// reference back before it deletes through the pointer passes ordinary
// tests; the sweep catches it when another thread deletes the context in
// between (FLTMGR_FILE_SYSTEM 0xF5/0x6E, with the racer and the call named),
// and the version that deletes first passes every race.

#include <string>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/bugcheck_codes.h"
#include "poolsim/environment.h"
#include "race/race_sweep.h"
#include "race/testdata/forget_sample.h"
#include "race/testing/race_sweep.h"

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// One handle: create, write, close (cleanup forgets the stream).
void WriteAndClose(FORGET_SAMPLE_MODE mode) {
  ForgetSampleMode = mode;
  ForgetSampleWrites = 0;
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  ASSERT_EQ(ForgetSampleLoad(), STATUS_SUCCESS);
  {
    fltctx::io::Volume volume(fm);
    volume.Attach(ForgetSampleFilter, "370000");
    fltctx::io::Handle h = volume.Create(L"\\log.txt", FILE_CREATE);
    EXPECT_EQ(h.Write("one"), STATUS_SUCCESS);
    h.Close();
  }
  ForgetSampleUnload();
}

TEST(UseAfterDelete, BothVersionsPassTheirOrdinaryTest) {
  WriteAndClose(ForgetSampleCorrect);
  EXPECT_EQ(ForgetSampleWrites, 1);
  WriteAndClose(ForgetSampleDeletesAfterRelease);
  EXPECT_EQ(ForgetSampleWrites, 1);
  ForgetSampleMode = ForgetSampleCorrect;
  // The leak-check listener checks that both left nothing behind.
}

TEST(UseAfterDelete, TheSweepPlaysADeleteAtEveryUseOfAContext) {
  const race::RaceSweepResult r =
      race::SweepRaces([] { WriteAndClose(ForgetSampleCorrect); });
  EXPECT_THAT(r.points,
              ElementsAre("the post-operation callback of IRP_MJ_CREATE", "FltSetStreamContext",
                          "FltReleaseContext", "the post-operation callback of IRP_MJ_WRITE",
                          "FltGetStreamContext",
                          "the use of the context FltGetStreamContext returned",
                          "FltReleaseContext", "the pre-operation callback of IRP_MJ_CLEANUP",
                          "FltGetStreamContext",
                          "the use of the context FltGetStreamContext returned",
                          "FltDeleteContext", "FltReleaseContext"));
  EXPECT_TRUE(r.clean()) << race::DescribeRaceRun(r.failures.front());
}

TEST(UseAfterDelete, TheSweepFindsTheDeleteAfterRelease) {
  const race::RaceSweepResult r =
      race::SweepRaces([] { WriteAndClose(ForgetSampleDeletesAfterRelease); });
  ForgetSampleMode = ForgetSampleCorrect;
  // Another thread deleting the context anywhere between the cleanup's get
  // and its FltDeleteContext leaves that call with a freed context.
  std::vector<std::string> racers;
  for (const race::RaceRun& run : r.failures) {
    racers.push_back(run.racer.api);
    EXPECT_THAT(run.racer.action,
                HasSubstr("another thread deleted the FLT_STREAM_CONTEXT (FltDeleteContext)"));
    ASSERT_EQ(run.report.bug_checks.size(), 1u);
    EXPECT_TRUE(poolsim::BugCheckMatches(run.report.bug_checks[0],
                                         poolsim::stop_code::kFltmgrFileSystem.code, 0x6E));
  }
  EXPECT_THAT(racers, ElementsAre("the use of the context FltGetStreamContext returned",
                                  "FltReleaseContext", "FltDeleteContext"));
  ASSERT_FALSE(r.failures.empty());
  const std::string text = race::DescribeRaceRun(r.failures[1]);
  EXPECT_THAT(text, HasSubstr("racer at racy call 11: another thread deleted the "
                              "FLT_STREAM_CONTEXT (FltDeleteContext) first, just before "
                              "FltReleaseContext"));
  EXPECT_THAT(text, HasSubstr("ForgetPreCleanup"));  // the driver's frame of the call
  EXPECT_THAT(text, HasSubstr("0x6E"));
  EXPECT_THAT(text, Not(HasSubstr("race::SweepRaces")));
}

TEST(UseAfterDelete, TheCorrectVersionPassesEveryRace) {
  EXPECT_RACE_PATHS_CLEAN(WriteAndClose(ForgetSampleCorrect));
}

}  // namespace
