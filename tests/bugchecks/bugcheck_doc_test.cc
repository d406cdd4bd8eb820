// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/bugchecks/bugcheck_doc_test.cc
// -----------------------------------------------------------------------------
//
// docs/bugchecks.md must be what the catalogue renders.

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "tests/bugchecks/catalogue_markdown.h"
#include "tests/bugchecks/source_tree.h"

namespace {

TEST(BugCheckDocTest, DocMatchesTheCatalogue) {
  // //:docs/bugchecks.md is the test's data.
  const std::string path = bugcheck_doc::RunfilesRoot() + "/docs/bugchecks.md";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << path;
  std::stringstream doc;
  doc << in.rdbuf();
  EXPECT_TRUE(doc.str() == bugcheck_doc::CatalogueMarkdown())
      << "docs/bugchecks.md and the bug-check catalogue disagree. Regenerate the doc with\n"
         "  ./bazelw run //tests/bugchecks:bugcheck_doc\n"
         "and commit it.";
}

}  // namespace
