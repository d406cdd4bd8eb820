// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "poolsim/leak_report.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/report_json.h"
#include "poolsim/report_text.h"

namespace poolsim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr PoolTag kTagA = PoolTag::FromChars("TagA");
constexpr PoolTag kTagB = PoolTag::FromChars("TagB");
constexpr PoolTag kCtx = PoolTag::FromChars("FlCx");

// Fake program counters, turned into names by FakeSymbolizer.
constexpr uintptr_t kDriverCreate = 0x1000;
constexpr uintptr_t kDriverCache = 0x2000;
constexpr uintptr_t kDriverRead = 0x3000;
constexpr uintptr_t kLibraryFrame = 0x9000;
constexpr uintptr_t kTestBody = 0xA000;
constexpr uintptr_t kHarness = 0xB000;

std::vector<SymbolizedFrame> FakeSymbolizer(StackId id) {
  std::vector<SymbolizedFrame> out;
  for (uintptr_t pc : StackFrames(id)) {
    SymbolizedFrame f;
    f.pc = pc;
    switch (pc) {
      case kDriverCreate: f.function = "SampleCreate"; f.file = "filter.c"; f.line = 42; break;
      case kDriverCache: f.function = "SampleCacheInsert"; f.file = "cache.c"; f.line = 7; break;
      case kDriverRead: f.function = "SampleRead"; f.file = "filter.c"; f.line = 90; break;
      case kLibraryFrame: f.function = "poolsim::Environment::Allocate(poolsim::AllocateRequest const&)"; break;
      case kTestBody: f.function = "SampleTest_Leaks_Test::TestBody()"; f.file = "t.cc"; f.line = 3; break;
      case kHarness: f.function = "testing::Test::Run()"; break;
    }
    out.push_back(f);
  }
  return out;
}

StackId Stack(std::vector<uintptr_t> frames) { return InternStack(frames); }

BlockInfo Block(uint64_t seq, size_t bytes, PoolTag tag, PoolKind kind, StackId stack,
                uintptr_t address = 0) {
  BlockInfo b;
  b.address = address != 0 ? address : 0x100000 + seq * 0x100;
  b.bytes = bytes;
  b.tag = tag;
  b.kind = kind;
  b.pool_type = kind == PoolKind::kPaged ? 1 : 512;
  b.thread = 1;
  b.sequence = seq;
  b.stack = stack;
  return b;
}

// Blocks from three call sites, a leaked context holding one block, and a
// bug check.
struct Fixture {
  StackId create = Stack({kLibraryFrame, kDriverCreate, kTestBody, kHarness});
  StackId cache = Stack({kDriverCache, kDriverCreate, kTestBody, kHarness});
  StackId read = Stack({kDriverRead, kTestBody, kHarness});
  std::vector<BlockInfo> blocks = {
      Block(1, 64, kTagA, PoolKind::kNonPaged, create),
      Block(2, 32, kTagB, PoolKind::kPaged, cache),
      Block(3, 64, kTagA, PoolKind::kNonPaged, create),
      Block(4, 500, kTagB, PoolKind::kPaged, read),
      Block(5, 200, kCtx, PoolKind::kNonPaged, create, 0xC0FFEE0),
  };
  std::vector<LeakedObject> objects() const {
    LeakedObject o;
    o.kind = "context";
    o.type_name = "FLT_STREAM_CONTEXT";
    o.owner = "Sample";
    o.attached_to = "stream \\Device\\Vol1\\a.txt";
    o.reference_count = 2;
    o.address = 0xC0FFEE0 + 64;
    o.block = 0xC0FFEE0;
    o.bytes = 200;
    o.pool = PoolKind::kNonPaged;
    o.tag = kCtx;
    o.stack = create;
    o.references = {ObjectReference{"FltAllocateContext", create, 1},
                    ObjectReference{"FltGetStreamContext", read, 2}};
    return {o};
  }
  std::vector<BugCheck> bug_checks() const {
    BugCheck b;
    b.code = 0xC2;
    b.parameters = {0x0A, 0x100200, kTagB.value(), kTagA.value()};
    b.description = "free with tag 'TagA' of a block tagged 'TagB'";
    b.stack = read;
    b.irql = 0;
    b.thread = 1;
    b.has_block = true;
    b.block = blocks[1];
    return {b};
  }
};

TEST(LeakReportTest, GroupsByPoolTagAndStack) {
  Fixture f;
  const LeakReport r = BuildLeakReport(f.blocks, {}, {}, {});
  ASSERT_THAT(r.groups, SizeIs(4));
  // Sorted by bytes descending: 500 (TagB read), 200 (FlCx create),
  // 128 (TagA create, two blocks), 32 (TagB cache).
  EXPECT_EQ(r.groups[0].total_bytes, 500u);
  EXPECT_EQ(r.groups[1].total_bytes, 200u);
  EXPECT_EQ(r.groups[2].total_bytes, 128u);
  EXPECT_EQ(r.groups[2].count, 2u);
  EXPECT_EQ(r.groups[2].first_sequence, 1u);
  EXPECT_EQ(r.groups[3].total_bytes, 32u);
  EXPECT_EQ(r.leaked_bytes(), 860u);
  EXPECT_EQ(r.leaked_blocks(), 5u);
  EXPECT_FALSE(r.clean());
}

TEST(LeakReportTest, OrderIsDeterministicWhateverTheInputOrder) {
  Fixture f;
  std::vector<BlockInfo> reversed(f.blocks.rbegin(), f.blocks.rend());
  const std::string a = RenderJson(BuildLeakReport(f.blocks, {}, {}, {}));
  const std::string b = RenderJson(BuildLeakReport(reversed, {}, {}, {}));
  EXPECT_EQ(a, b);
}

TEST(LeakReportTest, EqualBytesSortByTagThenAge) {
  const StackId s1 = Stack({kDriverCreate});
  const StackId s2 = Stack({kDriverRead});
  const LeakReport r = BuildLeakReport(
      {Block(1, 10, kTagB, PoolKind::kPaged, s1), Block(2, 10, kTagA, PoolKind::kPaged, s1),
       Block(3, 10, kTagA, PoolKind::kPaged, s2)},
      {}, {}, {});
  ASSERT_THAT(r.groups, SizeIs(3));
  EXPECT_EQ(r.groups[0].tag, kTagA);
  EXPECT_EQ(r.groups[0].first_sequence, 2u);
  EXPECT_EQ(r.groups[1].tag, kTagA);
  EXPECT_EQ(r.groups[1].first_sequence, 3u);
  EXPECT_EQ(r.groups[2].tag, kTagB);
}

TEST(LeakReportTest, ContextStorageIsIndirectAndListedLast) {
  Fixture f;
  const LeakReport r = BuildLeakReport(f.blocks, f.objects(), {}, {});
  ASSERT_THAT(r.groups, SizeIs(4));
  EXPECT_FALSE(r.groups[0].indirect);
  EXPECT_TRUE(r.groups[3].indirect);
  EXPECT_EQ(r.groups[3].tag, kCtx);
  ASSERT_THAT(r.objects, SizeIs(1));
}

TEST(LeakReportTest, StackDepthCoarsensGroups) {
  const StackId a = Stack({kDriverCache, kDriverCreate});
  const StackId b = Stack({kDriverCache, kDriverRead});
  std::vector<BlockInfo> blocks = {Block(1, 8, kTagA, PoolKind::kPaged, a),
                                   Block(2, 8, kTagA, PoolKind::kPaged, b)};
  EXPECT_THAT(BuildLeakReport(blocks, {}, {}, {}).groups, SizeIs(2));
  ReportOptions one_frame;
  one_frame.stack_depth = 1;
  const LeakReport r = BuildLeakReport(blocks, {}, {}, one_frame);
  ASSERT_THAT(r.groups, SizeIs(1));
  EXPECT_EQ(r.groups[0].count, 2u);
  EXPECT_EQ(StackFrames(r.groups[0].stack), std::vector<uintptr_t>{kDriverCache});
}

TEST(LeakReportTest, IncludeBlocksKeepsThem) {
  Fixture f;
  ReportOptions o;
  o.include_blocks = true;
  const LeakReport r = BuildLeakReport(f.blocks, {}, {}, o);
  size_t n = 0;
  for (const LeakGroup& g : r.groups) n += g.blocks.size();
  EXPECT_EQ(n, 5u);
  EXPECT_TRUE(BuildLeakReport(f.blocks, {}, {}, {}).groups[0].blocks.empty());
}

TEST(SuppressionsTest, ParsesRulesAndComments) {
  const absl::StatusOr<Suppressions> s = Suppressions::Parse(
      "# accepted leaks\n"
      "tag:Tag?   # any TagN\n"
      "\n"
      "fun:Sample*Cache*\n");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_THAT(s->tags, ElementsAre("Tag?"));
  EXPECT_THAT(s->functions, ElementsAre("Sample*Cache*"));
}

TEST(SuppressionsTest, BadLinesNameTheLine) {
  absl::StatusOr<Suppressions> s = Suppressions::Parse("tag:A\nleak:foo\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("line 2"));
  s = Suppressions::Parse("fun:\n");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("line 1"));
}

TEST(SuppressionsTest, TagRuleHidesGroupsAndCountsHits) {
  Fixture f;
  ReportOptions o;
  o.suppressions.tags = {"TagB"};
  const LeakReport r = BuildLeakReport(f.blocks, {}, {}, o);
  ASSERT_THAT(r.suppressions_used, SizeIs(1));
  EXPECT_EQ(r.suppressions_used[0].rule, "tag:TagB");
  EXPECT_EQ(r.suppressions_used[0].groups, 2u);
  EXPECT_EQ(r.suppressions_used[0].blocks, 2u);
  EXPECT_EQ(r.suppressions_used[0].bytes, 532u);
  EXPECT_EQ(r.leaked_bytes(), 328u);
}

TEST(SuppressionsTest, FunctionRuleMatchesAnyFrameOfTheRealStack) {
  // Function rules symbolize real stacks: allocate from a named function.
  Environment env;
  env.SetBugCheckHandler([](const BugCheck&) { FAIL() << "unexpected bug check"; });
  AllocateRequest r;
  r.bytes = 16;
  r.tag = kTagA;
  void* p = env.Allocate(r);
  ReportOptions o;
  o.suppressions.functions = {"*SuppressionsTest_FunctionRuleMatchesAnyFrame*"};
  LeakReport report = BuildLeakReport(env, o);
  ASSERT_THAT(report.groups, SizeIs(1));
  EXPECT_TRUE(report.groups[0].suppressed);
  EXPECT_TRUE(report.clean());
  o.suppressions.functions = {"NoSuchFunction"};
  report = BuildLeakReport(env, o);
  EXPECT_FALSE(report.groups[0].suppressed);
  env.Free(p, kTagA, true);
}

TEST(LeakReportTest, CleanReportRendersNothing) {
  EXPECT_TRUE(BuildLeakReport({}, {}, {}, {}).clean());
  EXPECT_EQ(RenderText(BuildLeakReport({}, {}, {}, {})), "");
}

// Returns the golden file's text. With POOLSIM_GOLDEN_DIR set (to the
// source testdata folder), first rewrites it with `actual`.
std::string Golden(const std::string& name, const std::string& actual) {
  if (const char* dir = std::getenv("POOLSIM_GOLDEN_DIR")) {
    std::ofstream(std::string(dir) + "/" + name, std::ios::binary) << actual;
  }
  std::ifstream in("poolsim/testdata/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ReportGoldenTest, Text) {
  Fixture f;
  ReportOptions o;
  o.include_blocks = true;
  o.suppressions.tags = {"Zzz*"};  // matches nothing: no "Suppressions used" table
  const LeakReport r = BuildLeakReport(f.blocks, f.objects(), f.bug_checks(), o);
  TextOptions t;
  t.symbolizer = FakeSymbolizer;
  const std::string text = RenderText(r, t);
  EXPECT_EQ(text, Golden("report.golden.txt", text)) << "actual:\n" << text;
}

TEST(ReportGoldenTest, TextWithSuppression) {
  Fixture f;
  ReportOptions o;
  o.suppressions.tags = {"TagB"};
  const LeakReport r = BuildLeakReport(f.blocks, {}, {}, o);
  TextOptions t;
  t.symbolizer = FakeSymbolizer;
  const std::string text = RenderText(r, t);
  EXPECT_EQ(text, Golden("report_suppressed.golden.txt", text)) << "actual:\n" << text;
}

TEST(ReportGoldenTest, Json) {
  Fixture f;
  const LeakReport r = BuildLeakReport(f.blocks, f.objects(), f.bug_checks(), {});
  JsonOptions j;
  j.include_addresses = false;
  j.frames.symbolizer = FakeSymbolizer;
  const std::string json = RenderJson(r, j);
  EXPECT_EQ(json, Golden("report.golden.json", json)) << "actual:\n" << json;
}

TEST(ReportTextTest, TrimsLibraryAndHarnessFrames) {
  Fixture f;
  TextOptions t;
  t.symbolizer = FakeSymbolizer;
  const std::vector<SymbolizedFrame> frames = RenderedFrames(f.create, t);
  ASSERT_THAT(frames, SizeIs(2));
  EXPECT_EQ(frames[0].function, "SampleCreate");
  EXPECT_EQ(frames[1].function, "SampleTest_Leaks_Test::TestBody()");
  t.trim_library_frames = false;
  EXPECT_THAT(RenderedFrames(f.create, t), SizeIs(4));
}

TEST(ReportTextTest, RealStacksAreSymbolizedWithFunctionNames) {
  Environment env;
  AllocateRequest r;
  r.bytes = 40;
  r.tag = kTagA;
  void* p = env.Allocate(r);
  const std::string text = RenderText(BuildLeakReport(env));
  EXPECT_THAT(text, HasSubstr("Direct leak of 40 byte(s) in 1 allocation(s) from NonPagedPool, "
                              "tag 'TagA', allocated at:"));
  EXPECT_THAT(text, HasSubstr("ReportTextTest_RealStacksAreSymbolizedWithFunctionNames"));
  // Debug info in test builds gives file:line.
  EXPECT_THAT(text, HasSubstr("leak_report_test.cc:"));
  env.Free(p, kTagA, true);
}

}  // namespace
}  // namespace poolsim
