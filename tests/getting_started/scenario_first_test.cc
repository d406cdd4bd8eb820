// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The scenario example of docs/simulated-io.md, as a user writes it: a .scn
// file run through the quota filter on the ambient Environment of
// //:leak_check_main.

#include <fstream>
#include <sstream>
#include <string>

#include "fltctx/filter_manager.h"
#include "fltctx/io/scenario.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "tests/getting_started/quota/quota.h"

TEST(QuotaScenario, RunsTheScenarioFile) {
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install_fm(&fm);
  ASSERT_EQ(DriverEntry(nullptr, nullptr), STATUS_SUCCESS);
  PFLT_FILTER filter = QuotaFilter;
  const std::string path = "tests/getting_started/quota.scn";
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << path << " is not in the runfiles";
  std::stringstream file;
  file << in.rdbuf();
  const std::string text = file.str();

  fltctx::io::ScenarioOptions options;
  options.filters["ctx"] = filter;          // registered and started by the test
  options.source_name = path;               // names the file in stacks
  absl::StatusOr<fltctx::io::ScenarioResult> r =
      fltctx::io::RunScenario(text, fm, options);
  ASSERT_TRUE(r.ok()) << r.status();        // "line 7: ..." on failure

  EXPECT_EQ(r->steps, 11);
  QuotaUnload(0);
}
