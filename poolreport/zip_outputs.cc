// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/zip_outputs.cc: test helper for e2e_test.sh. Zips a
// folder the way Bazel zips a test's undeclared outputs (entries named
// relative to the folder), with libzip:
//
//   zip_outputs ARCHIVE FOLDER

#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <string>

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc != 3) {
    std::fprintf(stderr, "usage: zip_outputs ARCHIVE FOLDER\n");
    return 2;
  }
  int error = 0;
  zip_t* z = zip_open(argv[1], ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (z == nullptr) {
    std::fprintf(stderr, "zip_outputs: cannot create %s (libzip error %d)\n", argv[1], error);
    return 1;
  }
  const fs::path root(argv[2]);
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const std::string name = fs::relative(e.path(), root).generic_string();
    zip_source_t* src = zip_source_file(z, e.path().c_str(), 0, -1);
    if (src == nullptr || zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE) < 0) {
      std::fprintf(stderr, "zip_outputs: cannot add %s: %s\n", name.c_str(), zip_strerror(z));
      zip_source_free(src);
      zip_discard(z);
      return 1;
    }
  }
  if (zip_close(z) != 0) {
    std::fprintf(stderr, "zip_outputs: cannot write %s: %s\n", argv[1], zip_strerror(z));
    zip_discard(z);
    return 1;
  }
  return 0;
}
