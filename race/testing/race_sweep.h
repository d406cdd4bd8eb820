// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/testing/race_sweep.h
// -----------------------------------------------------------------------------
//
// GoogleTest form of the race-path sweep (race/race_sweep.h):
//
//   TEST(MyFilter, GetOrCreateSurvivesEveryRace) {
//     EXPECT_RACE_PATHS_CLEAN(OpenWriteClose());
//   }
//
// The statement runs once per racy call it makes (and once without a racer);
// a run fails when it leaves a pool block, a context reference or a bug
// check behind, or when the statement's own expectations fail in it. The
// failure names the first failing racer, the call it preceded with its
// stack, and what was left.
//
// Linking this library (alwayslink) also makes EXPECT_ERROR_PATHS_CLEAN
// (poolsim/testing/leak_check.h) sweep its statement's race paths, once its
// error paths are clean, when the environment variable FLTCTX_RACE_SWEEP is
// 1: a suite that already sweeps error paths sweeps races too without
// changing a test.

#ifndef RACE_TESTING_RACE_SWEEP_H_
#define RACE_TESTING_RACE_SWEEP_H_

#include <functional>

#include "gtest/gtest.h"
#include "race/race_sweep.h"

namespace race {
namespace testing_internal {

::testing::AssertionResult RacePathsClean(const char* statement_text,
                                          const std::function<void()>& body);
// True when FLTCTX_RACE_SWEEP is set to anything but 0, false, no or off.
bool SweepWithErrorPaths();

}  // namespace testing_internal
}  // namespace race

#define EXPECT_RACE_PATHS_CLEAN(statement)                                       \
  do {                                                                           \
    if (const ::testing::AssertionResult race_result_ =                          \
            ::race::testing_internal::RacePathsClean(#statement,                 \
                                                     [&]() { statement; })) {    \
    } else {                                                                     \
      ADD_FAILURE() << race_result_.message();                                   \
    }                                                                            \
  } while (0)

#endif  // RACE_TESTING_RACE_SWEEP_H_
