// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The race sweep's settings through the options and the environment
// variables (the C controls are tested from C, race/wdk/race_sweep_test.cc):
// the racers played, the point filter and the run cap.

#include <cstdlib>
#include <string>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "race/race_sweep.h"
#include "race/testdata/forget_sample.h"
#include "race/testing/race_sweep.h"

namespace {

using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::StartsWith;

void WriteAndClose(FORGET_SAMPLE_MODE mode) {
  ForgetSampleMode = mode;
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  ASSERT_EQ(ForgetSampleLoad(), STATUS_SUCCESS);
  {
    fltctx::io::Volume volume(fm);
    volume.Attach(ForgetSampleFilter, "370000");
    fltctx::io::Handle h = volume.Create(L"\\log.txt", FILE_CREATE);
    h.Write("one");
    h.Close();
  }
  ForgetSampleUnload();
}

// Sets an environment variable for the scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) { setenv(name, value, 1); }
  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* const name_;
};

TEST(RaceSweepOptions, TheRacersSelectThePoints) {
  race::RaceSweepOptions options;
  options.racers = race::kRacerTeardown;
  const race::RaceSweepResult r =
      race::SweepRaces([] { WriteAndClose(ForgetSampleCorrect); }, options);
  EXPECT_THAT(r.points, ElementsAre("the post-operation callback of IRP_MJ_CREATE",
                                    "the post-operation callback of IRP_MJ_WRITE",
                                    "the pre-operation callback of IRP_MJ_CLEANUP"));
  EXPECT_EQ(r.runs, 4u);
}

TEST(RaceSweepOptions, APointFilterKeepsOnlyTheCallsItNames) {
  race::RaceSweepOptions options;
  options.points = {"FltRelease*", "FltDeleteContext"};
  const race::RaceSweepResult r =
      race::SweepRaces([] { WriteAndClose(ForgetSampleDeletesAfterRelease); }, options);
  ForgetSampleMode = ForgetSampleCorrect;
  EXPECT_THAT(r.points, ElementsAre("FltReleaseContext", "FltReleaseContext",
                                    "FltReleaseContext", "FltDeleteContext"));
  // The bug is still found, at the two points left that reach it.
  ASSERT_THAT(r.failures, SizeIs(2));
  EXPECT_EQ(r.failures[0].racer.point, 3u);
  EXPECT_EQ(r.failures[0].racer.api, "FltReleaseContext");
  EXPECT_EQ(r.failures[1].racer.api, "FltDeleteContext");
}

TEST(RaceSweepOptions, MaxRunsTruncatesTheSweep) {
  race::RaceSweepOptions options;
  options.max_runs = 3;
  const race::RaceSweepResult r =
      race::SweepRaces([] { WriteAndClose(ForgetSampleCorrect); }, options);
  EXPECT_EQ(r.runs, 3u);
  EXPECT_TRUE(r.truncated);
}

TEST(RaceSweepOptions, TheStructDefaultsAreEveryRacerAndEveryPoint) {
  const race::RaceSweepOptions options;
  EXPECT_EQ(options.racers, race::kAllRacers);
  EXPECT_THAT(options.points, IsEmpty());
  EXPECT_EQ(options.max_runs, 10000u);
}

TEST(RaceSweepEnvironment, VariablesSetTheDefaults) {
  ScopedEnv racers("FLTCTX_RACE_SWEEP_RACERS", "use, delete");
  ScopedEnv points("FLTCTX_RACE_SWEEP_POINTS", "FltRelease*,FltGet*");
  ScopedEnv max_runs("FLTCTX_RACE_SWEEP_MAX_RUNS", "7");
  const race::RaceSweepOptions o = race::RaceSweepOptions::Defaults();
  EXPECT_EQ(o.racers, race::kRacerDeleteInUse | race::kRacerDeleteFirst);
  EXPECT_THAT(o.points, ElementsAre("FltRelease*", "FltGet*"));
  EXPECT_EQ(o.max_runs, 7u);
}

TEST(RaceSweepEnvironment, TheSweepAndTheMacroUseThem) {
  ScopedEnv racers("FLTCTX_RACE_SWEEP_RACERS", "teardown");
  // SweepRaces with its default options.
  const race::RaceSweepResult r = race::SweepRaces([] { WriteAndClose(ForgetSampleCorrect); });
  EXPECT_THAT(r.points, Each(StartsWith("the p")));
  EXPECT_THAT(r.points, SizeIs(3));
  // The macro: with only the teardown racer, the use-after-delete bug is
  // out of reach, so the buggy version passes.
  EXPECT_RACE_PATHS_CLEAN(WriteAndClose(ForgetSampleDeletesAfterRelease));
  ForgetSampleMode = ForgetSampleCorrect;
}

TEST(RaceSweepEnvironment, MalformedValuesKeepTheDefaults) {
  ScopedEnv racers("FLTCTX_RACE_SWEEP_RACERS", "set,sideways");
  ScopedEnv max_runs("FLTCTX_RACE_SWEEP_MAX_RUNS", "many");
  const race::RaceSweepOptions o = race::RaceSweepOptions::Defaults();
  EXPECT_EQ(o.racers, race::kAllRacers);
  EXPECT_EQ(o.max_runs, 10000u);
}

TEST(RaceSweepEnvironment, TheParsers) {
  uint32_t bits = 0;
  EXPECT_TRUE(race::ParseRaceSweepRacers("all", &bits));
  EXPECT_EQ(bits, race::kAllRacers);
  EXPECT_TRUE(race::ParseRaceSweepRacers("SET", &bits));
  EXPECT_EQ(bits, race::kRacerSetFirst);
  EXPECT_FALSE(race::ParseRaceSweepRacers("set,bogus", &bits));
  EXPECT_EQ(bits, race::kRacerSetFirst);  // unchanged on failure
  EXPECT_THAT(race::ParseRaceSweepPoints(" a , b* ,"), ElementsAre("a", "b*"));
}

TEST(RaceSweepOverrides, OverridesWinOverTheEnvironmentUntilCleared) {
  ScopedEnv max_runs("FLTCTX_RACE_SWEEP_MAX_RUNS", "7");
  race::OverrideRaceSweepMaxRuns(5);
  race::OverrideRaceSweepRacers(race::kRacerSetFirst);
  race::OverrideRaceSweepPoints({"FltSet*"});
  race::RaceSweepOptions o = race::RaceSweepOptions::Defaults();
  EXPECT_EQ(o.max_runs, 5u);
  EXPECT_EQ(o.racers, race::kRacerSetFirst);
  EXPECT_THAT(o.points, ElementsAre("FltSet*"));
  race::ClearRaceSweepOverrides();
  o = race::RaceSweepOptions::Defaults();
  EXPECT_EQ(o.max_runs, 7u);
  EXPECT_EQ(o.racers, race::kAllRacers);
  EXPECT_THAT(o.points, IsEmpty());
}

}  // namespace
