// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/io_fs_test_fixture.h
// -----------------------------------------------------------------------------
//
// What the tests of the file system's features (io_create_test.cc,
// io_delete_test.cc, io_ids_test.cc, io_directory_test.cc,
// io_transaction_test.cc) share: a FilterManager on the leak-checked ambient
// environment with the C observer filter (testdata/fs_observer.c) attached
// to a volume, and lookups of what the filter recorded. Test side only.

#ifndef FLTCTX_IO_IO_FS_TEST_FIXTURE_H_
#define FLTCTX_IO_IO_FS_TEST_FIXTURE_H_

#include <algorithm>
#include <memory>
#include <string>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/io/testdata/fs_observer.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"

namespace fltctx_io_fs_test {

class FileSystemTest : public ::testing::Test {
 protected:
  FileSystemTest() : fm_(poolsim::Ambient()), install_(&fm_) {
    EXPECT_EQ(FsObserverEntry(), STATUS_SUCCESS);
  }
  ~FileSystemTest() override {
    if (g_fso_filter != nullptr) FltUnregisterFilter(g_fso_filter);
    g_fso_filter = nullptr;
  }

  // A volume of `setup` with the observer attached.
  std::unique_ptr<fltctx::io::Volume> Mount(fltctx::io::VolumeSetup setup = {}) {
    auto vol = std::make_unique<fltctx::io::Volume>(fm_, setup);
    EXPECT_NE(vol->Attach(g_fso_filter, "370030"), nullptr);
    return vol;
  }

  // The last record of `major` (pre or post), or null.
  static const FSO_RECORD* Last(UCHAR major, bool post) {
    for (LONG i = std::min<LONG>(g_fso_count, FSO_MAX_RECORDS); i-- > 0;) {
      const FSO_RECORD& r = g_fso_records[i];
      if (r.Major == major && (r.Post != FALSE) == post) return &r;
    }
    return nullptr;
  }

  static std::wstring W(const WCHAR* s) { return std::wstring(s); }

  fltctx::FilterManager fm_;
  fltctx::ScopedFilterManager install_;
};

// Returns a create request for `name` with `disposition` and `options`.
inline fltctx::io::CreateRequest Request(const std::wstring& name, ULONG disposition,
                                         ULONG options = 0) {
  fltctx::io::CreateRequest r;
  r.name = name;
  r.disposition = disposition;
  r.options = options;
  return r;
}

}  // namespace fltctx_io_fs_test

#endif  // FLTCTX_IO_IO_FS_TEST_FIXTURE_H_
