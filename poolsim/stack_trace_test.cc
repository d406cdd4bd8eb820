// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/stack_trace_test.cc
// -----------------------------------------------------------------------------
//
// The stack depot and Symbolize() on real code: names, file:line, inlined
// frames, and a module whose path has a quote and a space.

#include "poolsim/stack_trace.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace poolsim {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;

// Line numbers below are checked by the tests: keep each call on its line.
constexpr int kCaptureLine = 33;
__attribute__((noinline)) StackId CaptureInKnownFunction() {
  StackId id = kNoStack;
  id = CaptureStack(0);
  return id;
}

constexpr int kInlinedCaptureLine = 40;
__attribute__((always_inline)) inline StackId InlinedCapture() {
  StackId id = kNoStack;
  id = CaptureStack(0);
  return id;
}

constexpr int kInlinedCallLine = 47;
__attribute__((noinline)) StackId CallerOfInlined() {
  StackId id = kNoStack;
  id = InlinedCapture();
  return id;
}

// The first frame whose function contains `name`, or frames.size().
size_t Find(const std::vector<SymbolizedFrame>& frames, const std::string& name) {
  for (size_t i = 0; i < frames.size(); ++i) {
    if (frames[i].function.find(name) != std::string::npos) return i;
  }
  return frames.size();
}

std::string Dump(const std::vector<SymbolizedFrame>& frames) {
  std::string out;
  for (const SymbolizedFrame& f : frames) {
    out += f.function + " " + f.file + ":" + std::to_string(f.line) + " [" + f.module + "]\n";
  }
  return out;
}

TEST(StackTraceTest, InternedStacksAreSharedAndKept) {
  const StackId a = InternStack({0x1000, 0x2000});
  EXPECT_EQ(InternStack({0x1000, 0x2000}), a);
  EXPECT_NE(InternStack({0x1000, 0x3000}), a);
  EXPECT_EQ(StackFrames(a), (std::vector<uintptr_t>{0x1000, 0x2000}));
  EXPECT_EQ(InternStack({}), kNoStack);
  EXPECT_TRUE(StackFrames(kNoStack).empty());
}

TEST(StackTraceTest, NamesFileAndLineOfAKnownFunction) {
  const std::vector<SymbolizedFrame> frames = Symbolize(CaptureInKnownFunction());
  const size_t i = Find(frames, "CaptureInKnownFunction");
  ASSERT_LT(i, frames.size()) << Dump(frames);
  EXPECT_EQ(frames[i].function, "poolsim::(anonymous namespace)::CaptureInKnownFunction()");
  EXPECT_THAT(frames[i].file, EndsWith("poolsim/stack_trace_test.cc"));
  EXPECT_EQ(frames[i].line, kCaptureLine);
  EXPECT_FALSE(frames[i].module.empty());
  // The caller is the test body, one frame out.
  ASSERT_LT(i + 1, frames.size());
  EXPECT_THAT(frames[i + 1].function, HasSubstr("NamesFileAndLineOfAKnownFunction"));
}

TEST(StackTraceTest, NamesWithoutFileLine) {
  const std::vector<SymbolizedFrame> frames =
      Symbolize(CaptureInKnownFunction(), /*with_file_line=*/false);
  const size_t i = Find(frames, "CaptureInKnownFunction");
  ASSERT_LT(i, frames.size()) << Dump(frames);
  EXPECT_TRUE(frames[i].file.empty());
  EXPECT_EQ(frames[i].line, 0);
}

TEST(StackTraceTest, InlinedCallsAreFramesOfTheirOwn) {
  const StackId id = CallerOfInlined();
  const std::vector<SymbolizedFrame> frames = Symbolize(id);
  const size_t i = Find(frames, "InlinedCapture");
  ASSERT_LT(i + 2, frames.size()) << Dump(frames);
  // Inlined functions are named as the debug info has them: qualified where
  // it holds linkage names, plainly with line tables only.
  EXPECT_THAT(frames[i].function, HasSubstr("InlinedCapture"));
  EXPECT_THAT(frames[i].file, EndsWith("poolsim/stack_trace_test.cc"));
  EXPECT_EQ(frames[i].line, kInlinedCaptureLine);
  // The function it was inlined into, at the call, from the same address.
  EXPECT_EQ(frames[i + 1].function, "poolsim::(anonymous namespace)::CallerOfInlined()");
  EXPECT_THAT(frames[i + 2].function, HasSubstr("InlinedCallsAreFramesOfTheirOwn"));
  EXPECT_THAT(frames[i + 1].file, EndsWith("poolsim/stack_trace_test.cc"));
  EXPECT_EQ(frames[i + 1].line, kInlinedCallLine);
  EXPECT_EQ(frames[i + 1].pc, frames[i].pc);
  // Asking again gives the same answer (from the cache).
  EXPECT_EQ(Dump(Symbolize(id)), Dump(frames));
}

TEST(StackTraceTest, ModulePathWithQuoteAndSpace) {
  // No binutils, no shell: an empty PATH changes nothing.
  setenv("PATH", "", 1);
  const char* tmp = std::getenv("TEST_TMPDIR");
  ASSERT_NE(tmp, nullptr);
  const std::string dir = std::string(tmp) + "/it's a \"dir\"";
  ASSERT_EQ(mkdir(dir.c_str(), 0755), 0);
  const std::string path = dir + "/lib sample's.so";
  {
    std::ifstream in("poolsim/libsymbolize_sample.so", std::ios::binary);
    ASSERT_TRUE(in.good());
    std::ofstream out(path, std::ios::binary);
    out << in.rdbuf();
  }
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(handle, nullptr) << dlerror();
  auto* entry = reinterpret_cast<void* (*)()>(dlsym(handle, "SymbolizeSampleTwice"));
  ASSERT_NE(entry, nullptr);
  // A return address one byte into the function: Symbolize looks at pc - 1.
  const uintptr_t pc = reinterpret_cast<uintptr_t>(entry()) + 1;
  const std::vector<SymbolizedFrame> frames = Symbolize(InternStack({pc}));
  ASSERT_EQ(frames.size(), 1u) << Dump(frames);
  EXPECT_EQ(frames[0].function, "sample::Twice(int)");
  EXPECT_THAT(frames[0].file, EndsWith("poolsim/stack_trace_test_sample.cc"));
  EXPECT_EQ(frames[0].line, 13);
  EXPECT_EQ(frames[0].module, path);
  // The handle stays open: the address must stay valid for the depot.
}

// A script runner's step: the note's frame sits where the runner's frame is,
// below the frames the step called and above the runner's own.
__attribute__((noinline)) StackId StepCallee() {
  StackId id = kNoStack;
  id = CaptureInKnownFunction();
  return id;
}

__attribute__((noinline)) StackId RunStep(const std::string& text) {
  ScopedStackNote note("basic.scn", 12, text);
  StackId id = kNoStack;
  id = StepCallee();
  return id;
}

__attribute__((noinline)) StackId RunNestedSteps() {
  ScopedStackNote outer("outer.scn", 3, "include basic.scn");
  StackId id = kNoStack;
  id = RunStep("write h1 hello");
  return id;
}

TEST(StackNoteTest, TheNoteIsAFrameWhereItsCreatorIs) {
  const std::vector<SymbolizedFrame> frames = Symbolize(RunStep("write h1 hello"));
  const size_t callee = Find(frames, "StepCallee");
  const size_t note = Find(frames, "write h1 hello");
  const size_t runner = Find(frames, "RunStep");
  ASSERT_LT(runner, frames.size()) << Dump(frames);
  ASSERT_LT(note, frames.size()) << Dump(frames);
  EXPECT_EQ(note, callee + 1) << Dump(frames);
  EXPECT_EQ(runner, note + 1) << Dump(frames);
  EXPECT_EQ(frames[note].file, "basic.scn");
  EXPECT_EQ(frames[note].line, 12);
  EXPECT_TRUE(IsNoteFrame(frames[note].pc));
  EXPECT_FALSE(IsNoteFrame(frames[callee].pc));
  // One note, not two: the frame is added once.
  size_t notes = 0;
  for (const SymbolizedFrame& f : frames) notes += IsNoteFrame(f.pc);
  EXPECT_EQ(notes, 1u) << Dump(frames);
}

TEST(StackNoteTest, NotesNestAndGoAwayWithTheirScope) {
  const std::vector<SymbolizedFrame> frames = Symbolize(RunNestedSteps());
  const size_t inner = Find(frames, "write h1 hello");
  const size_t run_step = Find(frames, "RunStep");
  const size_t outer = Find(frames, "include basic.scn");
  const size_t nested = Find(frames, "RunNestedSteps");
  ASSERT_LT(nested, frames.size()) << Dump(frames);
  EXPECT_LT(inner, run_step) << Dump(frames);
  EXPECT_EQ(outer, run_step + 1) << Dump(frames);
  EXPECT_EQ(nested, outer + 1) << Dump(frames);
  EXPECT_EQ(frames[outer].file, "outer.scn");

  // After the scopes ended, a capture carries no note.
  for (const SymbolizedFrame& f : Symbolize(CaptureInKnownFunction())) {
    EXPECT_FALSE(IsNoteFrame(f.pc)) << f.function;
  }
}

TEST(StackNoteTest, EqualNotesAreOneFrame) {
  // The same call site, twice: the same note makes the same stack.
  StackId ids[3];
  const char* texts[3] = {"read h1 5", "read h1 5", "read h1 6"};
  for (int i = 0; i < 3; ++i) ids[i] = RunStep(texts[i]);
  EXPECT_EQ(ids[0], ids[1]);
  EXPECT_NE(ids[0], ids[2]);
}

}  // namespace
}  // namespace poolsim
