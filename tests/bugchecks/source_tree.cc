// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/bugchecks/source_tree.cc
// -----------------------------------------------------------------------------

#include "tests/bugchecks/source_tree.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace bugcheck_doc {

std::string WorkspaceRoot() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  const std::filesystem::path runfile = std::filesystem::path(srcdir != nullptr ? srcdir : ".") /
                                        (workspace != nullptr ? workspace : "fltctx") /
                                        "README.md";
  std::error_code error;
  const std::filesystem::path real = std::filesystem::canonical(runfile, error);
  if (error) return "";
  return real.parent_path().string();
}

}  // namespace bugcheck_doc
