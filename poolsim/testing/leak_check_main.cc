// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// main() for test binaries: GoogleTest with poolsim's per-test leak and
// bug-check checks. Use //:leak_check_main instead of gtest_main.

#include "gtest/gtest.h"
#include "poolsim/testing/leak_check.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  poolsim::testing::InstallLeakCheckListener();
  return RUN_ALL_TESTS();
}
