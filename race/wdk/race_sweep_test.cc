// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The C form of the race sweep, driven from C test code
// (race/testdata/race_c_test.c): the sweep's verdict and result struct, the
// body's own failures, and the C controls.

#include "race/wdk/race_sweep.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/bugcheck_codes.h"
#include "race/testdata/race_c_test.h"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RaceSweepC, TheCorrectVersionIsCleanUnderEveryRace) {
  RACE_SWEEP_RESULT r;
  EXPECT_TRUE(RaceCSweepOpenTwice(RaceSampleCorrect, &r)) << r.Report;
  EXPECT_EQ(r.RacePoints, 8u);
  EXPECT_EQ(r.Runs, 9u);
  EXPECT_EQ(r.Raced, 7u);
  EXPECT_EQ(r.FailedRuns, 0u);
  EXPECT_FALSE(r.Truncated);
  EXPECT_STREQ(r.Report, "");
}

TEST(RaceSweepC, TheLoserThatLeaksIsNamedInTheResult) {
  RACE_SWEEP_RESULT r;
  EXPECT_FALSE(RaceCSweepOpenTwice(RaceSampleLeaksLoser, &r));
  EXPECT_EQ(r.FailedRuns, 1u);
  EXPECT_EQ(r.FirstFailedPoint, 3u);
  EXPECT_STREQ(r.FirstFailedCall, "FltSetStreamContext");
  EXPECT_THAT(r.FirstFailedRacer, HasSubstr("another thread set a FLT_STREAM_CONTEXT"));
  EXPECT_EQ(r.FirstFailedLeaks, 1u);
  EXPECT_EQ(r.FirstFailedBugCheck, 0u);
  EXPECT_THAT(r.Report, HasSubstr("just before FltSetStreamContext"));
  EXPECT_THAT(r.Report, HasSubstr("GetOrCreate"));
  EXPECT_THAT(r.Report, HasSubstr("tag 'Race'"));
}

TEST(RaceSweepC, TheWinnerReleasedTwiceIsItsBugCheck) {
  RACE_SWEEP_RESULT r;
  EXPECT_FALSE(RaceCSweepOpenTwice(RaceSampleReleasesWinnerTwice, &r));
  EXPECT_EQ(r.FailedRuns, 1u);
  EXPECT_STREQ(r.FirstFailedCall, "FltSetStreamContext");
  EXPECT_EQ(r.FirstFailedBugCheck, poolsim::bugcheck::kFltmgrFileSystem);
}

TEST(RaceSweepC, AFailedScenarioCheckFailsTheRun) {
  RACE_SWEEP_RESULT r;
  EXPECT_FALSE(RaceCSweepCountsOpens(&r));
  // Every racer that leaves the second handle's stream without its context:
  // a dismount before either post-create, and a delete at the second open's
  // use and release and at the check's own get.
  EXPECT_EQ(r.FailedRuns, 5u);
  EXPECT_EQ(r.FirstFailedPoint, 1u);
  EXPECT_STREQ(r.FirstFailedCall, "the post-operation callback of IRP_MJ_CREATE");
  EXPECT_THAT(r.FirstFailedRacer, HasSubstr("the volume was dismounted first"));
  EXPECT_EQ(r.FirstFailedLeaks, 0u);
  EXPECT_THAT(r.Report, HasSubstr("scenario: line 4: expect-stream-context b present"));
}

TEST(RaceSweepC, AScenarioThatFailsWithoutARaceFailsTheFirstRun) {
  RACE_SWEEP_RESULT r;
  EXPECT_FALSE(RaceCSweepFailingScenario(&r));
  EXPECT_EQ(r.FirstFailedPoint, 0u);
  EXPECT_THAT(r.Report, HasSubstr("the run without a racer was not clean"));
  EXPECT_THAT(r.Report, HasSubstr("STATUS_OBJECT_NAME_NOT_FOUND"));
  EXPECT_THAT(r.Report, Not(HasSubstr("did not return STATUS_UNSUCCESSFUL")));
}

TEST(RaceSweepC, NullArgumentsRunNothing) {
  RACE_SWEEP_RESULT r;
  r.Runs = 77;
  EXPECT_FALSE(RaceCSweepNullBody(&r));
  EXPECT_EQ(r.Runs, 77u);  // untouched
  EXPECT_EQ(RaceCScenarioWithoutFilter(), STATUS_INVALID_PARAMETER);
}

TEST(RaceSweepCControls, OnlyTheTeardownRacer) {
  RACE_SWEEP_RESULT r;
  // The leak needs the set racer: with only teardown it is out of reach.
  EXPECT_TRUE(RaceCSweepTeardownOnly(RaceSampleLeaksLoser, &r)) << r.Report;
  EXPECT_EQ(r.RacePoints, 2u);  // the two post-creates
  // The controls were reset: the next sweep plays every racer again.
  EXPECT_FALSE(RaceCSweepOpenTwice(RaceSampleLeaksLoser, &r));
}

TEST(RaceSweepCControls, OnlyThePointsNamed) {
  RACE_SWEEP_RESULT r;
  EXPECT_FALSE(RaceCSweepSetPointsOnly(RaceSampleLeaksLoser, &r));
  EXPECT_EQ(r.RacePoints, 1u);
  EXPECT_EQ(r.Runs, 2u);
  EXPECT_EQ(r.FirstFailedPoint, 1u);
  EXPECT_STREQ(r.FirstFailedCall, "FltSetStreamContext");
}

TEST(RaceSweepCControls, TheRunCap) {
  RACE_SWEEP_RESULT r;
  EXPECT_TRUE(RaceCSweepTwoRuns(RaceSampleLeaksLoser, &r));  // the set racer is run 3
  EXPECT_EQ(r.Runs, 2u);
  EXPECT_TRUE(r.Truncated);
}

}  // namespace
