// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/wdk/failing_print_program.cc
// -----------------------------------------------------------------------------
//
// Tests that fail on purpose, built with //:leak_check_main, for
// failing_print_test.sh: a failing test shows the lines its driver printed,
// a passing one shows nothing, a failed NT_ASSERT fails its test and the
// next test still runs, and a print above DIRQL fails its test.

#include "dbg/wdk/dbg.h"
#include "gtest/gtest.h"
#include "poolsim/irql.h"

namespace {

void DriverWork(ULONG step) {
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "driver: step %lu of %ws\n", step, L"open");
  DbgPrint("driver: DbgPrint is filtered out by default\n");
}

TEST(Printing, FailsAndShowsItsOutput) {
  DriverWork(3);
  EXPECT_EQ(1, 2) << "the test's own failure";
}

TEST(Printing, PassesAndShowsNothing) {
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "quiet: this line is not shown\n");
}

TEST(Printing, FailsOnAnAssertion) {
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "before the assertion\n");
  ULONG count = 0;
  NT_ASSERT(count > 0);
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "after the assertion: still running\n");
}

TEST(Printing, StartsCleanAfterAFailure) {
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "clean start\n");
}

TEST(Printing, PrintsAboveDirql) {
  poolsim::ScopedIrql high(poolsim::kHighLevel);
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "at HIGH_LEVEL\n");
}

}  // namespace
