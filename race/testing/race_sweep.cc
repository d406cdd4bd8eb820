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

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest-spi.h"
#include "poolsim/testing/leak_check.h"

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

bool SweepWithErrorPaths() {
  const char* v = std::getenv("FLTCTX_RACE_SWEEP");
  if (v == nullptr || *v == '\0') return false;
  const std::string s = absl::AsciiStrToLower(v);
  return !(s == "0" || s == "false" || s == "no" || s == "off");
}

namespace {

// EXPECT_ERROR_PATHS_CLEAN's companion: with FLTCTX_RACE_SWEEP=1, the same
// statement is swept for races once its error paths are clean.
::testing::AssertionResult RaceSweepCompanion(const char* statement_text,
                                              const std::function<void()>& body) {
  if (!SweepWithErrorPaths()) return ::testing::AssertionSuccess();
  return RacePathsClean(statement_text, body);
}

const bool kRegistered = [] {
  ::poolsim::testing::RegisterStatementSweep(&RaceSweepCompanion);
  return true;
}();

}  // namespace
}  // namespace testing_internal
}  // namespace race
