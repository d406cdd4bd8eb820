// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The first example of docs/simulated-io.md, as a user writes it: the filter
// on the ambient Environment of //:leak_check_main, I/O through its
// callbacks, nothing left behind.

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "tests/getting_started/quota/quota.h"

TEST(QuotaFilter, RenamesAndDeletesThroughTheCallbacks) {
  // The test's ambient Environment: //:leak_check_main makes one for each
  // test and fails the test on whatever the filter leaves in it.
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install_fm(&fm);
  ASSERT_EQ(DriverEntry(nullptr, nullptr), STATUS_SUCCESS);  // FltRegisterFilter + FltStartFiltering
  {
    fltctx::io::Volume vol(fm);            // an NTFS-like volume
    vol.Attach(QuotaFilter, "370030");     // InstanceSetupCallback runs
    fltctx::io::Handle h = vol.Create(L"\\a.txt");   // IRP_MJ_CREATE (FILE_OPEN_IF)
    ASSERT_EQ(h.status(), STATUS_SUCCESS);
    h.Write("data");                       // IRP_MJ_WRITE at the current position
    h.Rename(L"\\b.txt");                  // IRP_MJ_SET_INFORMATION, FileRenameInformation
    h.SetDeleteOnClose();                  // ... FileDispositionInformation
    h.Close();                             // IRP_MJ_CLEANUP, then IRP_MJ_CLOSE
    EXPECT_FALSE(vol.Exists(L"\\b.txt"));
  }                                        // the volume goes before the filter
  QuotaUnload(0);                          // FltUnregisterFilter
}
