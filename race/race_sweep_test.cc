// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The race-path sweep on the classic get-or-create race: both wrong versions
// of the sample filter pass ordinary tests, the sweep catches each with a
// report naming the racer and the call, and the correct version passes it.

#include <string>
#include <thread>

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

using ::testing::ElementsAre;
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
  // Each open: the post-create boundary, then get (none), set, release on
  // the first; get (found), its use, release on the second.
  EXPECT_THAT(r.points,
              ElementsAre("the post-operation callback of IRP_MJ_CREATE", "FltGetStreamContext",
                          "FltSetStreamContext", "FltReleaseContext",
                          "the post-operation callback of IRP_MJ_CREATE", "FltGetStreamContext",
                          "the use of the context FltGetStreamContext returned",
                          "FltReleaseContext"));
  EXPECT_EQ(r.race_points, 8u);
  EXPECT_EQ(r.runs, 9u);
  // Every point but the first get (nothing to delete) changes something.
  EXPECT_EQ(r.raced, 7u);
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

// A body whose I/O comes from two threads at once: each thread's racy calls
// are points (counted under the sweep's lock; --config=tsan checks it).
TEST(RaceSweep, ABodyMayAnnounceFromSeveralThreads) {
  auto body = [] {
    RaceSampleMode = RaceSampleCorrect;
    fltctx::FilterManager fm(poolsim::Ambient());
    fltctx::ScopedFilterManager install(&fm);
    if (RaceSampleLoad() != STATUS_SUCCESS) return;
    {
      fltctx::io::Volume volume(fm);
      volume.Attach(RaceSampleFilter, "370000");
      auto open_close = [&volume](const wchar_t* name) {
        fltctx::io::Handle h = volume.Create(name, FILE_CREATE);
        h.Close();
      };
      std::thread one(open_close, L"\\one.txt");
      std::thread two(open_close, L"\\two.txt");
      one.join();
      two.join();
    }
    RaceSampleUnload();
  };
  const race::RaceSweepResult r = race::SweepRaces(body);
  // Each open: the post-create boundary, get (none), set, release.
  EXPECT_EQ(r.race_points, 8u);
  EXPECT_TRUE(r.clean()) << race::DescribeRaceRun(r.failures.front());
}

}  // namespace
