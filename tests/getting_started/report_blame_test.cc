// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// A context reference leaked in a filter's callback is blamed on the call
// that took it, and its stack goes on below the callback: to the test line
// that issued the I/O, or to the scenario step (file and line) that did.
// Text and JSON, through the quota filter's real callbacks.

#include <string>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/io/scenario.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/report_json.h"
#include "poolsim/report_text.h"
#include "tests/getting_started/quota/quota.h"

namespace {

using ::testing::HasSubstr;

// The line of quota.c that takes the reference never released.
constexpr int kGetLine = 40;

std::string Where(const poolsim::SymbolizedFrame& f) {
  std::string file = f.file;
  const size_t at = file.rfind("tests/getting_started/");
  if (at != std::string::npos) file.erase(0, at);
  return f.function + " " + file + ":" + std::to_string(f.line);
}

std::vector<std::string> Frames(poolsim::StackId stack) {
  std::vector<std::string> out;
  for (const poolsim::SymbolizedFrame& f : poolsim::RenderedFrames(stack, {})) {
    out.push_back(Where(f));
  }
  return out;
}

class BlameTest : public ::testing::Test {
 protected:
  BlameTest() {
    EXPECT_EQ(DriverEntry(nullptr, nullptr), STATUS_SUCCESS);
  }
  ~BlameTest() override {
    QuotaUnload(0);
  }

  // The one leaked context, after checking there is exactly one.
  poolsim::LeakedObject OnlyLeak() {
    const poolsim::LeakReport r = poolsim::BuildLeakReport(env_);
    EXPECT_EQ(r.objects.size(), 1u) << poolsim::RenderText(r);
    return r.objects.empty() ? poolsim::LeakedObject() : r.objects[0];
  }

  poolsim::Environment env_;
  poolsim::ScopedEnvironment install_env_{&env_};
  fltctx::FilterManager fm_{env_};
  fltctx::ScopedFilterManager install_fm_{&fm_};
};

TEST_F(BlameTest, TheReferenceComesFirstAndItsStackReachesTheTestLine) {
  int write_line = 0;
  {
    fltctx::io::Volume volume(fm_);
    ASSERT_NE(volume.Attach(QuotaFilter, "370030"), nullptr);
    fltctx::io::Handle h = volume.Create(L"\\notes.txt");
    h.Write("one");
    h.Write("two");
    write_line = __LINE__ + 1;
    EXPECT_EQ(h.Write("three"), STATUS_ACCESS_DENIED);
  }
  const poolsim::LeakedObject leak = OnlyLeak();
  ASSERT_EQ(leak.references.size(), 1u);
  EXPECT_EQ(leak.references[0].operation, "FltGetStreamContext");
  EXPECT_EQ(poolsim::BlameStack(leak), leak.references[0].stack);
  const std::string test_body =
      "(anonymous namespace)::BlameTest_TheReferenceComesFirstAndItsStackReachesTheTestLine_Test::"
      "TestBody() "
      "tests/getting_started/report_blame_test.cc:";
  EXPECT_THAT(Frames(leak.references[0].stack),
              ::testing::ElementsAre("QuotaPreWrite tests/getting_started/quota/quota.c:" +
                                         std::to_string(kGetLine),
                                     test_body + std::to_string(write_line)));

  // The text leads with the reference, then the allocation.
  const std::string text = poolsim::RenderText(poolsim::BuildLeakReport(env_));
  const size_t reference = text.find("  Reference 1 of 1, taken by FltGetStreamContext");
  const size_t allocated = text.find("  Allocated at:\n    #0 QuotaPostCreate");
  ASSERT_NE(reference, std::string::npos) << text;
  ASSERT_NE(allocated, std::string::npos) << text;
  EXPECT_LT(reference, allocated) << text;
  EXPECT_THAT(text, HasSubstr("#1 " + test_body + std::to_string(write_line) + "\n")) << text;

  // So does the JSON: the references, with the same frames, before the
  // allocating stack.
  poolsim::JsonOptions jo;
  jo.include_addresses = false;
  const std::string json = poolsim::RenderJson(poolsim::BuildLeakReport(env_), jo);
  const size_t refs = json.find("\"references\":[{\"operation\":\"FltGetStreamContext\"");
  const size_t get = json.find("{\"function\":\"QuotaPreWrite\"", refs);
  const size_t alloc = json.find("\"stack\":[{\"function\":\"QuotaPostCreate\"", refs);
  ASSERT_NE(refs, std::string::npos) << json;
  EXPECT_LT(refs, get) << json;
  EXPECT_LT(get, alloc) << json;
  EXPECT_NE(json.find("\"line\":" + std::to_string(write_line) + "}", get), std::string::npos)
      << json;
}

TEST_F(BlameTest, AScenarioStepIsAFrameWithItsFileAndLine) {
  fltctx::io::ScenarioOptions options;
  options.filters["quota"] = QuotaFilter;
  options.source_name = "tests/getting_started/quota.scn";
  const char kText[] =
      "attach quota 370030\n"
      "open h \\notes.txt create\n"
      "write h one\n"
      "write h two\n"
      "write h three => STATUS_ACCESS_DENIED   # the planted leak\n"
      "close h\n";
  const int run_line = __LINE__ + 1;
  absl::StatusOr<fltctx::io::ScenarioResult> r = fltctx::io::RunScenario(kText, fm_, options);
  ASSERT_TRUE(r.ok()) << r.status();
  const poolsim::LeakedObject leak = OnlyLeak();
  ASSERT_EQ(leak.references.size(), 1u);
  const std::vector<std::string> frames = Frames(leak.references[0].stack);
  ASSERT_EQ(frames.size(), 3u) << ::testing::PrintToString(frames);
  EXPECT_EQ(frames[0], "QuotaPreWrite tests/getting_started/quota/quota.c:" +
                           std::to_string(kGetLine));
  EXPECT_EQ(frames[1],
            "scenario step \"write h three => STATUS_ACCESS_DENIED\" "
            "tests/getting_started/quota.scn:5");
  EXPECT_EQ(frames[2],
            "(anonymous namespace)::BlameTest_AScenarioStepIsAFrameWithItsFileAndLine_Test::"
            "TestBody() "
            "tests/getting_started/report_blame_test.cc:" + std::to_string(run_line));
  // The allocation names its step too: the open on line 2.
  EXPECT_THAT(Frames(leak.stack),
              ::testing::Contains("scenario step \"open h \\notes.txt create\" "
                                  "tests/getting_started/quota.scn:2"));
}

}  // namespace
