// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// With FLTCTX_RACE_SWEEP=1 (set for this test by its BUILD rule), an
// unchanged EXPECT_ERROR_PATHS_CLEAN also sweeps its statement's race paths:
// the get-or-create sample's leak of the loser's context, which no
// allocation failure reaches, fails it; the correct version passes; with the
// variable off, the macro is the error-path sweep alone.

#include <cstdlib>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"
#include "race/testdata/race_sample.h"
#include "race/testing/race_sweep.h"

namespace {

// Safe under fault injection: a step that fails ends the body.
void OpenTwice(RACE_SAMPLE_MODE mode) {
  RaceSampleMode = mode;
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  if (RaceSampleLoad() != STATUS_SUCCESS) return;
  {
    fltctx::io::Volume volume(fm);
    volume.Attach(RaceSampleFilter, "370000");
    fltctx::io::Handle a = volume.Create(L"\\a.txt", FILE_CREATE);
    fltctx::io::Handle b = volume.Create(L"\\a.txt", FILE_OPEN);
    b.Close();
    a.Close();
  }
  RaceSampleUnload();
}

TEST(SuiteSweep, TheVariableIsSetForThisTest) {
  EXPECT_TRUE(race::testing_internal::SweepWithErrorPaths());
}

TEST(SuiteSweep, TheErrorPathMacroFindsTheRace) {
  EXPECT_NONFATAL_FAILURE(EXPECT_ERROR_PATHS_CLEAN(OpenTwice(RaceSampleLeaksLoser)),
                          "another thread set a FLT_STREAM_CONTEXT");
  RaceSampleMode = RaceSampleCorrect;
}

TEST(SuiteSweep, TheCorrectVersionPassesBothSweeps) {
  EXPECT_ERROR_PATHS_CLEAN(OpenTwice(RaceSampleCorrect));
}

TEST(SuiteSweep, OffTheMacroIsTheErrorPathSweepAlone) {
  setenv("FLTCTX_RACE_SWEEP", "0", 1);
  EXPECT_FALSE(race::testing_internal::SweepWithErrorPaths());
  EXPECT_ERROR_PATHS_CLEAN(OpenTwice(RaceSampleLeaksLoser));
  setenv("FLTCTX_RACE_SWEEP", "1", 1);
  RaceSampleMode = RaceSampleCorrect;
}

}  // namespace
