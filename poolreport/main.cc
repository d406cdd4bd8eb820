// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/main.cc: `bazel run //:poolreport -- ...` (poolreport/cli.h).

#include <cstdio>
#include <string>
#include <vector>

#include "poolreport/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const poolreport::CliResult r = poolreport::RunCli(args, /*progress=*/true);
  std::fwrite(r.out.data(), 1, r.out.size(), stdout);
  std::fwrite(r.err.data(), 1, r.err.size(), stderr);
  return r.exit_status;
}
