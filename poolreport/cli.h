// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolreport/cli.h
// -----------------------------------------------------------------------------
//
// The poolreport command, as a function tests call in-process:
//
//   poolreport [--html=FILE] [--no-progress] INPUT...
//       the summary across every report of the inputs (files, folders,
//       bazel-testlogs/, *.zip)
//   poolreport --diff [--html=FILE] [--no-progress] OLD NEW
//       what is new, grown, shrunk or fixed in NEW compared with OLD
//
// Exit status: 0 (summary: read fine; diff: nothing new or grown), 1 (diff:
// something new or grown), 2 (bad usage or bad input, with the reason on
// standard error). Relative paths are taken from BUILD_WORKING_DIRECTORY when
// Bazel sets it (`bazel run`), so they mean what they mean in the user's
// shell. Progress goes to standard error when it is a terminal.
//
// Thread-compatible.

#ifndef POOLREPORT_CLI_H_
#define POOLREPORT_CLI_H_

#include <string>
#include <vector>

namespace poolreport {

struct CliResult {
  int exit_status = 0;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs the command with `args` (without the program name). `progress`
// shows the terminal progress line on standard error (main passes true).
CliResult RunCli(const std::vector<std::string>& args, bool progress = false);

}  // namespace poolreport

#endif  // POOLREPORT_CLI_H_
