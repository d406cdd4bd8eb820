// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolreport/reader.h
// -----------------------------------------------------------------------------
//
// Reads poolsim's JSON leak reports (poolsim/report_json.h) into
// poolreport's data (poolreport/report.h). The JSON is parsed with
// nlohmann/json; Bazel's zipped test outputs
// (bazel-testlogs/<pkg>/<target>/[shard_N_of_M/]test.outputs/outputs.zip) are
// opened with libzip.
//
// An input is a report file (*.json), an archive (*.zip: each entry
// poolsim/<Suite>.<Test>.json is read, where the leak-check listener writes
// them; other files a test left in its outputs are not), or a folder, walked
// recursively (symbolic links followed, so bazel-testlogs/ itself works) for
// both; in a folder, a *.json under a test.outputs/ folder (unzipped
// outputs) is read only from its poolsim/ folder. Files are read in path
// order, so the result does not depend on the file system's listing order.
//
// Strict: a document that is not JSON, has another format_version, lacks a
// field or has one of the wrong type is an error naming the source and the
// field; nothing is skipped silently.
//
// Thread-compatible (no shared state).

#ifndef POOLREPORT_READER_H_
#define POOLREPORT_READER_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "poolreport/report.h"

namespace poolreport {

// ParseReport()
//
// Parses one JSON document. `source` names it in errors and in the result;
// `target` and `test` are copied into the result. Returns InvalidArgument
// for a malformed document, FailedPrecondition for another format version.
absl::StatusOr<TestReport> ParseReport(absl::string_view json, const std::string& source,
                                       const std::string& target, const std::string& test);

// One report to read: a file, or an entry of an archive.
struct ReportSource {
  std::string path;   // the file, or the archive
  std::string entry;  // inside `path`, "" for a plain file
  std::string target;  // "//pkg:target", "" when the path does not show it
  std::string test;    // "Suite.Test"
};

// ListSources()
//
// Expands `inputs` (files, archives, folders) into the reports they hold.
// NotFound for an input that does not exist, InvalidArgument for a file that
// is neither *.json nor *.zip or an archive libzip cannot open.
absl::StatusOr<std::vector<ReportSource>> ListSources(const std::vector<std::string>& inputs);

// Called after each document is read, with (done, total).
using ProgressCallback = std::function<void(size_t, size_t)>;

// ReadRun()
//
// Lists and reads every report of `inputs` into one ReportRun, sorted.
absl::StatusOr<ReportRun> ReadRun(const std::vector<std::string>& inputs,
                            const ProgressCallback& progress = nullptr);

// TargetFromPath()
//
// The Bazel test target a report's path shows: for
// ".../testlogs/pkg/sub/name_test/shard_2_of_4/test.outputs/outputs.zip"
// (or bazel-testlogs/...) it is "//pkg/sub:name_test"; "" when the path has
// no test.outputs component after a testlogs one.
std::string TargetFromPath(absl::string_view path);

}  // namespace poolreport

#endif  // POOLREPORT_READER_H_
