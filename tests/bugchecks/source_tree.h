// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/bugchecks/source_tree.h
// -----------------------------------------------------------------------------
//
// Where the tests here find the files they read (the bug-check scan, the
// generated-doc check): in their runfiles, as declared data. Each library
// package has a `sources` filegroup the scan takes as data (see BUILD.bazel);
// docs/bugchecks.md is exported from the root package.

#ifndef TESTS_BUGCHECKS_SOURCE_TREE_H_
#define TESTS_BUGCHECKS_SOURCE_TREE_H_

#include <string>
#include <vector>

namespace bugcheck_doc {

// Returns the workspace's directory in the test's runfiles
// ($TEST_SRCDIR/$TEST_WORKSPACE); workspace-relative data paths are below it.
std::string RunfilesRoot();

// Returns the library packages whose `sources` filegroups the scan reads
// ("poolsim", "poolsim/internal", ..., "fltctx/wdk/internal"). A new library
// package is added here and to the scan's data.
const std::vector<std::string>& SourcePackages();

}  // namespace bugcheck_doc

#endif  // TESTS_BUGCHECKS_SOURCE_TREE_H_
