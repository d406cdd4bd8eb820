// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolreport/golden.h
// -----------------------------------------------------------------------------
//
// Golden-file comparison for poolreport's tests. A golden is a file under
// poolreport/testdata/ in the runfiles. To rewrite the goldens after an
// intended change of output:
//
//   ./bazelw test //poolreport/... --test_env=POOLREPORT_UPDATE_GOLDENS=$PWD
//
// (the variable names the source tree; each test then writes its actual
// output there and passes), and review the change with git diff.
//
// Thread-compatible; test-only.

#ifndef POOLREPORT_GOLDEN_H_
#define POOLREPORT_GOLDEN_H_

#include <string>

namespace poolreport {

// Fails the current test unless `actual` equals the golden `path` (relative
// to the workspace, "poolreport/testdata/x.txt").
void ExpectGolden(const std::string& actual, const std::string& path);

}  // namespace poolreport

#endif  // POOLREPORT_GOLDEN_H_
