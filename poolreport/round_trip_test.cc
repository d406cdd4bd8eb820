// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/round_trip_test.cc: a report rendered by poolsim's JSON
// writer reads back through poolreport's reader with every field intact.

#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "poolreport/reader.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/report_json.h"
#include "poolsim/stack_trace.h"

namespace poolreport {
namespace {

using poolsim::StackId;
using poolsim::SymbolizedFrame;

// Stacks with fixed frames: ids interned from made-up addresses, names and
// lines derived from the address.
StackId MakeStack(uintptr_t base, int frames) {
  std::vector<uintptr_t> pcs;
  for (int i = 0; i < frames; ++i) pcs.push_back(base + 16 * static_cast<uintptr_t>(i));
  return poolsim::InternStack(pcs);
}

std::vector<SymbolizedFrame> FakeSymbolize(StackId id) {
  std::vector<SymbolizedFrame> out;
  for (uintptr_t pc : poolsim::StackFrames(id)) {
    SymbolizedFrame f;
    f.pc = pc;
    f.function = "Fn_" + std::to_string(pc % 100000) + "(\"quoted\\\")";
    f.file = "drv/src \t" + std::to_string(pc % 7) + ".c";
    f.line = static_cast<int>(pc % 1000);
    out.push_back(f);
  }
  return out;
}

poolsim::JsonOptions Options(bool addresses) {
  poolsim::JsonOptions o;
  o.include_addresses = addresses;
  o.frames.trim_library_frames = false;
  o.frames.max_frames = 0;
  o.frames.symbolizer = FakeSymbolize;
  return o;
}

poolsim::BlockInfo MakeBlock(uintptr_t address, size_t bytes, const char* tag, uint64_t sequence) {
  poolsim::BlockInfo b;
  b.address = address;
  b.bytes = bytes;
  b.tag = poolsim::PoolTag::FromChars(tag);
  b.kind = poolsim::PoolKind::kPaged;
  b.pool_type = 1;
  b.irql = 1;
  b.thread = 3;
  b.sequence = sequence;
  b.stack = MakeStack(0x4000, 2);
  return b;
}

// A report with every kind of entry and every optional part present.
poolsim::LeakReport FullReport() {
  poolsim::LeakReport r;
  poolsim::LeakGroup g;
  g.indirect = false;
  g.kind = poolsim::PoolKind::kNonPaged;
  g.pool_type = 0x200;
  g.tag = poolsim::PoolTag::FromChars("Tg1");
  g.stack = MakeStack(0x1000, 3);
  g.total_bytes = 96;
  g.count = 2;
  g.first_sequence = 7;
  g.blocks = {MakeBlock(0xA000, 64, "Tg1", 7), MakeBlock(0xB000, 32, "Tg1", 9)};
  r.groups.push_back(g);
  poolsim::LeakGroup h;
  h.indirect = true;
  h.kind = poolsim::PoolKind::kPaged;
  h.pool_type = 1;
  h.tag = poolsim::PoolTag::FromChars("Ctx ");
  h.stack = MakeStack(0x2000, 1);
  h.total_bytes = 40;
  h.count = 1;
  h.first_sequence = 3;
  h.suppressed = true;
  h.suppressed_by = "tag:Ctx*";
  r.groups.push_back(h);

  poolsim::LeakedObject o;
  o.kind = "context";
  o.type_name = "FLT_STREAM_CONTEXT";
  o.owner = "MyFilter";
  o.attached_to = "stream \\vol\\a.txt";
  o.reference_count = 2;
  o.address = 0xC000;
  o.bytes = 40;
  o.pool = poolsim::PoolKind::kPaged;
  o.tag = poolsim::PoolTag::FromChars("Ctx ");
  o.stack = MakeStack(0x3000, 2);
  o.references = {{"FltAllocateContext", MakeStack(0x3100, 2), 4},
                  {"FltGetStreamContext", MakeStack(0x3200, 3), 11}};
  r.objects.push_back(o);

  poolsim::BugCheck b;
  b.code = 0xC2;
  b.parameters = {0x7, 0x1234, 0xFFFFFFFFFFFFFFFFull, 0xA000};
  b.description = "double free \"x\"";
  b.stack = MakeStack(0x5000, 2);
  b.irql = 2;
  b.thread = 5;
  b.has_block = true;
  b.block = MakeBlock(0xA000, 64, "Tg1", 7);
  b.block_free_stack = MakeStack(0x6000, 2);
  r.bug_checks.push_back(b);
  poolsim::BugCheck plain;
  plain.code = 0xDEAD;
  plain.parameters = {1, 2, 3, 4};
  plain.description = "the driver's own stop";
  r.bug_checks.push_back(plain);

  r.suppressions_used.push_back({"tag:Ctx*", 1, 1, 40});
  return r;
}

void ExpectStack(StackId id, const Stack& got, bool addresses) {
  const std::vector<SymbolizedFrame> want = FakeSymbolize(id);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].has_pc, addresses);
    EXPECT_EQ(got[i].pc, addresses ? want[i].pc : 0u);
    EXPECT_EQ(got[i].function, want[i].function);
    EXPECT_EQ(got[i].file, want[i].file);
    EXPECT_EQ(got[i].line, want[i].line);
  }
}

void ExpectBlock(const poolsim::BlockInfo& want, const Block& got, bool addresses) {
  EXPECT_EQ(got.has_address, addresses);
  EXPECT_EQ(got.address, addresses ? want.address : 0u);
  EXPECT_EQ(got.bytes, want.bytes);
  EXPECT_EQ(got.pool, poolsim::PoolKindName(want.kind));
  EXPECT_EQ(got.pool_type, want.pool_type);
  EXPECT_EQ(got.tag, want.tag.ToString());
  EXPECT_EQ(got.tag_value, want.tag.value());
  EXPECT_EQ(got.irql, want.irql);
  EXPECT_EQ(got.thread, want.thread);
  EXPECT_EQ(got.sequence, want.sequence);
}

// poolreport's data written back in the writer's shape: equal to the
// writer's document exactly when the reader kept every field (a field the
// writer gains and the reader does not read makes the documents differ).
using Json = nlohmann::json;

Json Hex(uint64_t n) { return absl::StrFormat("0x%x", n); }

Json ToJson(const Stack& stack) {
  Json out = Json::array();
  for (const Frame& f : stack) {
    Json j = {{"function", f.function}, {"file", f.file}, {"line", f.line}};
    if (f.has_pc) j["pc"] = Hex(f.pc);
    out.push_back(j);
  }
  return out;
}

Json ToJson(const Block& b) {
  Json j = {{"bytes", b.bytes},         {"pool", b.pool},     {"pool_type", b.pool_type},
            {"tag", b.tag},             {"tag_value", b.tag_value}, {"irql", b.irql},
            {"thread", b.thread},       {"sequence", b.sequence}};
  if (b.has_address) j["address"] = Hex(b.address);
  return j;
}

Json ToJson(const TestReport& r) {
  Json doc = {{"format_version", r.format_version},
              {"clean", r.clean},
              {"summary",
               {{"leaked_bytes", r.leaked_bytes},
                {"leaked_allocations", r.leaked_allocations},
                {"leaked_objects", r.leaked_objects},
                {"bug_checks", r.bug_check_count}}}};
  doc["bug_checks"] = Json::array();
  for (const BugCheckEntry& b : r.bug_checks) {
    Json j = {{"code", b.code},   {"name", b.name},     {"description", b.description},
              {"irql", b.irql},   {"thread", b.thread}, {"stack", ToJson(b.stack)}};
    j["parameters"] = Json::array();
    for (uint64_t p : b.parameters) j["parameters"].push_back(Hex(p));
    if (b.has_block) {
      j["block"] = ToJson(b.block);
      j["block_stack"] = ToJson(b.block_stack);
      j["free_stack"] = ToJson(b.free_stack);
    }
    doc["bug_checks"].push_back(j);
  }
  doc["objects"] = Json::array();
  for (const Object& o : r.objects) {
    Json j = {{"kind", o.kind},   {"type", o.type},   {"owner", o.owner},
              {"attached_to", o.attached_to},         {"reference_count", o.reference_count},
              {"bytes", o.bytes}, {"pool", o.pool},   {"tag", o.tag},
              {"stack", ToJson(o.stack)}};
    if (o.has_address) j["address"] = Hex(o.address);
    j["references"] = Json::array();
    for (const Reference& ref : o.references) {
      j["references"].push_back(
          {{"operation", ref.operation}, {"sequence", ref.sequence}, {"stack", ToJson(ref.stack)}});
    }
    doc["objects"].push_back(j);
  }
  doc["groups"] = Json::array();
  for (const Group& g : r.groups) {
    Json j = {{"kind", g.kind},           {"pool", g.pool},
              {"pool_type", g.pool_type}, {"tag", g.tag},
              {"tag_value", g.tag_value}, {"bytes", g.bytes},
              {"count", g.count},         {"first_sequence", g.first_sequence},
              {"suppressed", g.suppressed}, {"suppressed_by", g.suppressed_by},
              {"stack", ToJson(g.stack)}};
    j["blocks"] = Json::array();
    for (const Block& b : g.blocks) j["blocks"].push_back(ToJson(b));
    doc["groups"].push_back(j);
  }
  doc["suppressions"] = Json::array();
  for (const SuppressionUse& u : r.suppressions) {
    doc["suppressions"].push_back({{"rule", u.rule},
                                   {"groups", u.groups},
                                   {"allocations", u.allocations},
                                   {"bytes", u.bytes}});
  }
  return doc;
}

class RoundTripTest : public ::testing::TestWithParam<bool> {};

TEST_P(RoundTripTest, EveryFieldReadsBack) {
  const bool addresses = GetParam();
  const poolsim::LeakReport want = FullReport();
  const std::string json = poolsim::RenderJson(want, Options(addresses));
  absl::StatusOr<TestReport> parsed = ParseReport(json, "mem.json", "//p:t", "S.T");
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << json;
  const TestReport& got = *parsed;

  EXPECT_EQ(got.format_version, poolsim::kLeakReportFormatVersion);
  EXPECT_EQ(got.clean, want.clean());
  EXPECT_EQ(got.leaked_bytes, want.leaked_bytes());
  EXPECT_EQ(got.leaked_allocations, want.leaked_blocks());
  EXPECT_EQ(got.leaked_objects, want.objects.size());
  EXPECT_EQ(got.bug_check_count, want.bug_checks.size());
  EXPECT_EQ(got.target, "//p:t");
  EXPECT_EQ(got.test, "S.T");

  ASSERT_EQ(got.groups.size(), want.groups.size());
  for (size_t i = 0; i < want.groups.size(); ++i) {
    const poolsim::LeakGroup& w = want.groups[i];
    const Group& g = got.groups[i];
    EXPECT_EQ(g.kind, w.indirect ? "indirect" : "direct");
    EXPECT_EQ(g.pool, poolsim::PoolKindName(w.kind));
    EXPECT_EQ(g.pool_type, w.pool_type);
    EXPECT_EQ(g.tag, w.tag.ToString());
    EXPECT_EQ(g.tag_value, w.tag.value());
    EXPECT_EQ(g.bytes, w.total_bytes);
    EXPECT_EQ(g.count, w.count);
    EXPECT_EQ(g.first_sequence, w.first_sequence);
    EXPECT_EQ(g.suppressed, w.suppressed);
    EXPECT_EQ(g.suppressed_by, w.suppressed_by);
    ExpectStack(w.stack, g.stack, addresses);
    ASSERT_EQ(g.blocks.size(), w.blocks.size());
    for (size_t k = 0; k < w.blocks.size(); ++k) ExpectBlock(w.blocks[k], g.blocks[k], addresses);
  }

  ASSERT_EQ(got.objects.size(), 1u);
  const poolsim::LeakedObject& wo = want.objects[0];
  const Object& o = got.objects[0];
  EXPECT_EQ(o.kind, wo.kind);
  EXPECT_EQ(o.type, wo.type_name);
  EXPECT_EQ(o.owner, wo.owner);
  EXPECT_EQ(o.attached_to, wo.attached_to);
  EXPECT_EQ(o.reference_count, wo.reference_count);
  EXPECT_EQ(o.has_address, addresses);
  EXPECT_EQ(o.address, addresses ? wo.address : 0u);
  EXPECT_EQ(o.bytes, wo.bytes);
  EXPECT_EQ(o.pool, poolsim::PoolKindName(wo.pool));
  EXPECT_EQ(o.tag, wo.tag.ToString());
  ExpectStack(wo.stack, o.stack, addresses);
  ASSERT_EQ(o.references.size(), wo.references.size());
  for (size_t k = 0; k < wo.references.size(); ++k) {
    EXPECT_EQ(o.references[k].operation, wo.references[k].operation);
    EXPECT_EQ(o.references[k].sequence, wo.references[k].sequence);
    ExpectStack(wo.references[k].stack, o.references[k].stack, addresses);
  }

  ASSERT_EQ(got.bug_checks.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const poolsim::BugCheck& wb = want.bug_checks[i];
    const BugCheckEntry& b = got.bug_checks[i];
    EXPECT_EQ(b.code, wb.code);
    EXPECT_EQ(b.name, poolsim::BugCheckName(wb.code));
    EXPECT_EQ(b.parameters, std::vector<uint64_t>(wb.parameters.begin(), wb.parameters.end()));
    EXPECT_EQ(b.description, wb.description);
    EXPECT_EQ(b.irql, wb.irql);
    EXPECT_EQ(b.thread, wb.thread);
    ExpectStack(wb.stack, b.stack, addresses);
    EXPECT_EQ(b.has_block, wb.has_block);
    if (wb.has_block) {
      ExpectBlock(wb.block, b.block, addresses);
      ExpectStack(wb.block.stack, b.block_stack, addresses);
      ExpectStack(wb.block_free_stack, b.free_stack, addresses);
    }
  }
  EXPECT_EQ(got.bug_checks[0].name, "BAD_POOL_CALLER");

  ASSERT_EQ(got.suppressions.size(), 1u);
  EXPECT_EQ(got.suppressions[0].rule, "tag:Ctx*");
  EXPECT_EQ(got.suppressions[0].groups, 1u);
  EXPECT_EQ(got.suppressions[0].allocations, 1u);
  EXPECT_EQ(got.suppressions[0].bytes, 40u);

  // Nothing the writer emits is left unread: written back, the reader's data
  // is the writer's document.
  const Json written = Json::parse(json);
  const Json reread = ToJson(got);
  EXPECT_EQ(reread, written) << "fields the reader does not keep:\n"
                             << Json::diff(reread, written).dump(2);
}

INSTANTIATE_TEST_SUITE_P(Addresses, RoundTripTest, ::testing::Bool());

TEST(RoundTripTest, AReportOfARealEnvironmentReadsBackWhole) {
  // Real stacks, symbolized and trimmed as the listener's files are.
  poolsim::Environment env{poolsim::Options{}};
  std::vector<poolsim::BugCheck> raised;
  env.SetBugCheckHandler([&](const poolsim::BugCheck& b) { raised.push_back(b); });
  poolsim::AllocateRequest request;
  request.bytes = 40;
  request.tag = poolsim::PoolTag::FromChars("Rt1");
  void* kept = env.Allocate(request);
  void* twice = env.Allocate(request);
  ASSERT_NE(kept, nullptr);
  ASSERT_NE(twice, nullptr);
  env.Free(twice, request.tag, true);
  env.Free(twice, request.tag, true);  // a double free: BAD_POOL_CALLER
  poolsim::ReportOptions options;
  options.include_blocks = true;
  const poolsim::LeakReport report =
      poolsim::BuildLeakReport(env.LiveBlocks(), env.LeakedObjects(), raised, options);
  const std::string json = poolsim::RenderJson(report);
  env.Free(kept, request.tag, true);

  absl::StatusOr<TestReport> parsed = ParseReport(json, "real.json", "", "S.T");
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << json;
  ASSERT_EQ(parsed->groups.size(), 1u);
  EXPECT_EQ(parsed->groups[0].tag, "Rt1 ");
  EXPECT_EQ(parsed->groups[0].bytes, 40u);
  ASSERT_EQ(parsed->groups[0].blocks.size(), 1u);
  ASSERT_EQ(parsed->bug_checks.size(), 1u);
  EXPECT_EQ(parsed->bug_checks[0].name, "BAD_POOL_CALLER");
  ASSERT_FALSE(parsed->groups[0].stack.empty());
  EXPECT_NE(parsed->groups[0].stack[0].file.find("round_trip_test.cc"), std::string::npos)
      << json;
  const Json written = Json::parse(json);
  EXPECT_EQ(ToJson(*parsed), written) << Json::diff(ToJson(*parsed), written).dump(2);
}

TEST(RoundTripTest, AnEmptyReportReadsBackClean) {
  absl::StatusOr<TestReport> parsed =
      ParseReport(poolsim::RenderJson(poolsim::LeakReport{}, Options(true)), "e.json", "", "S.T");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->clean);
  EXPECT_TRUE(parsed->groups.empty());
  EXPECT_TRUE(parsed->objects.empty());
  EXPECT_TRUE(parsed->bug_checks.empty());
}

TEST(RoundTripTest, TheReaderRefusesAnotherFormatVersion) {
  poolsim::LeakReport r;
  r.format_version = poolsim::kLeakReportFormatVersion + 1;
  absl::StatusOr<TestReport> parsed =
      ParseReport(poolsim::RenderJson(r, Options(true)), "next.json", "", "S.T");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(parsed.status().message().find("next.json: format_version "), std::string::npos)
      << parsed.status();
}

}  // namespace
}  // namespace poolreport
