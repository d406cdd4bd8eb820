// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// A context still referenced shows in poolsim's leak report (the same report
// as pool leaks) with, for each outstanding reference, the stack of the call
// that took it.

#include <string>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/test_support.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/leak_report.h"
#include "poolsim/report_json.h"
#include "poolsim/report_text.h"
#include "poolsim/stack_trace.h"

namespace fltctx {
namespace {

using ::fltctx::testing::FilterManagerTest;
using ::fltctx::testing::kTag;
using ::testing::HasSubstr;

constexpr ContextType kS = ContextType::kStream;

bool StackMentions(poolsim::StackId stack, const std::string& name) {
  for (const poolsim::SymbolizedFrame& f : poolsim::Symbolize(stack, false)) {
    if (f.function.find(name) != std::string::npos) return true;
  }
  return false;
}

__attribute__((noinline)) ContextRef AllocateStreamContextForLeakTest(FilterManager& fm,
                                                                      Filter* filter) {
  ContextRef c = fm.Allocate(filter, kS, 64, poolsim::PoolKind::kPaged, 1).context;
  asm volatile("" ::: "memory");
  return c;
}

__attribute__((noinline)) void LookUpAndForgetToRelease(FilterManager& fm,
                                                        const ContextTarget& target) {
  fm.Get(target).context.TransferToCaller();  // the bug under test
  asm volatile("" ::: "memory");
}

__attribute__((noinline)) void LookUpAndRelease(FilterManager& fm, const ContextTarget& target) {
  fm.Get(target).context.reset();
  asm volatile("" ::: "memory");
}

class LeakReportTest : public FilterManagerTest {
 public:
  void SetUp() override {
    filter_ = RegisterAllTypes(kTag);
    volume_ = fm().CreateVolume();
    instance_ = fm().AttachInstance(filter_, volume_);
    fo_ = fm().OpenFileObject(fm().CreateStream(volume_, {}));
    target_ = ContextTarget::OnFileObject(kS, instance_, fo_);
  }

  Filter* filter_ = nullptr;
  Volume* volume_ = nullptr;
  Instance* instance_ = nullptr;
  FileObject* fo_ = nullptr;
  ContextTarget target_;
};

TEST_F(LeakReportTest, LeakedReferenceIsReportedWithTheStackThatTookIt) {
  ContextRef c = AllocateStreamContextForLeakTest(fm(), filter_);
  ASSERT_EQ(fm().Set(target_, c.get(), SetMode::kKeepIfExists).outcome, SetOutcome::kInserted);
  void* block = fm().Inspect(c.get()).block;
  void* address = c.get();
  c.reset();                                  // balanced
  LookUpAndRelease(fm(), target_);            // balanced
  LookUpAndForgetToRelease(fm(), target_);    // leaked

  poolsim::LeakReport report = poolsim::BuildLeakReport(env_);
  EXPECT_FALSE(report.clean());
  ASSERT_EQ(report.objects.size(), 1u);
  const poolsim::LeakedObject& o = report.objects[0];
  EXPECT_EQ(o.kind, "context");
  EXPECT_EQ(o.type_name, "FLT_STREAM_CONTEXT");
  EXPECT_EQ(o.owner, "filter.sys");
  EXPECT_THAT(o.attached_to, HasSubstr("stream \\Device\\HarddiskVolume1\\file.txt"));
  EXPECT_EQ(o.reference_count, 2);  // the attachment's and the leaked one
  EXPECT_EQ(o.address, reinterpret_cast<uintptr_t>(address));
  EXPECT_EQ(o.block, reinterpret_cast<uintptr_t>(block));
  EXPECT_EQ(o.bytes, 64u);
  EXPECT_EQ(o.pool, poolsim::PoolKind::kPaged);
  EXPECT_EQ(o.tag, poolsim::PoolTag(kTag));
  EXPECT_TRUE(StackMentions(o.stack, "AllocateStreamContextForLeakTest"));
  ASSERT_EQ(o.references.size(), 1u) << "only the unreleased reference is listed";
  EXPECT_EQ(o.references[0].operation, "FltGetStreamContext");
  EXPECT_TRUE(StackMentions(o.references[0].stack, "LookUpAndForgetToRelease"));
  EXPECT_FALSE(StackMentions(o.references[0].stack, "LookUpAndRelease"));

  // The context's pool block is the object's storage: an indirect leak.
  bool found = false;
  for (const poolsim::LeakGroup& g : report.groups) {
    if (g.tag == poolsim::PoolTag(kTag)) {
      found = true;
      EXPECT_TRUE(g.indirect);
    }
  }
  EXPECT_TRUE(found);

  std::string text = poolsim::RenderText(report);
  EXPECT_THAT(text, HasSubstr("FLT_STREAM_CONTEXT"));
  EXPECT_THAT(text, HasSubstr("FltGetStreamContext"));
  EXPECT_THAT(text, HasSubstr("LookUpAndForgetToRelease"));
  std::string json = poolsim::RenderJson(report);
  EXPECT_THAT(json, HasSubstr("FLT_STREAM_CONTEXT"));
  EXPECT_THAT(json, HasSubstr("FltGetStreamContext"));

  fm().Release(address);
  EXPECT_TRUE(poolsim::BuildLeakReport(env_).objects.empty());
}

TEST_F(LeakReportTest, AttachedContextWithoutCallerReferencesIsNotALeak) {
  ContextRef c = AllocateStreamContextForLeakTest(fm(), filter_);
  fm().Set(target_, c.get(), SetMode::kKeepIfExists);
  c.reset();
  EXPECT_TRUE(poolsim::BuildLeakReport(env_).objects.empty());
  fm().CloseFileObject(fo_);
  EXPECT_TRUE(poolsim::BuildLeakReport(env_).clean());
}

TEST_F(LeakReportTest, EveryKindOfReferenceNamesItsCall) {
  ContextRef existing = Alloc(filter_, kS);
  fm().Set(target_, existing.get(), SetMode::kKeepIfExists);
  ContextRef fresh = Alloc(filter_, kS);
  SetResult kept = fm().Set(target_, fresh.get(), SetMode::kKeepIfExists, true);
  ASSERT_EQ(kept.outcome, SetOutcome::kKeptExisting);
  fm().Reference(existing.get());
  std::vector<poolsim::LeakedObject> objs = fm().ReferencedContexts();
  ASSERT_EQ(objs.size(), 2u);
  std::vector<std::string> ops;
  for (const auto& r : objs[0].references) ops.push_back(r.operation);
  EXPECT_THAT(ops, ::testing::ElementsAre("FltAllocateContext", "FltSetStreamContext",
                                          "FltReferenceContext"));
  fm().Release(existing.get());
  kept.previous.reset();
  DeleteResult d = fm().Delete(target_, true);
  objs = fm().ReferencedContexts();
  ASSERT_EQ(objs.size(), 2u);
  ops.clear();
  for (const auto& r : objs[0].references) ops.push_back(r.operation);
  EXPECT_THAT(ops, ::testing::ElementsAre("FltAllocateContext", "FltDeleteStreamContext"));
}

TEST_F(LeakReportTest, LeakedContextStaysInTheReportAfterTheFilterManagerIsGone) {
  LookUpAndForgetToRelease(fm(), target_);  // nothing attached: no reference
  ContextRef c = AllocateStreamContextForLeakTest(fm(), filter_);
  fm().Set(target_, c.get(), SetMode::kKeepIfExists);
  c.reset();
  LookUpAndForgetToRelease(fm(), target_);
  fm_.reset();  // unregisters the filter; the leaked reference cannot be released any more
  poolsim::LeakReport report = poolsim::BuildLeakReport(env_);
  ASSERT_EQ(report.objects.size(), 1u);
  EXPECT_THAT(report.objects[0].attached_to, HasSubstr("detached"));
  ASSERT_EQ(report.objects[0].references.size(), 1u);
  EXPECT_TRUE(StackMentions(report.objects[0].references[0].stack, "LookUpAndForgetToRelease"));
  ASSERT_EQ(report.groups.size(), 1u);
  EXPECT_TRUE(report.groups[0].indirect) << "the block is the leaked context's storage";
  env_.Reset();
}

TEST_F(FilterManagerTest, WithoutReferenceTrackingOnlyTheCountIsReported) {
  Options o;
  o.track_references = false;
  Make(o);
  Filter* filter = RegisterAllTypes(kTag);
  ContextRef c = Alloc(filter, kS);
  fm().Reference(c.get());
  std::vector<poolsim::LeakedObject> objs = fm().ReferencedContexts();
  ASSERT_EQ(objs.size(), 1u);
  EXPECT_EQ(objs[0].reference_count, 2);
  EXPECT_TRUE(objs[0].references.empty());
  fm().Release(c.get());
  c.reset();
  EXPECT_TRUE(fm().ReferencedContexts().empty());
  EXPECT_EQ(fm().LiveContextCount(), 0u);
}

}  // namespace
}  // namespace fltctx
