// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/docs_test.cc: runs the examples of docs/poolreport.md.
//
// Every ```sh block of the page may hold only poolreport commands
// ("bazel run //:poolreport -- ARGS" or "./bazelw run //:poolreport -- ARGS"),
// "echo $?   # N" lines (the previous command's exit status must be N),
// comments and blank lines; each command runs in-process (poolreport/cli.h)
// from a folder where bazel-testlogs/ is the example's new run and
// main-testlogs/ its old one. Each ```text block must equal what the sh
// block before it printed on standard output.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "poolreport/cli.h"

namespace poolreport {
namespace {

namespace fs = std::filesystem;

struct Block {
  std::string language;
  std::string text;
  int line = 0;  // of the opening fence
};

std::vector<Block> FencedBlocks(const std::string& markdown) {
  std::vector<Block> out;
  std::istringstream in(markdown);
  std::string line;
  int number = 0;
  Block* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (absl::StartsWith(line, "```")) {
      if (open == nullptr) {
        out.push_back({line.substr(3), "", number});
        open = &out.back();
      } else {
        open = nullptr;
      }
    } else if (open != nullptr) {
      open->text += line + "\n";
    }
  }
  EXPECT_EQ(open, nullptr) << "unclosed code block";
  return out;
}

class DocsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    dir_ = std::string(tmp != nullptr ? tmp : "/tmp") + "/docs_user";
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const fs::path data = fs::absolute("poolreport/testdata");
    fs::create_directory_symlink(data / "new/testlogs", dir_ + "/bazel-testlogs");
    fs::create_directory_symlink(data / "old/testlogs", dir_ + "/main-testlogs");
    ASSERT_EQ(setenv("BUILD_WORKING_DIRECTORY", dir_.c_str(), 1), 0);
  }
  void TearDown() override { unsetenv("BUILD_WORKING_DIRECTORY"); }

  std::string dir_;
};

TEST_F(DocsTest, EveryExampleRunsAndPrintsWhatThePageShows) {
  std::ifstream in("docs/poolreport.md");
  ASSERT_TRUE(in.good()) << "docs/poolreport.md is not in the runfiles";
  std::stringstream page;
  page << in.rdbuf();

  int commands = 0, outputs = 0, statuses = 0;
  std::string last_output;
  bool have_output = false;
  for (const Block& block : FencedBlocks(page.str())) {
    if (block.language == "sh") {
      last_output.clear();
      have_output = true;
      int status = -1;
      for (absl::string_view line : absl::StrSplit(block.text, '\n')) {
        line = absl::StripAsciiWhitespace(line);
        if (line.empty() || absl::StartsWith(line, "#")) continue;
        absl::string_view rest = line;
        if (absl::ConsumePrefix(&rest, "bazel run //:poolreport -- ") ||
            absl::ConsumePrefix(&rest, "./bazelw run //:poolreport -- ")) {
          std::vector<std::string> args = absl::StrSplit(rest, ' ', absl::SkipEmpty());
          const CliResult r = RunCli(args);
          EXPECT_NE(r.exit_status, 2) << "line in block at " << block.line << ": " << line << "\n"
                                      << r.err;
          last_output += r.out;
          status = r.exit_status;
          ++commands;
        } else if (absl::ConsumePrefix(&rest, "echo $?")) {
          rest = absl::StripAsciiWhitespace(rest);
          int want = -1;
          ASSERT_TRUE(absl::ConsumePrefix(&rest, "#"));
          ASSERT_TRUE(absl::SimpleAtoi(absl::StripAsciiWhitespace(rest), &want)) << line;
          EXPECT_EQ(status, want) << "block at line " << block.line;
          ++statuses;
        } else {
          ADD_FAILURE() << "block at line " << block.line
                        << " holds a line the test cannot run: " << line;
        }
      }
    } else if (block.language == "text") {
      ASSERT_TRUE(have_output) << "text block at line " << block.line << " follows no sh block";
      EXPECT_EQ(block.text, last_output) << "text block at line " << block.line;
      have_output = false;
      ++outputs;
    } else {
      ADD_FAILURE() << "block at line " << block.line << " has language '" << block.language
                    << "', which this test does not run";
    }
  }
  EXPECT_GE(commands, 5);
  EXPECT_GE(outputs, 3);
  EXPECT_GE(statuses, 2);

  // The page's HTML examples wrote their pages into the user's folder.
  std::ifstream summary(dir_ + "/leaks.html"), diff(dir_ + "/leaks-diff.html");
  std::stringstream s, d;
  s << summary.rdbuf();
  d << diff.rdbuf();
  EXPECT_NE(s.str().find("id=\"tag-chart\""), std::string::npos);
  EXPECT_EQ(s.str().find("id=\"diff-table\""), std::string::npos);
  EXPECT_NE(d.str().find("data-change=\"new\""), std::string::npos);
}

}  // namespace
}  // namespace poolreport
