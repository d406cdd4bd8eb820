// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/testing/schedule.cc
// -----------------------------------------------------------------------------
//
// EXPECT_SCHEDULES_CLEAN: the exploration, with each schedule's GoogleTest
// failures (on every thread: the simulated threads run one at a time)
// captured as the schedule's own.

#include "race/testing/schedule.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest-spi.h"

namespace race {
namespace testing_internal {

::testing::AssertionResult SchedulesClean(const char* statement_text,
                                          const ScheduleOptions& options,
                                          const std::function<void()>& body) {
  ::testing::TestPartResultArray parts;
  auto run_body = [&] { body(); };
  ScheduleResult result;
  {
    // The SimThreads' failures (the process-wide reporter) and thread 0's
    // (its own reporter, which an enclosing EXPECT_NONFATAL_FAILURE sets).
    ::testing::ScopedFakeTestPartResultReporter all_threads(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ALL_THREADS, &parts);
    ::testing::ScopedFakeTestPartResultReporter this_thread(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &parts);
    int seen = 0;
    result = ExploreSchedules(run_body, options, [&](std::vector<std::string>* failures) {
      for (; seen < parts.size(); ++seen) {
        const ::testing::TestPartResult& part = parts.GetTestPartResult(seen);
        if (!part.failed()) continue;
        failures->push_back(absl::StrCat(part.file_name() != nullptr ? part.file_name() : "?",
                                         ":", part.line_number(), ": ", part.message()));
      }
    });
  }
  if (result.clean()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << statement_text << " is not clean under every schedule: " << result.failures.size()
         << " of " << result.schedules << " schedules failed. The first:\n"
         << DescribeScheduleRun(result.failures.front());
}

}  // namespace testing_internal
}  // namespace race
