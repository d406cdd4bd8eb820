// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: race/testing/race_sweep.cc
// -----------------------------------------------------------------------------
//
// EXPECT_RACE_PATHS_CLEAN: the sweep, with each run's GoogleTest failures
// captured as the run's own.

#include "race/testing/race_sweep.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest-spi.h"

namespace race {
namespace testing_internal {

::testing::AssertionResult RacePathsClean(const char* statement_text,
                                          const std::function<void()>& body) {
  std::vector<std::string> current;
  // The statement's failures on the calling thread become the run's (a
  // failure on another thread still fails the test directly).
  auto run_body = [&] {
    ::testing::TestPartResultArray parts;
    {
      ::testing::ScopedFakeTestPartResultReporter intercept(
          ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &parts);
      body();
    }
    for (int i = 0; i < parts.size(); ++i) {
      const ::testing::TestPartResult& part = parts.GetTestPartResult(i);
      if (!part.failed()) continue;
      current.push_back(absl::StrCat(part.file_name() != nullptr ? part.file_name() : "?", ":",
                                     part.line_number(), ": ", part.message()));
    }
  };
  const RaceSweepResult result =
      SweepRaces(run_body, RaceSweepOptions::Defaults(),
                 [&](uint64_t, std::vector<std::string>* failures) {
                   *failures = std::move(current);
                   current.clear();
                 });
  if (result.clean()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << statement_text << " is not clean under every race: " << result.failures.size()
         << " of " << result.runs << " runs failed (" << result.race_points
         << " racy calls). The first:\n"
         << DescribeRaceRun(result.failures.front());
}

}  // namespace testing_internal
}  // namespace race
