// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/reader_test.cc: reading reports from files, folders,
// Bazel's testlogs tree and its zipped outputs; strict errors.

#include "poolreport/reader.h"

#include <zip.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace poolreport {
namespace {

namespace fs = std::filesystem;

const std::string kData = "poolreport/testdata/";

std::string TempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir != nullptr ? dir : "/tmp";
}

void WriteText(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

TEST(TargetFromPathTest, NamesTheBazelTarget) {
  EXPECT_EQ(TargetFromPath("bazel-testlogs/drivers/filter_test/test.outputs/outputs.zip"),
            "//drivers:filter_test");
  EXPECT_EQ(TargetFromPath("/x/bazel-out/k8-fastbuild/testlogs/a/b/c_test/shard_2_of_4/"
                           "test.outputs/outputs.zip"),
            "//a/b:c_test");
  EXPECT_EQ(TargetFromPath("bazel-testlogs/top_test/test.outputs/poolsim/S.T.json"), "//:top_test");
  EXPECT_EQ(TargetFromPath("bazel-testlogs/a/t_test/run_2_of_3/test.outputs/outputs.zip"),
            "//a:t_test");
  EXPECT_EQ(TargetFromPath("bazel-testlogs/a/t_test/shard_1_of_4_run_2_of_3/test.outputs/x.zip"),
            "//a:t_test");
  // Not a shard or run folder: a package named so.
  EXPECT_EQ(TargetFromPath("bazel-testlogs/a/shard_x_of_2/test.outputs/x.zip"), "//a:shard_x_of_2");
  EXPECT_EQ(TargetFromPath("reports/S.T.json"), "");
  EXPECT_EQ(TargetFromPath("somewhere/test.outputs/S.T.json"), "");
}

TEST(ReaderTest, ReadsAPlainFile) {
  absl::StatusOr<ReportRun> run = ReadRun({kData + "plain/FilterTest.ContextLeak.json"});
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_EQ(run->reports.size(), 1u);
  const TestReport& r = run->reports[0];
  EXPECT_EQ(r.test, "FilterTest.ContextLeak");
  EXPECT_EQ(r.target, "");
  EXPECT_EQ(r.DisplayName(), "FilterTest.ContextLeak");
  ASSERT_EQ(r.objects.size(), 1u);
  EXPECT_EQ(r.objects[0].type, "FLT_STREAM_CONTEXT");
  ASSERT_EQ(r.objects[0].references.size(), 1u);
  EXPECT_EQ(r.objects[0].references[0].operation, "FltGetStreamContext");
  EXPECT_EQ(FrameText(r.objects[0].references[0].stack[0]), "MyPreWrite drivers/filter.c:150");
}

TEST(ReaderTest, ReadsATestlogsTreeWithZippedOutputsAcrossShards) {
  std::vector<std::string> progress;
  absl::StatusOr<ReportRun> run = ReadRun({kData + "new/testlogs"}, [&](size_t done, size_t total) {
    progress.push_back(std::to_string(done) + "/" + std::to_string(total));
  });
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_EQ(run->reports.size(), 3u);
  EXPECT_EQ(run->files_read, 3u);
  EXPECT_EQ(run->reports[0].DisplayName(), "//drivers:filter_test FilterTest.LeaksOnCreate");
  EXPECT_EQ(run->reports[1].DisplayName(), "//drivers:pool_test PoolTest.DoubleFree");
  EXPECT_EQ(run->reports[2].DisplayName(), "//drivers:pool_test PoolTest.Registry");
  EXPECT_NE(run->reports[2].source.find("shard_2_of_2/test.outputs/outputs.zip!poolsim/"
                                        "PoolTest.Registry.json"),
            std::string::npos)
      << run->reports[2].source;
  EXPECT_EQ(progress, (std::vector<std::string>{"1/3", "2/3", "3/3"}));
  ASSERT_EQ(run->reports[1].bug_checks.size(), 1u);
  EXPECT_EQ(run->reports[1].bug_checks[0].parameters[3], 0x7f0000002000u);
}

TEST(ReaderTest, ReadsOneArchive) {
  absl::StatusOr<ReportRun> run =
      ReadRun({kData + "old/testlogs/drivers/filter_test/test.outputs/outputs.zip"});
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_EQ(run->reports.size(), 2u);
  EXPECT_EQ(run->reports[0].target, "//drivers:filter_test");
  EXPECT_EQ(run->reports[0].test, "FilterTest.ContextLeak");
  EXPECT_EQ(run->reports[1].test, "FilterTest.LeaksOnCreate");
}

TEST(ReaderTest, AFolderEnteredWithoutItsTestlogsPrefixStillNamesNoTarget) {
  const std::string dir = TempDir() + "/copied";
  fs::create_directories(dir);
  fs::copy_file(kData + "plain/FilterTest.ContextLeak.json", dir + "/FilterTest.ContextLeak.json",
                fs::copy_options::overwrite_existing);
  absl::StatusOr<ReportRun> run = ReadRun({dir});
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_EQ(run->reports.size(), 1u);
  EXPECT_EQ(run->reports[0].target, "");
}

TEST(ReaderTest, AFieldOfTheWrongTypeIsNamed) {
  absl::StatusOr<ReportRun> run = ReadRun({kData + "bad"});
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(run.status().message().find("Bad.Line.json: groups[0].stack[1].line is not an "
                                        "unsigned number"),
            std::string::npos)
      << run.status();
}

TEST(ReaderTest, MalformedDocumentsAreErrors) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {"{", "x.json: not valid JSON"},
      {"[]", "x.json: the document is not a JSON object"},
      {"{}", "x.json: format_version is missing"},
      {R"({"format_version":"1"})", "x.json: format_version is not an unsigned number"},
      {R"({"format_version":1,"clean":true})", "x.json: summary is missing"},
      {R"({"format_version":1,"clean":true,"summary":{"leaked_bytes":0,"leaked_allocations":0,
           "leaked_objects":0,"bug_checks":0},"bug_checks":[{"code":194,"name":"B",
           "parameters":["0x1"]}]})",
       "x.json: bug_checks[0].parameters does not hold 4 values"},
      {R"({"format_version":1,"clean":true,"summary":{"leaked_bytes":0,"leaked_allocations":0,
           "leaked_objects":0,"bug_checks":0},"bug_checks":[{"code":194,"name":"B",
           "parameters":["1","0x0","0x0","0x0"]}]})",
       "x.json: bug_checks[0].parameters[0] is not a \"0x...\" hexadecimal string"},
      {R"({"format_version":1,"clean":true,"summary":{"leaked_bytes":0,"leaked_allocations":0,
           "leaked_objects":0,"bug_checks":0},"bug_checks":[],"objects":[],"groups":[{"kind":"odd"}]})",
       "x.json: groups[0].kind is neither \"direct\" nor \"indirect\""},
  };
  for (const Case& c : cases) {
    absl::StatusOr<TestReport> r = ParseReport(c.json, "x.json", "", "X");
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().message(), c.message) << c.json;
  }
}

TEST(ReaderTest, InputsThatAreNotReportsAreErrors) {
  absl::StatusOr<ReportRun> missing = ReadRun({kData + "no-such-folder"});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);

  const std::string text = TempDir() + "/notes.txt";
  WriteText(text, "hello");
  absl::StatusOr<ReportRun> other = ReadRun({text});
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(other.status().message().find("not a report"), std::string::npos);

  const std::string fake_zip = TempDir() + "/broken/outputs.zip";
  WriteText(fake_zip, "not a zip");
  absl::StatusOr<ReportRun> broken = ReadRun({TempDir() + "/broken"});
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(broken.status().message().find("not a readable zip archive"), std::string::npos)
      << broken.status();
}

TEST(ReaderTest, ABadEntryInsideAnArchiveIsNamed) {
  const std::string path = TempDir() + "/bad_zip/outputs.zip";
  fs::create_directories(fs::path(path).parent_path());
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(z, nullptr);
  static const char kText[] = "{\"format_version\":1";
  zip_source_t* src = zip_source_buffer(z, kText, sizeof(kText) - 1, 0);
  ASSERT_GE(zip_file_add(z, "poolsim/S.T.json", src, ZIP_FL_OVERWRITE), 0);
  ASSERT_EQ(zip_close(z), 0);
  absl::StatusOr<ReportRun> run = ReadRun({path});
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.status().message().find("outputs.zip!poolsim/S.T.json: not valid JSON"),
            std::string::npos)
      << run.status();
}

TEST(ReaderTest, OtherFilesATestLeftInItsOutputsAreNotRead) {
  const std::string logs = TempDir() + "/other/testlogs/pkg/t_test/test.outputs";
  // Unzipped outputs: the report, and a file of the test's own.
  fs::create_directories(logs + "/poolsim");
  fs::copy_file(kData + "plain/FilterTest.ContextLeak.json", logs + "/poolsim/S.T.json",
                fs::copy_options::overwrite_existing);
  WriteText(logs + "/results.json", "[1, 2, 3]");
  // Zipped outputs of another target: the same two.
  const std::string zipped = TempDir() + "/other/testlogs/pkg/u_test/test.outputs/outputs.zip";
  fs::create_directories(fs::path(zipped).parent_path());
  int error = 0;
  zip_t* z = zip_open(zipped.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(z, nullptr);
  const std::string report = [&] {
    std::ifstream in(kData + "plain/FilterTest.ContextLeak.json");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }();
  static const char kOther[] = "{\"bench\": 1}";
  ASSERT_GE(zip_file_add(z, "poolsim/S.U.json", zip_source_buffer(z, report.data(), report.size(), 0),
                         ZIP_FL_OVERWRITE), 0);
  ASSERT_GE(zip_file_add(z, "bench.json", zip_source_buffer(z, kOther, sizeof(kOther) - 1, 0),
                         ZIP_FL_OVERWRITE), 0);
  ASSERT_EQ(zip_close(z), 0);

  absl::StatusOr<ReportRun> run = ReadRun({TempDir() + "/other/testlogs"});
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_EQ(run->reports.size(), 2u);
  EXPECT_EQ(run->reports[0].DisplayName(), "//pkg:t_test S.T");
  EXPECT_EQ(run->reports[1].DisplayName(), "//pkg:u_test S.U");
}

}  // namespace
}  // namespace poolreport
