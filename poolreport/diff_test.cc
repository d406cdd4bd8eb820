// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/diff_test.cc: comparing two runs (goldens on the fixed
// runs under poolreport/testdata/, and the identity rules).

#include "poolreport/diff.h"

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

const char kOld[] = "poolreport/testdata/old/testlogs";
const char kNew[] = "poolreport/testdata/new/testlogs";

TEST(DiffTest, OldToNewGolden) {
  const RunDiff d = DiffRuns(Read(kOld), Read(kNew));
  ExpectGolden(RenderDiffText(d), "poolreport/testdata/diff_old_new.txt");
  EXPECT_EQ(DiffExitStatus(d), 1);
}

TEST(DiffTest, NewToOldGolden) {
  const RunDiff d = DiffRuns(Read(kNew), Read(kOld));
  ExpectGolden(RenderDiffText(d), "poolreport/testdata/diff_new_old.txt");
  // Going back removes the new leak but the context leak comes back.
  EXPECT_EQ(DiffExitStatus(d), 1);
}

TEST(DiffTest, ARunComparedWithItselfHasNothingNew) {
  const RunDiff d = DiffRuns(Read(kNew), Read(kNew));
  EXPECT_TRUE(d.entries.empty());
  EXPECT_EQ(DiffExitStatus(d), 0);
}

TEST(DiffTest, ClassifiesEachEntry) {
  const RunDiff d = DiffRuns(Read(kOld), Read(kNew));
  EXPECT_EQ(d.Count(Change::kNew), 1u);     // PoolTest.Registry's MfRg
  EXPECT_EQ(d.Count(Change::kGrew), 1u);    // MfNm 128 -> 192, its lines moved
  EXPECT_EQ(d.Count(Change::kFixed), 2u);   // the context and its storage
  EXPECT_EQ(d.Count(Change::kShrank), 0u);
  ASSERT_FALSE(d.entries.empty());
  EXPECT_EQ(d.entries[0].change, Change::kNew);
  EXPECT_EQ(d.entries[0].label, "PagedPool 'MfRg' (direct)");
  EXPECT_EQ(d.entries[0].new_bytes, 300u);
}

TEST(DiffTest, OnlyFixedOrShrunkEntriesExitZero) {
  TestReport before;
  before.test = "A.B";
  Group g;
  g.kind = "direct";
  g.pool = "PagedPool";
  g.tag = "Tg";
  g.bytes = 100;
  g.count = 2;
  g.stack = {Frame{true, 0x10, "F", "f.c", 1}};
  before.groups = {g, g};
  before.groups[1].tag = "Gone";
  TestReport after = before;
  after.groups.pop_back();
  after.groups[0].bytes = 50;
  after.groups[0].count = 1;
  after.groups[0].stack[0].line = 99;  // moved: still the same leak
  after.groups[0].stack[0].pc = 0x20;
  ReportRun a, b;
  a.reports = {before};
  b.reports = {after};
  const RunDiff d = DiffRuns(a, b);
  EXPECT_EQ(d.Count(Change::kShrank), 1u);
  EXPECT_EQ(d.Count(Change::kFixed), 1u);
  EXPECT_EQ(DiffExitStatus(d), 0);
  EXPECT_EQ(DiffExitStatus(DiffRuns(b, a)), 1);
}

TEST(DiffTest, AnotherFunctionIsAnotherLeak) {
  TestReport r;
  r.test = "A.B";
  Group g;
  g.kind = "direct";
  g.pool = "PagedPool";
  g.tag = "Tg";
  g.bytes = 8;
  g.count = 1;
  g.stack = {Frame{false, 0, "F", "f.c", 1}};
  r.groups = {g};
  ReportRun a, b;
  a.reports = {r};
  r.groups[0].stack[0].function = "G";
  b.reports = {r};
  const RunDiff d = DiffRuns(a, b);
  EXPECT_EQ(d.Count(Change::kNew), 1u);
  EXPECT_EQ(d.Count(Change::kFixed), 1u);
}

}  // namespace
}  // namespace poolreport
