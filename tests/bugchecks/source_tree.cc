// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/bugchecks/source_tree.cc
// -----------------------------------------------------------------------------

#include "tests/bugchecks/source_tree.h"

#include <cstdlib>
#include <string>
#include <vector>

namespace bugcheck_doc {

std::string RunfilesRoot() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  return std::string(srcdir != nullptr ? srcdir : ".") + "/" +
         (workspace != nullptr ? workspace : "fltctx");
}

const std::vector<std::string>& SourcePackages() {
  static const auto* packages = new std::vector<std::string>{
      "poolsim",      "poolsim/internal",   "poolsim/testing", "poolsim/wdk",
      "fltctx",       "fltctx/internal",    "fltctx/io",       "fltctx/io/internal",
      "fltctx/wdk",   "fltctx/wdk/internal",
      "sync",         "sync/internal",      "sync/wdk",        "sync/wdk/internal",
      "ksalloc",      "ksalloc/wdk",
      "dbg",          "dbg/wdk",
      "rtl",          "rtl/internal",       "rtl/wdk",
      "ob",           "ob/internal",        "ob/wdk",          "ob/wdk/internal",
      "registry",     "registry/wdk",       "registry/wdk/internal",
  };
  return *packages;
}

}  // namespace bugcheck_doc
