// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/report_text_test.cc
// -----------------------------------------------------------------------------
//
// Which frames the renderers keep (registered layers, the standard library's
// call machinery) and what the indirect-leak line names.

#include "poolsim/report_text.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/frame_filter.h"
#include "poolsim/leak_report.h"

namespace poolsim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// A stack of frames with these names (and files), innermost first.
struct FakeFrame {
  std::string function;
  std::string file;
};

class FakeStacks {
 public:
  StackId Stack(std::vector<FakeFrame> frames) {
    std::vector<uintptr_t> pcs;
    for (FakeFrame& f : frames) {
      const uintptr_t pc = next_pc_++;
      by_pc_.emplace_back(pc, std::move(f));
      pcs.push_back(pc);
    }
    return InternStack(pcs);
  }

  Symbolizer symbolizer() const {
    return [this](StackId id) {
      std::vector<SymbolizedFrame> out;
      for (uintptr_t pc : StackFrames(id)) {
        SymbolizedFrame f;
        f.pc = pc;
        for (const auto& [known, frame] : by_pc_) {
          if (known != pc) continue;
          f.function = frame.function;
          f.file = frame.file;
          f.line = frame.file.empty() ? 0 : 1;
        }
        out.push_back(f);
      }
      return out;
    };
  }

 private:
  uintptr_t next_pc_ = 0x7a0000;
  std::vector<std::pair<uintptr_t, FakeFrame>> by_pc_;
};

std::vector<std::string> Names(const std::vector<SymbolizedFrame>& frames) {
  std::vector<std::string> out;
  for (const SymbolizedFrame& f : frames) out.push_back(f.function);
  return out;
}

// A stack through instance setup: the library calls the driver's callback
// through std::function, so libstdc++'s forwarding frames sit between them.
StackId SetupStack(FakeStacks& stacks) {
  return stacks.Stack({
      {"poolsim::Environment::Allocate(poolsim::AllocateRequest const&)", ""},
      {"SampleAllocateContext", "filter.c"},
      {"SampleInstanceSetup", "filter.c"},
      {"std::_Function_handler<long (void*), long (*)(void*)>::_M_invoke(std::_Any_data const&, "
       "void*&&)",
       ""},
      {"long std::__invoke_impl<long, long (*&)(void*), void*>(std::__invoke_other, long (*&)(void*), "
       "void*&&)",
       ""},
      {"std::enable_if<is_invocable_r_v<long, long (*&)(void*), void*>, long>::type "
       "std::__invoke_r<long, long (*&)(void*), void*>(long (*&)(void*), void*&&)",
       ""},
      {"std::function<long (void*)>::operator()(void*) const", ""},
      {"Attach(int, std::function<long (void*)> const&)", "harness.cc"},
      {"SetupTest_Attaches_Test::TestBody()", "t.cc"},
      {"void testing::internal::HandleExceptionsInMethodIfSupported<testing::Test, void>()", ""},
  });
}

TEST(RenderedFramesTest, CallMachineryIsTrimmedAndTheUsersFramesStay) {
  FakeStacks stacks;
  TextOptions o;
  o.symbolizer = stacks.symbolizer();
  EXPECT_THAT(Names(RenderedFrames(SetupStack(stacks), o)),
              ElementsAre("SampleAllocateContext", "SampleInstanceSetup",
                          "Attach(int, std::function<long (void*)> const&)",
                          "SetupTest_Attaches_Test::TestBody()"));
}

TEST(RenderedFramesTest, CallMachineryStaysWhenAskedTo) {
  FakeStacks stacks;
  TextOptions o;
  o.symbolizer = stacks.symbolizer();
  o.trim_call_machinery = false;
  EXPECT_EQ(RenderedFrames(SetupStack(stacks), o).size(), 8u);
}

TEST(RenderedFramesTest, CallMachineryAtTheTopIsTrimmedWithTheLibrary) {
  FakeStacks stacks;
  TextOptions o;
  o.symbolizer = stacks.symbolizer();
  const StackId stack = stacks.Stack({
      {"poolsim::poolsim_internal::Backend::Allocate(unsigned long)", ""},
      {"std::function<void ()>::operator()() const", ""},
      {"poolsim::Environment::Allocate(poolsim::AllocateRequest const&)", ""},
      {"SampleCreate", "filter.c"},
  });
  EXPECT_THAT(Names(RenderedFrames(stack, o)), ElementsAre("SampleCreate"));
}

TEST(FrameFilterTest, MachineryIsRecognizedByTheQualifiedNameOnly) {
  EXPECT_TRUE(IsCallMachineryFrame("std::function<void ()>::operator()() const"));
  EXPECT_TRUE(IsCallMachineryFrame("void std::__invoke_impl<void, F&>(std::__invoke_other, F&)"));
  EXPECT_TRUE(IsCallMachineryFrame("std::_Function_handler<void (), F>::_M_invoke(std::_Any_data const&)"));
  EXPECT_FALSE(IsCallMachineryFrame("Run(std::function<void ()>)"));
  EXPECT_FALSE(IsCallMachineryFrame("Run(int, std::function<void ()>)"));
  EXPECT_FALSE(IsCallMachineryFrame("std::vector<int, std::allocator<int> >::push_back(int const&)"));
  EXPECT_FALSE(IsCallMachineryFrame("Holder<std::function<void ()> >::Call()"));
}

TEST(RenderedFramesTest, RegisteredLayersAreTrimmed) {
  LayerFrames layer;
  layer.layer = "report_text_test layer";
  layer.library_functions = {"sample_layer::internal::"};
  layer.library_files = {"sample_layer/wrappers.cc"};
  layer.harness_functions = {"sample_layer::dispatch::"};
  RegisterLayerFrames(layer);

  FakeStacks stacks;
  const StackId stack = stacks.Stack({
      {"poolsim::Environment::Allocate(poolsim::AllocateRequest const&)", ""},
      {"sample_layer::internal::Table::Insert(int)", "sample_layer/internal/table.cc"},
      {"SampleLayerAllocate", "/src/sample_layer/wrappers.cc"},
      {"SampleDriverCreate", "filter.c"},
      {"long sample_layer::dispatch::Send(int)", "sample_layer/dispatch.cc"},
      {"SampleTest_Create_Test::TestBody()", "t.cc"},
  });
  TextOptions o;
  o.symbolizer = stacks.symbolizer();
  EXPECT_THAT(Names(RenderedFrames(stack, o)), ElementsAre("SampleDriverCreate"));

  o.use_registered_layers = false;
  EXPECT_THAT(Names(RenderedFrames(stack, o)),
              ElementsAre("sample_layer::internal::Table::Insert(int)", "SampleLayerAllocate",
                          "SampleDriverCreate", "long sample_layer::dispatch::Send(int)",
                          "SampleTest_Create_Test::TestBody()"));

  // Registering the same layer again replaces it.
  layer.library_functions.clear();
  layer.library_files.clear();
  RegisterLayerFrames(layer);
  o.use_registered_layers = true;
  EXPECT_THAT(Names(RenderedFrames(stack, o)),
              ElementsAre("sample_layer::internal::Table::Insert(int)", "SampleLayerAllocate",
                          "SampleDriverCreate"));
  int seen = 0;
  for (const LayerFrames& l : RegisteredLayerFrames()) seen += l.layer == layer.layer;
  EXPECT_EQ(seen, 1);
}

// A simulated I/O manager between the driver and the test: its frames go,
// the stack goes on to the test line that issued the request, and the
// library code it runs around the callback goes too.
TEST(RenderedFramesTest, DispatchFramesAreLeftOutAndTheTestLineStays) {
  LayerFrames layer;
  layer.layer = "report_text_test dispatch layer";
  layer.library_functions = {"sample_io::sample_io_internal::"};
  layer.dispatch_functions = {"sample_io::"};
  RegisterLayerFrames(layer);

  FakeStacks stacks;
  const StackId stack = stacks.Stack({
      {"poolsim::Environment::Allocate(poolsim::AllocateRequest const&)", ""},
      {"SampleGetContext", "filter.c"},
      {"SamplePreWrite", "filter.c"},
      {"sample_io::sample_io_internal::Dispatcher::Pre(int)", "sample_io/internal/dispatcher.cc"},
      {"long sample_io::Handle::Write(int)", "sample_io/io.cc"},
      {"SampleTest_Write_Test::TestBody()", "t.cc"},
      {"void testing::internal::HandleExceptionsInMethodIfSupported<testing::Test, void>()", ""},
  });
  TextOptions o;
  o.symbolizer = stacks.symbolizer();
  EXPECT_THAT(Names(RenderedFrames(stack, o)),
              ElementsAre("SampleGetContext", "SamplePreWrite",
                          "SampleTest_Write_Test::TestBody()"));

  // Without the registration the dispatcher's frames are the driver's to
  // the renderer: kept.
  o.use_registered_layers = false;
  EXPECT_THAT(Names(RenderedFrames(stack, o)),
              ElementsAre("SampleGetContext", "SamplePreWrite",
                          "sample_io::sample_io_internal::Dispatcher::Pre(int)",
                          "long sample_io::Handle::Write(int)",
                          "SampleTest_Write_Test::TestBody()"));
  layer.library_functions.clear();
  layer.dispatch_functions.clear();
  RegisterLayerFrames(layer);
}

// A leaked object's entry leads with the reference never released; the
// allocation comes after it, and failures are attributed to the reference.
TEST(RenderTextTest, LeakedObjectLeadsWithTheReferenceNeverReleased) {
  FakeStacks stacks;
  LeakedObject obj;
  obj.kind = "context";
  obj.type_name = "FLT_STREAM_CONTEXT";
  obj.owner = "Sample";
  obj.attached_to = "stream \\v\\a";
  obj.reference_count = 1;
  obj.stack = stacks.Stack({{"SamplePostCreate", "filter.c"}});
  obj.references = {{"FltGetStreamContext", stacks.Stack({{"SamplePreWrite", "filter.c"}}), 2}};
  LeakReport r;
  r.objects = {obj};
  TextOptions o;
  o.symbolizer = stacks.symbolizer();
  const std::string text = RenderText(r, o);
  const size_t reference = text.find("Reference 1 of 1, taken by FltGetStreamContext");
  const size_t allocated = text.find("  Allocated at:\n    #0 SamplePostCreate filter.c:1\n");
  ASSERT_NE(reference, std::string::npos) << text;
  ASSERT_NE(allocated, std::string::npos) << text;
  EXPECT_LT(reference, allocated) << text;
  EXPECT_THAT(text, HasSubstr("reference count 1\n  Reference 1 of 1"));
  EXPECT_EQ(BlameStack(obj), obj.references[0].stack);

  // With no outstanding reference recorded, the allocation is the blame.
  obj.references.clear();
  r.objects = {obj};
  EXPECT_THAT(RenderText(r, o),
              HasSubstr("reference count 1, allocated at:\n    #0 SamplePostCreate filter.c:1\n"));
  EXPECT_EQ(BlameStack(obj), obj.stack);
}

TEST(TextOptionsTest, DefaultsNameOnlyPoolsimAndGoogleTest) {
  const TextOptions o;
  for (const auto* list : {&o.library_prefixes, &o.library_files, &o.harness_namespaces}) {
    for (const std::string& entry : *list) {
      EXPECT_TRUE(entry.rfind("poolsim", 0) == 0 || entry == "testing::") << entry;
    }
  }
}

// A leaked object of `kind` whose storage is the block at `address`.
LeakedObject Object(const std::string& kind, uintptr_t address, PoolTag tag) {
  LeakedObject obj;
  obj.kind = kind;
  obj.type_name = "SAMPLE_TYPE";
  obj.owner = "Sample";
  obj.attached_to = "(not attached)";
  obj.reference_count = 1;
  obj.address = address;
  obj.block = address;
  obj.bytes = 48;
  obj.tag = tag;
  return obj;
}

BlockInfo Block(uintptr_t address, PoolTag tag) {
  BlockInfo b;
  b.address = address;
  b.bytes = 48;
  b.tag = tag;
  b.sequence = address / 0x100;
  return b;
}

std::string IndirectLine(const LeakReport& r) {
  TextOptions o;
  o.symbolizer = [](StackId) { return std::vector<SymbolizedFrame>(); };
  const std::string text = RenderText(r, o);
  const size_t at = text.find("Indirect leak");
  return at == std::string::npos ? "" : text.substr(at, text.find('\n', at) - at);
}

TEST(RenderTextTest, IndirectLeakNamesTheKindOfItsOwner) {
  const PoolTag tag = PoolTag::FromChars("Smpl");
  for (bool include_blocks : {false, true}) {
    ReportOptions options;
    options.include_blocks = include_blocks;
    LeakReport section = BuildLeakReport({Block(0x1000, tag)}, {Object("section", 0x1000, tag)},
                                         {}, options);
    EXPECT_THAT(IndirectLine(section), HasSubstr("(storage of a leaked section above)"));
    LeakReport context = BuildLeakReport({Block(0x1000, tag)}, {Object("context", 0x1000, tag)},
                                         {}, options);
    EXPECT_THAT(IndirectLine(context), HasSubstr("(storage of a leaked context above)"));
  }
}

TEST(RenderTextTest, IndirectLeakOfMixedOwnersSaysObject) {
  const PoolTag tag = PoolTag::FromChars("Smpl");
  LeakReport r = BuildLeakReport({Block(0x1000, tag), Block(0x2000, tag)},
                                 {Object("section", 0x1000, tag), Object("context", 0x2000, tag)},
                                 {}, ReportOptions());
  EXPECT_THAT(IndirectLine(r), HasSubstr("(storage of a leaked object above)"));
  EXPECT_THAT(IndirectLine(r), Not(HasSubstr("context")));

  // With the blocks, each group is matched to its own owners by address.
  ReportOptions with_blocks;
  with_blocks.include_blocks = true;
  LeakReport exact = BuildLeakReport({Block(0x1000, tag)},
                                     {Object("section", 0x1000, tag), Object("context", 0x2000, tag)},
                                     {}, with_blocks);
  EXPECT_THAT(IndirectLine(exact), HasSubstr("(storage of a leaked section above)"));
}

}  // namespace
}  // namespace poolsim
