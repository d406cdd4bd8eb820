// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/summary_test.cc: the summary across tests, on fixed runs
// under poolreport/testdata/ (goldens) and on hand-made reports.

#include "poolreport/summary.h"

#include "gtest/gtest.h"
#include "poolreport/golden.h"
#include "poolreport/reader.h"

namespace poolreport {
namespace {

ReportRun Read(const std::string& input) {
  absl::StatusOr<ReportRun> run = ReadRun({input});
  EXPECT_TRUE(run.ok()) << run.status();
  return run.ok() ? *std::move(run) : ReportRun{};
}

TEST(SummaryTest, OldRunGolden) {
  ExpectGolden(RenderSummaryText(Summarize(Read("poolreport/testdata/old/testlogs"))),
               "poolreport/testdata/summary_old.txt");
}

TEST(SummaryTest, NewRunGolden) {
  ExpectGolden(RenderSummaryText(Summarize(Read("poolreport/testdata/new/testlogs"))),
               "poolreport/testdata/summary_new.txt");
}

TEST(SummaryTest, GroupsAddUpByTagFrameAndTest) {
  const Summary s = Summarize(Read("poolreport/testdata/old/testlogs"));
  EXPECT_EQ(s.reports, 3u);
  EXPECT_EQ(s.reports_with_findings, 3u);
  EXPECT_EQ(s.bytes, 128u + 64u + 48u);
  EXPECT_EQ(s.allocations, 4u);
  EXPECT_EQ(s.objects, 1u);
  EXPECT_EQ(s.bug_checks, 1u);
  ASSERT_EQ(s.by_tag.size(), 3u);
  EXPECT_EQ(s.by_tag[0].key, "MfNm");
  EXPECT_EQ(s.by_tag[0].bytes, 128u);
  ASSERT_EQ(s.by_test.size(), 3u);
  EXPECT_EQ(s.by_test[0].key, "//drivers:filter_test FilterTest.LeaksOnCreate");
  EXPECT_EQ(s.by_test[0].bytes, 192u);
  ASSERT_EQ(s.bug_check_rows.size(), 1u);
  EXPECT_EQ(s.bug_check_rows[0].meaning.rule_id, "pool.free.double.retail");
  EXPECT_EQ(s.bug_check_rows[0].meaning.meaning, "a double free: the block was already freed");
}

TEST(SummaryTest, TheSameTagInTwoTestsIsOneRowCountingBoth) {
  ReportRun run;
  for (const char* test : {"A.One", "A.Two"}) {
    TestReport r;
    r.test = test;
    Group g;
    g.kind = "direct";
    g.pool = "PagedPool";
    g.tag = "Same";
    g.bytes = 10;
    g.count = 1;
    g.stack = {Frame{false, 0, "Alloc", "a.c", 3}};
    r.groups.push_back(g);
    Group hidden = g;
    hidden.suppressed = true;
    hidden.bytes = 1000;
    r.groups.push_back(hidden);
    run.reports.push_back(r);
  }
  const Summary s = Summarize(run);
  ASSERT_EQ(s.by_tag.size(), 1u);
  EXPECT_EQ(s.by_tag[0].bytes, 20u);
  EXPECT_EQ(s.by_tag[0].tests, 2u);
  ASSERT_EQ(s.by_frame.size(), 1u);
  EXPECT_EQ(s.by_frame[0].key, "Alloc a.c:3");
  EXPECT_EQ(s.by_frame[0].tests, 2u);
  EXPECT_EQ(s.suppressed_bytes, 2000u);
  EXPECT_EQ(s.bytes, 20u);
}

TEST(SummaryTest, AnUncataloguedStopCodeSaysSo) {
  ReportRun run;
  TestReport r;
  r.test = "A.Stop";
  BugCheckEntry b;
  b.code = 0xDEAD;
  b.name = "0xDEAD";
  b.parameters = {1, 2, 3, 4};
  r.bug_checks.push_back(b);
  run.reports.push_back(r);
  const Summary s = Summarize(run);
  ASSERT_EQ(s.bug_check_rows.size(), 1u);
  EXPECT_FALSE(s.bug_check_rows[0].meaning.catalogued);
  EXPECT_NE(RenderSummaryText(s).find("0xDEAD 0xDEAD (0x1, 0x2, 0x3, 0x4) in A.Stop\n"
                                      "    meaning: not in this build's catalogue"),
            std::string::npos)
      << RenderSummaryText(s);
}

TEST(SummaryTest, ACleanRunSaysSo) {
  ReportRun run;
  run.reports.push_back(TestReport{});
  EXPECT_EQ(RenderSummaryText(Summarize(run)),
            "poolreport: 1 report(s), 0 with findings\n"
            "No leaks, no objects still referenced, no bug checks.\n");
}

}  // namespace
}  // namespace poolreport
