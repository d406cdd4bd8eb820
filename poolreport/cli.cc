// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/cli.cc: argument handling and the three outputs.

#include "poolreport/cli.h"

#include <cstdlib>
#include <fstream>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "poolreport/diff.h"
#include "poolreport/html.h"
#include "poolreport/progress.h"
#include "poolreport/reader.h"
#include "poolreport/summary.h"

namespace poolreport {
namespace {

constexpr char kUsage[] =
    "usage: poolreport [--html=FILE] [--no-progress] INPUT...\n"
    "       poolreport --diff [--html=FILE] [--no-progress] OLD NEW\n"
    "INPUT: a report (*.json), an archive of reports (*.zip), or a folder such as\n"
    "bazel-testlogs/. Exit status: 0 fine; 1 (--diff) new or grown leaks; 2 bad input.\n";

std::string FromUser(const std::string& path) {
  const char* cwd = std::getenv("BUILD_WORKING_DIRECTORY");
  if (cwd == nullptr || *cwd == '\0' || path.empty() || path[0] == '/') return path;
  return absl::StrCat(cwd, "/", path);
}

CliResult Bad(std::string message) {
  CliResult r;
  r.exit_status = 2;
  r.err = absl::StrCat("poolreport: ", message, "\n");
  return r;
}

}  // namespace

CliResult RunCli(const std::vector<std::string>& args, bool show_progress) {
  bool diff = false;
  std::string html;
  std::vector<std::string> inputs;
  for (const std::string& a : args) {
    if (a == "--diff") {
      diff = true;
    } else if (absl::StartsWith(a, "--html=")) {
      html = a.substr(7);
      if (html.empty()) return Bad(absl::StrCat("--html needs a file name\n", kUsage));
    } else if (a == "--no-progress") {
      show_progress = false;
    } else if (a == "--help" || a == "-h") {
      CliResult r;
      r.out = kUsage;
      return r;
    } else if (absl::StartsWith(a, "-") && a != "-") {
      return Bad(absl::StrCat("unknown option ", a, "\n", kUsage));
    } else {
      inputs.push_back(FromUser(a));
    }
  }
  if (inputs.empty()) return Bad(absl::StrCat("no input\n", kUsage));
  if (diff && inputs.size() != 2) return Bad(absl::StrCat("--diff takes OLD and NEW\n", kUsage));

  Progress progress = show_progress ? Progress::ForStandardError()
                                    : Progress([](absl::string_view) {}, false);
  auto read = [&](const std::vector<std::string>& in) {
    return ReadRun(in, [&](size_t done, size_t total) { progress.Update(done, total); });
  };

  CliResult result;
  ReportRun shown;
  std::optional<RunDiff> run_diff;
  if (diff) {
    absl::StatusOr<ReportRun> old_run = read({inputs[0]});
    if (!old_run.ok()) return Bad(std::string(old_run.status().message()));
    absl::StatusOr<ReportRun> new_run = read({inputs[1]});
    if (!new_run.ok()) return Bad(std::string(new_run.status().message()));
    run_diff = DiffRuns(*old_run, *new_run);
    result.out = RenderDiffText(*run_diff);
    result.exit_status = DiffExitStatus(*run_diff);
    shown = *std::move(new_run);
  } else {
    absl::StatusOr<ReportRun> run = read(inputs);
    if (!run.ok()) return Bad(std::string(run.status().message()));
    shown = *std::move(run);
    result.out = RenderSummaryText(Summarize(shown));
  }
  progress.Finish();

  if (!html.empty()) {
    HtmlOptions options;
    options.diff = run_diff ? &*run_diff : nullptr;
    const std::string path = FromUser(html);
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << RenderHtml(shown, options);
    file.close();
    if (!file) return Bad(absl::StrCat(path, ": cannot write"));
    result.err += absl::StrCat("poolreport: wrote ", path, "\n");
  }
  return result;
}

}  // namespace poolreport
