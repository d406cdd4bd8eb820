// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/testing/schedule.h
// -----------------------------------------------------------------------------
//
// GoogleTest form of schedule exploration (race/schedule.h):
//
//   TEST(MyFilter, SharedBufferUnderEverySchedule) {
//     race::ScheduleOptions options;
//     options.strategy = race::ScheduleStrategy::kSystematic;
//     EXPECT_SCHEDULES_CLEAN(options, TwoThreadsUseTheBuffer());
//   }
//
// The statement runs once per schedule, as simulated thread 0, on a fresh
// ambient Environment; a schedule fails when it leaves a pool block, a
// context reference or a bug check behind, deadlocks, or when an
// expectation of the statement (on any of its SimThreads) fails in it. The
// failure names the seed and the choices that replay it, the trace of
// decisions and what was left.

#ifndef RACE_TESTING_SCHEDULE_H_
#define RACE_TESTING_SCHEDULE_H_

#include <functional>

#include "gtest/gtest.h"
#include "race/schedule.h"

namespace race {
namespace testing_internal {

::testing::AssertionResult SchedulesClean(const char* statement_text,
                                          const ScheduleOptions& options,
                                          const std::function<void()>& body);

}  // namespace testing_internal
}  // namespace race

#define EXPECT_SCHEDULES_CLEAN(options, statement)                                         \
  do {                                                                                     \
    if (const ::testing::AssertionResult schedule_result_ =                                \
            ::race::testing_internal::SchedulesClean(#statement, (options),                \
                                                     [&]() { statement; })) {              \
    } else {                                                                               \
      ADD_FAILURE() << schedule_result_.message();                                         \
    }                                                                                      \
  } while (0)

#endif  // RACE_TESTING_SCHEDULE_H_
