// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The error-path sweep finds the one allocation-failure path of a C driver
// function that leaks, and names it.

#include "tests/c_driver/sweep_sample.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/fault_sweep.h"
#include "poolsim/report_text.h"
#include "poolsim/testing/leak_check.h"

namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

void SetupAndTeardown(bool buggy) {
  PSWEEP_SAMPLE_STATE state;
  if (NT_SUCCESS(SweepSampleSetup(buggy ? TRUE : FALSE, &state))) SweepSampleTeardown(state);
}

TEST(ErrorPathSweep, CorrectCodeIsCleanOnEveryPath) {
  const poolsim::SweepResult r = poolsim::SweepFaults([] { SetupAndTeardown(false); });
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.injection_points, 3u);
  EXPECT_EQ(r.runs, 4u);  // one without injection, one per allocation
  EXPECT_FALSE(r.truncated);
}

TEST(ErrorPathSweep, FindsThePlantedLeakAndNamesItsInjectionPoint) {
  const poolsim::SweepResult r = poolsim::SweepFaults([] { SetupAndTeardown(true); });
  ASSERT_THAT(r.failures, SizeIs(1));
  const poolsim::SweepRun& run = r.failures[0];
  EXPECT_EQ(run.injection, 3u);  // failing the third allocation, the buffer
  EXPECT_EQ(run.fault.tag.ToString(), "SBuf");
  ASSERT_THAT(run.report.groups, SizeIs(1));
  EXPECT_EQ(run.report.groups[0].tag.ToString(), "Name");  // what leaked
  EXPECT_EQ(run.report.groups[0].total_bytes, 64u);
  // The failed call is named by its stack.
  bool names_setup = false;
  for (const poolsim::SymbolizedFrame& f : poolsim::Symbolize(run.fault.stack)) {
    if (f.function.find("SweepSampleSetup") != std::string::npos) names_setup = true;
  }
  EXPECT_TRUE(names_setup);
}

TEST(ErrorPathSweep, TheMacroReportsTheFailingPath) {
  poolsim::testing::testing_internal::ErrorPathsClean("SetupAndTeardown(true)",
                                                     [] { SetupAndTeardown(true); });
  const ::testing::AssertionResult result = poolsim::testing::testing_internal::ErrorPathsClean(
      "SetupAndTeardown(true)", [] { SetupAndTeardown(true); });
  ASSERT_FALSE(result);
  EXPECT_THAT(result.message(), HasSubstr("When injectable call #3 (pool allocation, tag 'SBuf') failed"));
  EXPECT_THAT(result.message(), HasSubstr("SweepSampleSetup"));
  EXPECT_THAT(result.message(), HasSubstr("Direct leak of 64 byte(s) in 1 allocation(s) from PagedPool, tag 'Name'"));
}

void SetupWithLogAndTeardown() {
  PSWEEP_SAMPLE_STATE state;
  if (NT_SUCCESS(SweepSampleSetupWithLog(&state))) SweepSampleTeardown(state);
}

TEST(ErrorPathSweep, EachCallModeCannotReachAnErrorPathOnlyAllocation) {
  const poolsim::SweepResult r = poolsim::SweepFaults(SetupWithLogAndTeardown);
  EXPECT_TRUE(r.clean());  // the leak needs two failures in one run
  EXPECT_EQ(r.injection_points, 3u);
}

TEST(ErrorPathSweep, UniqueStackModeFindsTheLeakBehindTwoFailures) {
  poolsim::SweepOptions o;
  o.mode = poolsim::SweepOptions::Mode::kEachUniqueStack;
  const poolsim::SweepResult r = poolsim::SweepFaults(SetupWithLogAndTeardown, o);
  EXPECT_EQ(r.injection_points, 4u);  // state, name, buffer, and the log entry
  EXPECT_EQ(r.runs, 5u);              // one run without failures, one per stack
  ASSERT_THAT(r.failures, SizeIs(1));
  EXPECT_EQ(r.failures[0].fault.tag.ToString(), "ELog");
  ASSERT_THAT(r.failures[0].report.groups, SizeIs(1));
  EXPECT_EQ(r.failures[0].report.groups[0].tag.ToString(), "Name");
}

TEST(ErrorPathSweep, UniqueStackModeIsCleanForCorrectCode) {
  poolsim::SweepOptions o;
  o.mode = poolsim::SweepOptions::Mode::kEachUniqueStack;
  const poolsim::SweepResult r = poolsim::SweepFaults([] { SetupAndTeardown(false); }, o);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.injection_points, 3u);
}

TEST(ErrorPathSweep, MacroPassesForCorrectCode) {
  EXPECT_ERROR_PATHS_CLEAN(SetupAndTeardown(false));
  EXPECT_ERROR_PATHS_CLEAN_BY_STACK(SetupAndTeardown(false));
}

TEST(ErrorPathSweep, ByStackMacroReportsTheDoubleFailurePath) {
  const ::testing::AssertionResult result = poolsim::testing::testing_internal::ErrorPathsClean(
      "SetupWithLogAndTeardown()", SetupWithLogAndTeardown, true);
  ASSERT_FALSE(result);
  EXPECT_THAT(result.message(), HasSubstr("(pool allocation, tag 'ELog') failed"));
  EXPECT_THAT(result.message(), HasSubstr("SweepSampleSetupWithLog"));
}

}  // namespace
