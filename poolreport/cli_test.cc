// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/cli_test.cc: the command's arguments, outputs and exit
// statuses, run in-process.

#include "poolreport/cli.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "poolreport/golden.h"

namespace poolreport {
namespace {

const char kOld[] = "poolreport/testdata/old/testlogs";
const char kNew[] = "poolreport/testdata/new/testlogs";

std::string TempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir != nullptr ? dir : "/tmp";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CliTest, SummaryPrintsTheGoldenAndExitsZero) {
  const CliResult r = RunCli({kNew});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  ExpectGolden(r.out, "poolreport/testdata/summary_new.txt");
  EXPECT_EQ(r.err, "");
}

TEST(CliTest, SeveralInputsMakeOneRun) {
  const CliResult r = RunCli({std::string(kOld) + "/drivers/filter_test",
                              "poolreport/testdata/plain/FilterTest.ContextLeak.json"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("poolreport: 3 report(s), 3 with findings"), std::string::npos) << r.out;
}

TEST(CliTest, DiffExitsOneOnNewLeaksAndZeroOtherwise) {
  const CliResult r = RunCli({"--diff", kOld, kNew});
  EXPECT_EQ(r.exit_status, 1) << r.err;
  ExpectGolden(r.out, "poolreport/testdata/diff_old_new.txt");
  const CliResult same = RunCli({"--diff", kNew, kNew});
  EXPECT_EQ(same.exit_status, 0) << same.err;
  EXPECT_NE(same.out.find("Result: nothing new (exit status 0)"), std::string::npos);
}

TEST(CliTest, BadInputExitsTwoWithTheReason) {
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const Case cases[] = {
      {{}, "poolreport: no input\n"},
      {{"--frobnicate", kNew}, "poolreport: unknown option --frobnicate\n"},
      {{"--diff", kOld}, "poolreport: --diff takes OLD and NEW\n"},
      {{"--html=", kNew}, "poolreport: --html needs a file name\n"},
      {{"poolreport/testdata/nothing-here"}, "poolreport: poolreport/testdata/nothing-here: no such"},
      {{"poolreport/testdata/bad"}, "poolreport: poolreport/testdata/bad/Bad.Line.json: groups[0]"},
      {{"--diff", kOld, "poolreport/testdata/bad"}, "poolreport: poolreport/testdata/bad/Bad.Line"},
  };
  for (const Case& c : cases) {
    const CliResult r = RunCli(c.args);
    EXPECT_EQ(r.exit_status, 2) << c.message;
    EXPECT_EQ(r.err.rfind(c.message, 0), 0u) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST(CliTest, WritesTheHtmlPage) {
  const std::string path = TempDir() + "/page.html";
  const CliResult r = RunCli({"--diff", "--html=" + path, kOld, kNew});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.err, "poolreport: wrote " + path + "\n");
  const std::string html = ReadFile(path);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("id=\"diff-table\""), std::string::npos);
  const CliResult unwritable = RunCli({"--html=" + TempDir() + "/no/such/dir/p.html", kNew});
  EXPECT_EQ(unwritable.exit_status, 2);
  EXPECT_NE(unwritable.err.find("cannot write"), std::string::npos);
}

TEST(CliTest, RelativePathsAreTheUsersUnderBazelRun) {
  // `bazel run` starts the program in its runfiles; the user's folder is
  // BUILD_WORKING_DIRECTORY.
  const std::string runfiles = std::getenv("PWD") ? std::getenv("PWD") : ".";
  ASSERT_EQ(setenv("BUILD_WORKING_DIRECTORY", (runfiles + "/poolreport").c_str(), 1), 0);
  const CliResult r = RunCli({"testdata/new/testlogs", "--html=out.html"});
  unsetenv("BUILD_WORKING_DIRECTORY");
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("poolreport: 3 report(s)"), std::string::npos);
  EXPECT_EQ(r.err, "poolreport: wrote " + runfiles + "/poolreport/out.html\n");
}

}  // namespace
}  // namespace poolreport
