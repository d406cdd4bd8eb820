// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/progress_test.cc: progress on a terminal, silence elsewhere.

#include "poolreport/progress.h"

#include <string>

#include "gtest/gtest.h"

namespace poolreport {
namespace {

TEST(ProgressTest, SilentWhenNotATerminal) {
  std::string written;
  {
    Progress p([&](absl::string_view s) { written.append(s.data(), s.size()); }, false,
               absl::ZeroDuration());
    for (size_t i = 1; i <= 5; ++i) p.Update(i, 5);
  }
  EXPECT_EQ(written, "");
}

TEST(ProgressTest, RedrawsOneLineOnATerminalAndClearsIt) {
  std::string written;
  absl::Time now = absl::UnixEpoch();
  {
    Progress p([&](absl::string_view s) { written.append(s.data(), s.size()); }, true,
               absl::Seconds(1), [&] { return now; });
    p.Update(1, 3);  // drawn: the first
    p.Update(2, 3);  // within the interval: skipped
    now += absl::Seconds(2);
    p.Update(3, 3);  // the last: always drawn
  }
  EXPECT_EQ(written,
            "\rpoolreport: read 1/3 report(s)\x1b[K"
            "\rpoolreport: read 3/3 report(s)\x1b[K"
            "\r\x1b[K");
}

TEST(ProgressTest, NothingToClearWhenNothingWasDrawn) {
  std::string written;
  {
    Progress p([&](absl::string_view s) { written.append(s.data(), s.size()); }, true);
    p.Finish();
  }
  EXPECT_EQ(written, "");
}

}  // namespace
}  // namespace poolreport
