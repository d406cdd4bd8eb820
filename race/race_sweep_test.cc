// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The race-path sweep on the classic get-or-create race: both wrong versions
// of the sample filter pass ordinary tests, the sweep catches each with a
// report naming the racer and the call, and the correct version passes it.

#include <string>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "gmock/gmock.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "race/race_sweep.h"
#include "race/testdata/race_sample.h"
#include "race/testing/race_sweep.h"

namespace {

using ::testing::HasSubstr;

// Load, open a file twice (the second open finds the context), close, unload,
// on a filter manager of the ambient environment.
void OpenTwice(RACE_SAMPLE_MODE mode) {
  RaceSampleMode = mode;
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  ASSERT_EQ(RaceSampleLoad(), STATUS_SUCCESS);
  {
    fltctx::io::Volume volume(fm);
    volume.Attach(RaceSampleFilter, "370000");
    fltctx::io::Handle a = volume.Create(L"\\a.txt", FILE_CREATE);
    EXPECT_EQ(a.status(), STATUS_SUCCESS);
    fltctx::io::Handle b = volume.Create(L"\\a.txt", FILE_OPEN);
    EXPECT_EQ(b.status(), STATUS_SUCCESS);
    b.Close();
    a.Close();
  }
  RaceSampleUnload();
}

TEST(RaceSample, EveryVersionPassesItsOrdinaryTest) {
  OpenTwice(RaceSampleCorrect);
  OpenTwice(RaceSampleLeaksLoser);
  OpenTwice(RaceSampleReleasesWinnerTwice);
  RaceSampleMode = RaceSampleCorrect;
  // The leak-check listener checks the three left nothing behind.
}

TEST(RaceSweep, CountsTheRacyCalls) {
  const race::RaceSweepResult r = race::SweepRaces([] { OpenTwice(RaceSampleCorrect); });
  // First open: get (none), set. Second open: get (found). Each is a point.
  EXPECT_EQ(r.race_points, 3u);
  EXPECT_EQ(r.runs, 4u);
  EXPECT_GE(r.raced, 2u);  // the set racer and the delete-before-get racer
  EXPECT_TRUE(r.clean()) << race::DescribeRaceRun(r.failures.front());
}

TEST(RaceSweep, FindsTheLoserContextThatLeaks) {
  const race::RaceSweepResult r = race::SweepRaces([] { OpenTwice(RaceSampleLeaksLoser); });
  RaceSampleMode = RaceSampleCorrect;
  ASSERT_EQ(r.failures.size(), 1u);
  const race::RaceRun& run = r.failures[0];
  EXPECT_EQ(run.racer.api, "FltSetStreamContext");
  EXPECT_THAT(run.racer.action, HasSubstr("set a FLT_STREAM_CONTEXT"));
  EXPECT_FALSE(run.report.clean());
  ASSERT_FALSE(run.report.groups.empty());
  EXPECT_EQ(run.report.groups[0].tag.ToString(), "Race");
  const std::string text = race::DescribeRaceRun(run);
  EXPECT_THAT(text, HasSubstr("just before FltSetStreamContext"));
  EXPECT_THAT(text, HasSubstr("GetOrCreate"));  // the driver's frame of the call
}

TEST(RaceSweep, FindsTheWinnerReleasedTwice) {
  const race::RaceSweepResult r =
      race::SweepRaces([] { OpenTwice(RaceSampleReleasesWinnerTwice); });
  RaceSampleMode = RaceSampleCorrect;
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].racer.api, "FltSetStreamContext");
  EXPECT_FALSE(r.failures[0].report.bug_checks.empty());
}

TEST(RaceSweep, TheCorrectVersionPassesEveryRace) {
  EXPECT_RACE_PATHS_CLEAN(OpenTwice(RaceSampleCorrect));
}

TEST(RaceSweep, TheMacroFailsWithTheRacerAndTheCall) {
  EXPECT_NONFATAL_FAILURE(EXPECT_RACE_PATHS_CLEAN(OpenTwice(RaceSampleLeaksLoser)),
                          "another thread set a FLT_STREAM_CONTEXT");
  RaceSampleMode = RaceSampleCorrect;
}

TEST(RaceSweep, ExpectationsThatFailInARunFailTheSweep) {
  // A body whose own expectation depends on no race: the delete racer makes
  // the second open find no context.
  auto body = [] {
    fltctx::FilterManager fm(poolsim::Ambient());
    fltctx::ScopedFilterManager install(&fm);
    ASSERT_EQ(RaceSampleLoad(), STATUS_SUCCESS);
    {
      fltctx::io::Volume volume(fm);
      volume.Attach(RaceSampleFilter, "370000");
      fltctx::io::Handle a = volume.Create(L"\\a.txt", FILE_CREATE);
      fltctx::io::Handle b = volume.Create(L"\\a.txt", FILE_OPEN);
      b.Close();
      a.Close();
    }
    RaceSampleUnload();
    EXPECT_TRUE(false) << "expectation inside the body";
  };
  EXPECT_NONFATAL_FAILURE(EXPECT_RACE_PATHS_CLEAN(body()), "expectation inside the body");
}

}  // namespace
