// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of debug output, breakpoints and assertions
// (dbg/wdk/dbg.h).

#include <cstdint>

#include <fltKernel.h>

#include "dbg/debug_output.h"
#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;
constexpr uint64_t kBreakpoint = 0x80000003;
constexpr ULONG kNoSuchComponent = 5000;

MISUSE_CASE(DbgPrint, NullFormat) {
  ULONG status = 1;
  EXPECT_ONLY_BUGCHECK(status = DbgPrint(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(status, static_cast<ULONG>(STATUS_SUCCESS));
}

MISUSE_CASE(DbgPrint, UnicodeAboveDispatch) {
  WCHAR text[] = L"x";
  UNICODE_STRING name = {sizeof(WCHAR), sizeof(text), text};
  const char* format = "%wZ\n";
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(DbgPrint(format, &name), 0x0A,
                         {reinterpret_cast<uintptr_t>(format), DISPATCH_LEVEL, 0, 0});
  });
}

MISUSE_CASE(DbgPrint, AboveDirql) {
  // Not a bug check: a violation the test fails on (checked here, then
  // forgotten so this case passes).
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(DbgPrint("irql %d\n", 31)); });
  const std::vector<std::string> violations = dbg::DebugOutputViolations();
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_NE(violations[0].find("above DIRQL"), std::string::npos) << violations[0];
  dbg::ResetDebugOutput();
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_NO_BUGCHECK(DbgPrint("at dispatch\n")); });
  EXPECT_TRUE(dbg::DebugOutputViolations().empty());
}

MISUSE_CASE(DbgPrintEx, NullFormatAndUnknownComponent) {
  EXPECT_ONLY_BUGCHECK(DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  // An id outside the component table is not a report.
  EXPECT_NO_BUGCHECK(DbgPrintEx(kNoSuchComponent, DPFLTR_ERROR_LEVEL, "unknown %d\n", 1));
}

MISUSE_CASE(DbgPrintReturnControlC, NullFormat) {
  EXPECT_ONLY_BUGCHECK(DbgPrintReturnControlC(nullptr), 0x1E, {kAccessViolation, 0, 0, 0});
}

MISUSE_CASE(DbgQueryDebugFilterState, UnknownComponent) {
  EXPECT_EQ(DbgQueryDebugFilterState(kNoSuchComponent, DPFLTR_ERROR_LEVEL),
            STATUS_INVALID_PARAMETER_1);
}

MISUSE_CASE(DbgSetDebugFilterState, UnknownComponent) {
  EXPECT_EQ(DbgSetDebugFilterState(kNoSuchComponent, DPFLTR_ERROR_LEVEL, TRUE),
            STATUS_INVALID_PARAMETER_1);
  // A level above 31 is a mask, not a bit number; setting and clearing it
  // leaves the filter as it was.
  const NTSTATUS before = DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, 0x20);
  EXPECT_EQ(DbgSetDebugFilterState(DPFLTR_IHVDRIVER_ID, 0x20, TRUE), STATUS_SUCCESS);
  EXPECT_EQ(DbgSetDebugFilterState(DPFLTR_IHVDRIVER_ID, 0x20, FALSE), STATUS_SUCCESS);
  EXPECT_EQ(DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, 0x20), before);
}

MISUSE_CASE(DbgBreakPoint, AtHighLevel) {
  AtIrql(HIGH_LEVEL, [&] { EXPECT_NO_BUGCHECK(DbgBreakPoint()); });
  EXPECT_NE(dbg::CapturedText().find("DbgBreakPoint()"), std::string::npos);
}

MISUSE_CASE(DbgBreakPointWithStatus, AnyStatus) {
  EXPECT_NO_BUGCHECK(DbgBreakPointWithStatus(0xFFFFFFFF));
  EXPECT_NE(dbg::CapturedText().find("DbgBreakPointWithStatus(0xFFFFFFFF)"), std::string::npos);
}

MISUSE_CASE(RtlAssert, NullStrings) {
  // The assertion is reported even with no expression, file or message.
  EXPECT_ONLY_BUGCHECK(RtlAssert(nullptr, nullptr, 0, nullptr), 0x1E, {kBreakpoint, 0, 0, 0});
}

}  // namespace
}  // namespace misuse
