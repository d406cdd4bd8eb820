// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The delete-detection minifilter (tests/minifilters/delete_detector/, built
// unchanged by a three-line BUILD file): deletes reported to a consumer
// thread after cleanup, withdrawn deletes not reported, post-operations at
// DISPATCH_LEVEL, and every allocation-failure path clean.

#include <string>
#include <thread>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/fault_sweep.h"
#include "poolsim/testing/leak_check.h"

extern "C" {
#include "tests/minifilters/delete_detector/delete_detector.h"
}

namespace {

fltctx::io::VolumeSetup AtDispatch() {
  fltctx::io::VolumeSetup setup = fltctx::io::VolumeSetup::Ntfs();
  setup.post_operation_at_dispatch = true;
  return setup;
}

class DeleteDetectorTest : public ::testing::Test {
 protected:
  DeleteDetectorTest() : fm_(poolsim::Ambient()), install_(&fm_) {}
  fltctx::FilterManager fm_;
  fltctx::ScopedFilterManager install_;
};

TEST_F(DeleteDetectorTest, ReportsADeleteAfterCleanupToAWaitingThread) {
  ASSERT_EQ(DeleteDetectorLoad(nullptr), STATUS_SUCCESS);
  std::wstring reported;
  NTSTATUS consumer_status = STATUS_PENDING;
  std::thread consumer([&] {
    WCHAR buffer[64];
    UNICODE_STRING name = {0, sizeof(buffer), buffer};
    consumer_status = DeleteDetectorNext(&name, 10000);
    if (consumer_status == STATUS_SUCCESS) reported.assign(name.Buffer, name.Length / sizeof(WCHAR));
  });
  {
    fltctx::io::Volume volume(fm_, AtDispatch());
    ASSERT_NE(volume.Attach(DeleteDetectorFilter(), "385100"), nullptr);
    fltctx::io::Handle h = volume.Create(L"\\doomed.txt", FILE_CREATE);
    ASSERT_EQ(h.SetDeleteOnClose(), STATUS_SUCCESS);
    h.Close();  // IRP_MJ_CLEANUP: the post-cleanup callback reports
    consumer.join();
    EXPECT_EQ(consumer_status, STATUS_SUCCESS);
    EXPECT_EQ(reported, L"\\Device\\HarddiskVolume1\\doomed.txt");
    EXPECT_EQ(volume.Create(L"\\doomed.txt", FILE_OPEN).status(), STATUS_OBJECT_NAME_NOT_FOUND);
  }
  DeleteDetectorUnload();
}

TEST_F(DeleteDetectorTest, AWithdrawnDeleteIsNotReported) {
  ASSERT_EQ(DeleteDetectorLoad(nullptr), STATUS_SUCCESS);
  {
    fltctx::io::Volume volume(fm_, AtDispatch());
    volume.Attach(DeleteDetectorFilter(), "385100");
    fltctx::io::Handle h = volume.Create(L"\\kept.txt", FILE_CREATE);
    ASSERT_EQ(h.SetDeleteOnClose(true), STATUS_SUCCESS);
    ASSERT_EQ(h.SetDeleteOnClose(false), STATUS_SUCCESS);
    h.Close();
    EXPECT_EQ(DeleteDetectorWithdrawn(), 1);
    WCHAR buffer[64];
    UNICODE_STRING name = {0, sizeof(buffer), buffer};
    EXPECT_EQ(DeleteDetectorNext(&name, 10), STATUS_TIMEOUT);
    EXPECT_EQ(volume.Create(L"\\kept.txt", FILE_OPEN).status(), STATUS_SUCCESS);
  }
  DeleteDetectorUnload();
}

TEST_F(DeleteDetectorTest, ReportsNotConsumedBeforeUnloadAreFreed) {
  ASSERT_EQ(DeleteDetectorLoad(nullptr), STATUS_SUCCESS);
  {
    fltctx::io::Volume volume(fm_);
    volume.Attach(DeleteDetectorFilter(), "385100");
    fltctx::io::Handle h = volume.Create(L"\\a.txt", FILE_CREATE);
    h.SetDeleteOnClose();
    h.Close();
  }
  DeleteDetectorUnload();  // the leak check listener checks the queue went
}

void LoadDeleteUnload() {
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  if (!NT_SUCCESS(DeleteDetectorLoad(nullptr))) return;
  {
    fltctx::io::Volume volume(fm, AtDispatch());
    if (volume.Attach(DeleteDetectorFilter(), "385100") != nullptr) {
      fltctx::io::Handle h = volume.Create(L"\\a.txt", FILE_CREATE);
      h.SetDeleteOnClose();
      fltctx::io::Handle other = volume.Create(L"\\b.txt", FILE_CREATE);
      other.SetDeleteOnClose(true);
      other.SetDeleteOnClose(false);
      other.Close();
      h.Close();
    }
  }
  DeleteDetectorUnload();
}

TEST(DeleteDetectorSweep, EveryAllocationFailurePathIsClean) {
  EXPECT_ERROR_PATHS_CLEAN(LoadDeleteUnload());
  EXPECT_ERROR_PATHS_CLEAN_BY_STACK(LoadDeleteUnload());
}

}  // namespace
