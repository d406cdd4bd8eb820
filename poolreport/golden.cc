// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/golden.cc: golden-file comparison (test-only).

#include "poolreport/golden.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace poolreport {

void ExpectGolden(const std::string& actual, const std::string& path) {
  if (const char* root = std::getenv("POOLREPORT_UPDATE_GOLDENS")) {
    std::ofstream out(std::string(root) + "/" + path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << root << "/" << path;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "no golden " << path
                         << " (create it with --test_env=POOLREPORT_UPDATE_GOLDENS=$PWD)";
  std::stringstream want;
  want << in.rdbuf();
  EXPECT_EQ(actual, want.str()) << "differs from " << path
                                << " (rewrite with --test_env=POOLREPORT_UPDATE_GOLDENS=$PWD)";
}

}  // namespace poolreport
