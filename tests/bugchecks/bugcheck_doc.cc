// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/bugchecks/bugcheck_doc.cc
// -----------------------------------------------------------------------------
//
// Writes docs/bugchecks.md from the bug-check catalogue:
//
//   ./bazelw run //tests/bugchecks:bugcheck_doc        # rewrites docs/bugchecks.md
//   ./bazelw run //tests/bugchecks:bugcheck_doc -- -   # prints it instead

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "tests/bugchecks/catalogue_markdown.h"

int main(int argc, char** argv) {
  const std::string text = bugcheck_doc::CatalogueMarkdown();
  if (argc > 1 && std::strcmp(argv[1], "-") == 0) {
    std::cout << text;
    return 0;
  }
  std::string path;
  if (argc > 1) {
    path = argv[1];
  } else if (const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY")) {
    path = std::string(workspace) + "/docs/bugchecks.md";
  } else {
    std::fprintf(stderr, "usage: bugcheck_doc [OUTPUT | -] (or run it with bazel run)\n");
    return 2;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) {
    std::fprintf(stderr, "bugcheck_doc: cannot write %s\n", path.c_str());
    return 1;
  }
  std::fprintf(stderr, "bugcheck_doc: wrote %s\n", path.c_str());
  return 0;
}
