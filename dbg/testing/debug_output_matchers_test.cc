// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/testing/debug_output_matchers_test.cc
// -----------------------------------------------------------------------------
//
// The debug-output matchers, on output a driver prints through the WDK names.

#include "dbg/testing/debug_output_matchers.h"

#include "dbg/wdk/dbg.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(DebugOutputMatchers, FindPrintedAndFilteredLines) {
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "open %ws\n", L"a.txt");
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "trace detail\n");
  EXPECT_THAT(dbg::CapturedOutput(), dbg::testing::HasPrintedLine(HasSubstr("open a.txt")));
  EXPECT_THAT(dbg::AllDebugOutput(), Not(dbg::testing::HasPrintedLine(HasSubstr("trace"))));
  EXPECT_THAT(dbg::AllDebugOutput(),
              Contains(AllOf(dbg::testing::FromComponent(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL),
                             dbg::testing::WithText(StartsWith("trace")),
                             Not(dbg::testing::Printed()))));
}

}  // namespace
