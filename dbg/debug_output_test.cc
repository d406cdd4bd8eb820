// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/debug_output_test.cc
// -----------------------------------------------------------------------------
//
// The captured output and the filter (dbg core).

#include "dbg/debug_output.h"

#include <cstdlib>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/irql.h"

namespace dbg {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

DebugRecord Print(uint32_t component, uint32_t level, std::string text) {
  DebugRecord r;
  r.component_id = component;
  r.level = level;
  r.text = std::move(text);
  return r;
}

TEST(LevelMask, BitIndexUpTo31ThenTheValueItself) {
  EXPECT_EQ(LevelMask(0), 0x1u);
  EXPECT_EQ(LevelMask(3), 0x8u);
  EXPECT_EQ(LevelMask(31), 0x80000000u);
  EXPECT_EQ(LevelMask(32), 32u);
  EXPECT_EQ(LevelMask(0xFFFFFFFF), 0xFFFFFFFFu);
}

TEST(Filter, DefaultsAreWindowsDefaults) {
  EXPECT_EQ(ComponentMask(kDefaultComponent), 0u);
  EXPECT_EQ(ComponentMask(kIhvDriverComponent), 0u);
  EXPECT_EQ(ComponentMask(kSystemWideMask), 0x1u);
  EXPECT_TRUE(WouldPrint(kIhvDriverComponent, 0));
  EXPECT_FALSE(WouldPrint(kIhvDriverComponent, 1));
  EXPECT_FALSE(WouldPrint(kDefaultComponent, 3));
}

TEST(Filter, ComponentOrSystemWideMaskLetsAMessageThrough) {
  ASSERT_TRUE(SetComponentMask(kIhvDriverComponent, 0x4));
  EXPECT_TRUE(WouldPrint(kIhvDriverComponent, 2));
  EXPECT_FALSE(WouldPrint(kIhvDriverComponent, 3));
  EXPECT_FALSE(WouldPrint(kDefaultComponent, 2));
  ASSERT_TRUE(SetComponentMask(kSystemWideMask, 0x8));
  EXPECT_TRUE(WouldPrint(kDefaultComponent, 3));
  EXPECT_FALSE(WouldPrint(kDefaultComponent, 0));
  EXPECT_FALSE(SetComponentMask(kComponentCount, 1));
}

TEST(Filter, StartsFreshInEveryTest) {
  // The previous test changed the masks of its own Environment only.
  EXPECT_EQ(ComponentMask(kIhvDriverComponent), 0u);
  EXPECT_EQ(ComponentMask(kSystemWideMask), 0x1u);
  EXPECT_THAT(AllDebugOutput(), IsEmpty());
}

TEST(Filter, IsPerEnvironment) {
  poolsim::Environment other;
  ASSERT_TRUE(SetComponentMask(kDefaultComponent, 0xF, other));
  EXPECT_EQ(ComponentMask(kDefaultComponent), 0u);
  Record(Print(kDefaultComponent, 3, "in other\n"), other);
  EXPECT_EQ(CapturedText(other), "in other\n");
  EXPECT_EQ(CapturedText(), "");
  ResetDebugOutput(other);
  EXPECT_THAT(AllDebugOutput(other), IsEmpty());
}

TEST(Record, KeepsFilteredCallsAsNotPrinted) {
  EXPECT_TRUE(Record(Print(kIhvDriverComponent, 0, "shown\n")));
  EXPECT_FALSE(Record(Print(kIhvDriverComponent, 2, "hidden\n")));
  EXPECT_EQ(CapturedText(), "shown\n");
  ASSERT_EQ(AllDebugOutput().size(), 2u);
  EXPECT_FALSE(AllDebugOutput()[1].printed);
}

TEST(Record, AboveDirqlIsAViolation) {
  DebugRecord r = Print(kIhvDriverComponent, 0, "at clock level\n");
  r.irql = poolsim::kClockLevel;
  Record(r);
  ASSERT_EQ(DebugOutputViolations().size(), 1u);
  EXPECT_THAT(DebugOutputViolations()[0], HasSubstr("above DIRQL"));
  r.irql = 12;  // the highest DIRQL
  Record(r);
  EXPECT_EQ(DebugOutputViolations().size(), 1u);
  ResetDebugOutput();  // or the listener fails this test, as it should
}

TEST(Echo, WritesPrintedRecordsToStderr) {
  const bool before = EchoEnabled();
  SetEcho(true);
  ::testing::internal::CaptureStderr();
  Record(Print(kIhvDriverComponent, 0, "echoed\n"));
  Record(Print(kIhvDriverComponent, 3, "not echoed\n"));
  const std::string err = ::testing::internal::GetCapturedStderr();
  SetEcho(before);
  EXPECT_THAT(err, HasSubstr("component 77 level 0x0] echoed\n"));
  EXPECT_THAT(err, ::testing::Not(HasSubstr("not echoed")));
}

TEST(FailureNotes, ShowPrintedLinesAndCountFilteredOnes) {
  EXPECT_EQ(FailureNotes(), "");
  Record(Print(kIhvDriverComponent, 0, "first\n"));
  Record(Print(kIhvDriverComponent, 3, "hidden\n"));
  const std::string notes = FailureNotes();
  EXPECT_THAT(notes, HasSubstr("Debug output (1 line(s) printed):"));
  EXPECT_THAT(notes, HasSubstr("PASSIVE_LEVEL, component 77 level 0x0] first\n"));
  EXPECT_THAT(notes, HasSubstr("1 call(s) filtered out"));
  EXPECT_THAT(notes, ::testing::Not(HasSubstr("hidden")));
}

}  // namespace
}  // namespace dbg
