// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/wdk/dbg_test.cc
// -----------------------------------------------------------------------------
//
// The WDK-named debug surface, called as drivers call it (here and through
// the C samples).

#include "dbg/wdk/dbg.h"

#include <cstdarg>
#include <string>
#include <thread>

#include "dbg/debug_output.h"
#include "dbg/wdk/dbg_c_sample.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"
#include "poolsim/testing/leak_check.h"
#include "poolsim/wdk/wdm.h"

namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(DbgPrint, IsFilteredOutByDefaultButRecorded) {
  EXPECT_EQ(DbgPrint("hello %d\n", 1), static_cast<ULONG>(STATUS_SUCCESS));
  EXPECT_THAT(dbg::CapturedOutput(), IsEmpty());
  const std::vector<dbg::DebugRecord> all = dbg::AllDebugOutput();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].text, "hello 1\n");
  EXPECT_EQ(all[0].component_id, static_cast<uint32_t>(DPFLTR_DEFAULT_ID));
  EXPECT_EQ(all[0].level, static_cast<uint32_t>(DPFLTR_INFO_LEVEL));
  EXPECT_FALSE(all[0].printed);
}

TEST(DbgPrint, PrintsOnceTheDefaultComponentIsEnabled) {
  EXPECT_EQ(DbgSetDebugFilterState(DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, TRUE), STATUS_SUCCESS);
  DbgPrint("now %s\n", "shown");
  EXPECT_EQ(dbg::CapturedText(), "now shown\n");
}

TEST(DbgPrintEx, ErrorLevelAlwaysPrintsOtherLevelsNeedTheComponentMask) {
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "error\n");
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "warning\n");
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "trace\n");
  EXPECT_EQ(dbg::CapturedText(), "error\n");
  SampleEnableTrace();
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "trace\n");
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "info\n");
  EXPECT_EQ(dbg::CapturedText(), "error\ntrace\n");
  EXPECT_EQ(dbg::ComponentMask(DPFLTR_IHVDRIVER_ID), 1u << DPFLTR_TRACE_LEVEL);
}

TEST(DbgPrintEx, LevelAbove31IsAMask) {
  ASSERT_EQ(DbgSetDebugFilterState(DPFLTR_IHVDRIVER_ID, 0x30, TRUE), STATUS_SUCCESS);
  EXPECT_EQ(dbg::ComponentMask(DPFLTR_IHVDRIVER_ID), 0x30u);
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, 0x20, "bit 5\n");        // mask 0x20: shown
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, 0x40, "bit 6\n");        // mask 0x40: not shown
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, 4, "level 4\n");         // 1 << 4 = 0x10: shown
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, 0x80000001, "err\n");    // includes bit 0 (system-wide mask)
  EXPECT_EQ(dbg::CapturedText(), "bit 5\nlevel 4\nerr\n");
}

TEST(DbgQueryDebugFilterState, ReportsTheFilter) {
  EXPECT_EQ(DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL), TRUE);
  EXPECT_EQ(DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL), FALSE);
  DbgSetDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, TRUE);
  EXPECT_EQ(DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL), TRUE);
  DbgSetDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, FALSE);
  EXPECT_EQ(DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL), FALSE);
  // The system-wide mask: turning off bit 0 silences error-level messages.
  EXPECT_EQ(DbgQueryDebugFilterState(0xFFFFFFFF, DPFLTR_ERROR_LEVEL), TRUE);
  DbgSetDebugFilterState(0xFFFFFFFF, DPFLTR_ERROR_LEVEL, FALSE);
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "silenced\n");
  EXPECT_EQ(dbg::CapturedText(), "");
}

TEST(DbgQueryDebugFilterState, RefusesAComponentWithoutAMask) {
  EXPECT_EQ(DbgQueryDebugFilterState(5000, DPFLTR_ERROR_LEVEL), STATUS_INVALID_PARAMETER_1);
  EXPECT_EQ(DbgSetDebugFilterState(5000, DPFLTR_ERROR_LEVEL, TRUE), STATUS_INVALID_PARAMETER_1);
  // Printing with it passes only the system-wide mask.
  DbgPrintEx(5000, DPFLTR_ERROR_LEVEL, "error\n");
  DbgPrintEx(5000, DPFLTR_INFO_LEVEL, "info\n");
  EXPECT_EQ(dbg::CapturedText(), "error\n");
}

TEST(DbgPrintEx, FormatsTheKernelCodesFromC) {
  UNICODE_STRING name;
  name.Buffer = const_cast<PWCH>(L"\\Device\\Vol\\a.txt");
  name.Length = static_cast<USHORT>(17 * sizeof(WCHAR));
  name.MaximumLength = name.Length;
  DbgSetDebugFilterState(DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, TRUE);
  SampleLogOpen(&name, 0x1234567890ull);
  SampleLogWithPrefix(9);
  // KdPrintEx at WARNING for IHVDRIVER is filtered out by default.
  EXPECT_EQ(dbg::CapturedText(),
            "sample: open \\Device\\Vol\\a.txt size 1234567890\n"
            "sample: KdPrint wide 7\n"
            "[sample] value 9\n");
  EXPECT_EQ(dbg::AllDebugOutput().size(), 4u);
}

TEST(DbgPrintEx, RecordsThreadAndIrql) {
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "passive\n");
  {
    poolsim::ScopedIrql dpc(poolsim::kDispatchLevel);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "dispatch %s\n", "narrow is fine");
  }
  std::thread other([] { DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "other\n"); });
  other.join();
  const std::vector<dbg::DebugRecord> out = dbg::CapturedOutput();
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].irql, poolsim::kPassiveLevel);
  EXPECT_EQ(out[1].irql, poolsim::kDispatchLevel);
  EXPECT_EQ(out[0].thread, out[1].thread);
  EXPECT_NE(out[2].thread, out[0].thread);
}

TEST(DbgPrintEx, KeepsAtMost512Bytes) {
  const std::string long_text(600, 'x');
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "%s", long_text.c_str());
  const std::vector<dbg::DebugRecord> out = dbg::CapturedOutput();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].text.size(), 512u);
  EXPECT_TRUE(out[0].truncated);
}

ULONG CallV(ULONG level, PCCH format, ...) {
  va_list args;
  va_start(args, format);
  const ULONG status = vDbgPrintEx(DPFLTR_IHVDRIVER_ID, level, format, args);
  va_end(args);
  return status;
}

TEST(vDbgPrintEx, FormatsItsArgumentList) {
  EXPECT_EQ(CallV(DPFLTR_ERROR_LEVEL, "%I64d|%lx|%p\n", -3ll, 0xABCDu,
                  reinterpret_cast<void*>(0x10)),
            static_cast<ULONG>(STATUS_SUCCESS));
  EXPECT_EQ(dbg::CapturedText(), "-3|abcd|0000000000000010\n");
}

TEST(DbgPrint, UnicodeCodesAbovePassiveAreABugCheck) {
  poolsim::ScopedIrql apc(poolsim::kApcLevel);
  EXPECT_BUGCHECK(DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "%ws\n", L"x"), 0xA);
  poolsim::ScopedIrql dpc(poolsim::kDispatchLevel);
  UNICODE_STRING name{2 * sizeof(WCHAR), 2 * sizeof(WCHAR), const_cast<PWCH>(L"ab")};
  EXPECT_BUGCHECK(DbgPrint("%wZ\n", &name), 0xA);
  EXPECT_BUGCHECK(DbgPrint("%C\n", L'a'), 0xA);
  EXPECT_THAT(dbg::AllDebugOutput(), IsEmpty());
}

TEST(DbgPrint, NullFormatIsAnAccessViolation) {
  EXPECT_BUGCHECK_SUBCODE(DbgPrint(nullptr), 0x1E, 0xC0000005);
}

TEST(DbgBreakPoint, IsRecordedAndDoesNotTrap) {
  DbgBreakPoint();
  DbgBreakPointWithStatus(0x1234);
  SampleBreak();
  const std::vector<dbg::DebugRecord> out = dbg::CapturedOutput();
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].kind, dbg::DebugRecord::Kind::kBreakPoint);
  EXPECT_EQ(out[1].text, "DbgBreakPointWithStatus(0x00001234)\n");
}

TEST(Assert, FailureIsKmodeExceptionWithStatusBreakpoint) {
  ULONG value = 1;
  EXPECT_BUGCHECK_SUBCODE(ASSERT(value == 2), 0x1E, 0x80000003);
  EXPECT_BUGCHECK_SUBCODE(ASSERTMSG("must be two", value == 2), 0x1E, 0x80000003);
  EXPECT_THAT(dbg::CapturedText(), HasSubstr("ASSERT failed: must be two: value == 2"));
  EXPECT_THAT(dbg::CapturedText(), HasSubstr("dbg_test.cc:"));
}

TEST(Assert, PassingAssertionsDoNothing) {
  EXPECT_EQ(SampleCheckedWork(5), STATUS_SUCCESS);
  EXPECT_EQ(SampleVerifyCalls(), 2u);
  EXPECT_THAT(dbg::AllDebugOutput(), IsEmpty());
}

TEST(NtAssert, FailureIsKmodeExceptionWithStatusAssertionFailure) {
  EXPECT_BUGCHECK_SUBCODE(SampleCheckedWork(0), 0x1E, 0xC0000420);
  EXPECT_BUGCHECK_SUBCODE(SampleCheckedWork(200), 0x1E, 0xC0000420);
  EXPECT_THAT(dbg::CapturedText(), HasSubstr("count must be small: Count < 100"));
  EXPECT_BUGCHECK_SUBCODE(SampleCheckedWork(13), 0x1E, 0x80000003);
  EXPECT_BUGCHECK_SUBCODE(EXPECT_EQ(SampleCheckedWork(42), STATUS_INVALID_PARAMETER), 0x1E,
                          0xC0000420);
  EXPECT_BUGCHECK_SUBCODE(NT_ASSERTMSGW(L"wide message", 1 == 2), 0x1E, 0xC0000420);
  EXPECT_THAT(dbg::CapturedText(), HasSubstr("wide message: 1 == 2"));
}

TEST(NtAssert, TheBugCheckNamesExpressionFileAndLine) {
  poolsim::testing::BugCheckCapture capture;
  const int line = __LINE__ + 1;
  NT_ASSERT(sizeof(int) == 3);
  const std::vector<poolsim::BugCheck> seen = capture.bug_checks();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_THAT(seen[0].description, HasSubstr("NT_ASSERT(sizeof(int) == 3) failed at"));
  EXPECT_THAT(seen[0].description, HasSubstr("dbg_test.cc:" + std::to_string(line)));
  EXPECT_EQ(seen[0].parameters[2], static_cast<uint64_t>(line));
}

TEST(RtlAssert, IsWhatAssertCalls) {
  char message[] = "direct";
  EXPECT_BUGCHECK_SUBCODE(
      RtlAssert(const_cast<char*>("x > 0"), const_cast<char*>("file.c"), 12, message), 0x1E,
      0x80000003);
  EXPECT_THAT(dbg::CapturedText(), HasSubstr("direct: x > 0\n***   at file.c:12"));
}

TEST(PagedCode, PassesAtOrBelowApcLevel) {
  PAGED_CODE();
  poolsim::ScopedIrql apc(poolsim::kApcLevel);
  PAGED_CODE();
  EXPECT_EQ(SampleCheckedWork(1), STATUS_SUCCESS);
}

TEST(PagedCode, AtDispatchLevelFailsAsNtAssert) {
  poolsim::ScopedIrql dpc(poolsim::kDispatchLevel);
  EXPECT_BUGCHECK_SUBCODE(PAGED_CODE(), 0x1E, 0xC0000420);
  EXPECT_THAT(dbg::CapturedText(), HasSubstr("KeGetCurrentIrql() <= APC_LEVEL"));
  EXPECT_THAT(dbg::CapturedText(), HasSubstr("called at IRQL 2"));
  PAGED_CODE_LOCKED();  // locked pageable code: any IRQL
}

TEST(DbgZero, KdPrintVanishesAndAssertDoesNotEvaluate) {
  DbgSetDebugFilterState(DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, TRUE);
  OffSampleLog();
  EXPECT_EQ(dbg::CapturedText(), "off: DbgPrintEx still prints\n");
  EXPECT_EQ(OffSampleAssertCalls(), 1u);
  OffSampleBreak();
  EXPECT_EQ(dbg::AllDebugOutput().size(), 1u);
}

TEST(DbgZero, PagedCodeAtDispatchIsDriverIrqlNotLessOrEqual) {
  OffSamplePagedCode();  // PASSIVE_LEVEL: fine
  poolsim::ScopedIrql dpc(poolsim::kDispatchLevel);
  EXPECT_BUGCHECK(OffSamplePagedCode(), 0xD1);
}

}  // namespace
