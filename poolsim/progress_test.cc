// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolsim/progress_test.cc: where progress is shown, how each style
// writes, and the error-path sweep's progress (forced on by POOLSIM_PROGRESS
// under `bazel test`, whose standard error is no terminal).

#include "poolsim/progress.h"

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "poolsim/fault_sweep.h"
#include "poolsim/wdk/wdm.h"

namespace poolsim {
namespace {

TEST(ProgressStyleTest, TerminalOnlyUnlessForced) {
  EXPECT_EQ(ChooseProgressStyle(nullptr, true), ProgressStyle::kTerminal);
  EXPECT_EQ(ChooseProgressStyle(nullptr, false), ProgressStyle::kOff);
  for (const char* on : {"1", "on", "TRUE"}) {
    EXPECT_EQ(ChooseProgressStyle(on, true), ProgressStyle::kTerminal) << on;
    EXPECT_EQ(ChooseProgressStyle(on, false), ProgressStyle::kLines) << on;
  }
  for (const char* off : {"0", "off", "False"}) {
    EXPECT_EQ(ChooseProgressStyle(off, true), ProgressStyle::kOff) << off;
    EXPECT_EQ(ChooseProgressStyle(off, false), ProgressStyle::kOff) << off;
  }
  EXPECT_EQ(ChooseProgressStyle("maybe", false), ProgressStyle::kOff);
  EXPECT_EQ(ChooseProgressStyle("maybe", true), ProgressStyle::kTerminal);
}

TEST(ProgressStyleTest, StandardErrorReadsTheVariable) {
  const bool terminal = isatty(STDERR_FILENO) == 1;
  ASSERT_EQ(setenv("POOLSIM_PROGRESS", "1", 1), 0);
  EXPECT_EQ(ProgressStyleForStandardError(),
            terminal ? ProgressStyle::kTerminal : ProgressStyle::kLines);
  ASSERT_EQ(setenv("POOLSIM_PROGRESS", "0", 1), 0);
  EXPECT_EQ(ProgressStyleForStandardError(), ProgressStyle::kOff);
  ASSERT_EQ(unsetenv("POOLSIM_PROGRESS"), 0);
  EXPECT_EQ(ProgressStyleForStandardError(), ChooseProgressStyle(nullptr, terminal));
}

struct Written {
  std::string text;
  ProgressLine::Sink sink() {
    return [this](absl::string_view s) { text.append(s.data(), s.size()); };
  }
};

TEST(ProgressLineTest, TerminalRedrawsInPlaceAtMostOncePerIntervalAndErases) {
  Written w;
  absl::Time now = absl::UnixEpoch();
  {
    ProgressLine p("poolsim: sweep", ProgressStyle::kTerminal, w.sink(), absl::Seconds(1),
                   [&] { return now; });
    p.Update(1, 4, "runs");  // drawn: the first
    p.Update(2, 4, "runs");  // within the interval: skipped
    now += absl::Seconds(2);
    p.Update(3, 4, "runs");  // drawn
    p.Update(4, 4, "runs");  // the last: always drawn
  }
  EXPECT_EQ(w.text,
            "\rpoolsim: sweep 1/4 runs\x1b[K"
            "\rpoolsim: sweep 3/4 runs\x1b[K"
            "\rpoolsim: sweep 4/4 runs\x1b[K"
            "\r\x1b[K");
}

TEST(ProgressLineTest, LinesWhenForcedWithoutATerminal) {
  Written w;
  {
    ProgressLine p("poolsim: sweep", ProgressStyle::kLines, w.sink(), absl::ZeroDuration());
    p.Update(1, 2, "runs");
    p.Update(2, 2, "runs");
  }
  EXPECT_EQ(w.text, "poolsim: sweep 1/2 runs\npoolsim: sweep 2/2 runs\n");
}

TEST(ProgressLineTest, OffWritesNothing) {
  Written w;
  {
    ProgressLine p("poolsim: sweep", ProgressStyle::kOff, w.sink(), absl::ZeroDuration());
    for (uint64_t i = 1; i <= 3; ++i) p.Update(i, 3, "runs");
    p.Finish();
  }
  EXPECT_EQ(w.text, "");
}

TEST(ProgressLineTest, AMovedLineErasesOnce) {
  Written w;
  {
    ProgressLine a("x", ProgressStyle::kTerminal, w.sink(), absl::ZeroDuration());
    a.Update(1, 1, "runs");
    ProgressLine b(std::move(a));
  }
  EXPECT_EQ(w.text, "\rx 1/1 runs\x1b[K\r\x1b[K");
}

// Two allocations and their frees: three runs (none failed, the 1st, the 2nd).
void TwoBlocks() {
  PVOID a = ExAllocatePool2(POOL_FLAG_PAGED, 16, 'tseT');
  PVOID b = ExAllocatePool2(POOL_FLAG_PAGED, 16, 'tseT');
  if (b != nullptr) ExFreePoolWithTag(b, 'tseT');
  if (a != nullptr) ExFreePoolWithTag(a, 'tseT');
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST(SweepProgressTest, ForcedOnTheSweepCountsItsRuns) {
  ASSERT_EQ(setenv("POOLSIM_PROGRESS", "1", 1), 0);
  SweepOptions options;  // reads POOLSIM_PROGRESS
  ASSERT_EQ(unsetenv("POOLSIM_PROGRESS"), 0);
  if (isatty(STDERR_FILENO) == 1) GTEST_SKIP() << "standard error is a terminal";
  ASSERT_EQ(options.progress, ProgressStyle::kLines);
  testing::internal::CaptureStderr();
  const SweepResult result = SweepFaults(TwoBlocks, options);
  const std::vector<std::string> lines = Lines(testing::internal::GetCapturedStderr());
  EXPECT_TRUE(result.clean());
  EXPECT_EQ(result.runs, 3u);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines.front(), "poolsim: error-path sweep 1/3 runs");
  EXPECT_EQ(lines.back(), "poolsim: error-path sweep 3/3 runs");
}

TEST(SweepProgressTest, UniqueStacksCountsTheRunsItHasScheduled) {
  SweepOptions options;
  options.mode = SweepOptions::Mode::kEachUniqueStack;
  options.progress = ProgressStyle::kLines;
  testing::internal::CaptureStderr();
  const SweepResult result = SweepFaults(TwoBlocks, options);
  const std::vector<std::string> lines = Lines(testing::internal::GetCapturedStderr());
  EXPECT_TRUE(result.clean());
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines.front(), "poolsim: error-path sweep 1/3 runs");  // run 1 found two stacks
  EXPECT_EQ(lines.back(), absl::StrCat("poolsim: error-path sweep ", result.runs, "/",
                                       result.runs, " runs"));
}

TEST(SweepProgressTest, QuietWhenOff) {
  SweepOptions options;
  options.progress = ProgressStyle::kOff;
  testing::internal::CaptureStderr();
  EXPECT_TRUE(SweepFaults(TwoBlocks, options).clean());
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace poolsim
