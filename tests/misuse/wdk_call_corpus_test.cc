// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Replays the WDK-call fuzzer's checked-in corpus (and a few fixed
// sequences) in the ordinary suite, so each input found once stays a
// regression test in every build, including ASan and UBSan.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/misuse/wdk_calls.h"

namespace misuse {
namespace {

std::vector<uint8_t> Read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

TEST(WdkCallCorpus, EveryInputKeepsTheInvariant) {
  const std::filesystem::path dir = std::filesystem::path(std::getenv("TEST_SRCDIR")) /
                                    std::getenv("TEST_WORKSPACE") /
                                    "tests/misuse/testdata/wdk_call_corpus";
  size_t inputs = 0, calls = 0, bug_checks = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::vector<uint8_t> bytes = Read(entry.path());
    const WdkCallsResult result = RunWdkCalls(bytes.data(), bytes.size());
    EXPECT_EQ(result.broken, "") << entry.path().filename();
    ++inputs;
    calls += result.calls;
    bug_checks += result.bug_checks;
  }
  EXPECT_GE(inputs, 4u);
  EXPECT_GT(bug_checks, 0u) << "the corpus exercises no misuse";
  std::printf("wdk call corpus: %zu inputs, %zu calls, %zu bug checks\n", inputs, calls,
              bug_checks);
}

// Every single-operation input and every byte value as an argument: the
// interpreter's whole first level.
TEST(WdkCallCorpus, EveryOperationWithEveryLeadingArgument) {
  for (int op = 0; op < 16; ++op) {
    for (int arg = 0; arg < 256; arg += 7) {
      const uint8_t bytes[] = {static_cast<uint8_t>(op), static_cast<uint8_t>(arg), 3, 1};
      const WdkCallsResult result = RunWdkCalls(bytes, sizeof(bytes));
      EXPECT_EQ(result.broken, "") << "op " << op << " arg " << arg;
    }
  }
}

}  // namespace
}  // namespace misuse
