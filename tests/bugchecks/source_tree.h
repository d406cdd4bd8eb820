// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/bugchecks/source_tree.h
// -----------------------------------------------------------------------------
//
// Where the workspace's source tree is, for tests that read it (the
// bug-check scan, the generated-doc check).

#ifndef TESTS_BUGCHECKS_SOURCE_TREE_H_
#define TESTS_BUGCHECKS_SOURCE_TREE_H_

#include <string>

namespace bugcheck_doc {

// Returns the workspace root, found by resolving the runfile README.md
// (every test here has //:README.md as data) to the file it links to.
// Returns "" if it cannot be found.
std::string WorkspaceRoot();

}  // namespace bugcheck_doc

#endif  // TESTS_BUGCHECKS_SOURCE_TREE_H_
