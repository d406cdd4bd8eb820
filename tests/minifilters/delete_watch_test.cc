// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The delete-watching minifilter (tests/minifilters/delete_watch/, built
// unchanged by a three-line BUILD file): every way Windows delivers a delete
// is reported once with the file's IDs, what is not a delete is not
// reported, transacted deletes wait for the commit, post-operations run at
// DISPATCH_LEVEL, and every allocation-failure path is clean.

#include <cstring>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/wdk/simulation.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/fault_sweep.h"
#include "poolsim/testing/leak_check.h"

extern "C" {
#include "tests/minifilters/delete_watch/delete_watch.h"
}

namespace {

using fltctx::io::CreateRequest;
using fltctx::io::Handle;

fltctx::io::VolumeSetup AtDispatch() {
  fltctx::io::VolumeSetup setup = fltctx::io::VolumeSetup::Ntfs();
  setup.post_operation_at_dispatch = true;
  return setup;
}

class DeleteWatchTest : public ::testing::Test {
 protected:
  DeleteWatchTest() : fm_(poolsim::Ambient()), install_(&fm_) {}
  void SetUp() override {
    ASSERT_EQ(DeleteWatchLoad(nullptr), STATUS_SUCCESS);
    volume_ = std::make_unique<fltctx::io::Volume>(fm_, AtDispatch());
    instance_ = volume_->Attach(DeleteWatchFilter(), "385110");
    ASSERT_NE(instance_, nullptr);
  }
  void TearDown() override {
    volume_.reset();
    DeleteWatchUnload();
  }
  // The next report, which must exist, and that no other follows it.
  DW_DELETE OnlyReport() {
    DW_DELETE d = {};
    EXPECT_EQ(DeleteWatchNext(&d), STATUS_SUCCESS);
    DW_DELETE more = {};
    EXPECT_EQ(DeleteWatchNext(&more), STATUS_NO_MORE_ENTRIES);
    return d;
  }
  void ExpectNoReport() {
    DW_DELETE d = {};
    EXPECT_EQ(DeleteWatchNext(&d), STATUS_NO_MORE_ENTRIES);
  }
  // The file's object ID as the file system gives it (made if need be).
  static void ObjectIdOf(Handle& h, UCHAR id[16]) {
    FILE_OBJECTID_BUFFER buffer = {};
    ULONG_PTR returned = 0;
    ASSERT_EQ(h.FsControl(FSCTL_CREATE_OR_GET_OBJECT_ID, nullptr, 0, &buffer, sizeof(buffer),
                          &returned),
              STATUS_SUCCESS);
    std::memcpy(id, buffer.ObjectId, 16);
  }

  fltctx::FilterManager fm_;
  fltctx::ScopedFilterManager install_;
  std::unique_ptr<fltctx::io::Volume> volume_;
  PFLT_INSTANCE instance_ = nullptr;
};

TEST_F(DeleteWatchTest, DispositionDeleteIsReportedOnceWithTheFileIds) {
  Handle h = volume_->Create(L"\\doomed.txt", FILE_CREATE);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  const LONGLONG file_id = volume_->FileId(L"\\doomed.txt");
  UCHAR object_id[16];
  ObjectIdOf(h, object_id);
  ASSERT_EQ(h.SetDeleteOnClose(), STATUS_SUCCESS);
  ExpectNoReport();  // not before cleanup
  h.Close();
  EXPECT_FALSE(volume_->Exists(L"\\doomed.txt"));
  DW_DELETE d = OnlyReport();
  EXPECT_EQ(d.FileId, file_id);
  ASSERT_TRUE(d.HasObjectId);
  EXPECT_EQ(std::memcmp(d.ObjectId, object_id, 16), 0);
  EXPECT_FALSE(d.Transacted);
}

TEST_F(DeleteWatchTest, TheObjectIdTheFilterMadeIsTheFilesObjectId) {
  Handle h = volume_->Create(L"\\fresh.txt", FILE_CREATE);
  ASSERT_EQ(h.SetDeleteOnClose(), STATUS_SUCCESS);
  // The filter made the object ID while the file was open; the file has it.
  UCHAR object_id[16];
  ObjectIdOf(h, object_id);
  h.Close();
  DW_DELETE d = OnlyReport();
  ASSERT_TRUE(d.HasObjectId);
  EXPECT_EQ(std::memcmp(d.ObjectId, object_id, 16), 0);
}

TEST_F(DeleteWatchTest, DispositionExDeleteIsReported) {
  Handle h = volume_->Create(L"\\ex.txt", FILE_CREATE);
  const LONGLONG file_id = volume_->FileId(L"\\ex.txt");
  ASSERT_EQ(h.SetDisposition(FILE_DISPOSITION_DELETE), STATUS_SUCCESS);
  h.Close();
  EXPECT_EQ(OnlyReport().FileId, file_id);
}

TEST_F(DeleteWatchTest, PosixDeleteIsReportedOnceWhileAnotherHandleStaysOpen) {
  Handle deleter = volume_->Create(L"\\p.txt", FILE_CREATE);
  Handle reader = volume_->Create(L"\\p.txt", FILE_OPEN);
  ASSERT_EQ(reader.status(), STATUS_SUCCESS);
  const LONGLONG file_id = volume_->FileId(L"\\p.txt");
  ASSERT_EQ(deleter.SetDisposition(FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS),
            STATUS_SUCCESS);
  deleter.Close();
  EXPECT_FALSE(volume_->Exists(L"\\p.txt"));
  EXPECT_EQ(OnlyReport().FileId, file_id);
  reader.Close();  // the stream's last cleanup: no second report
  ExpectNoReport();
}

TEST_F(DeleteWatchTest, DeleteOnCloseAtCreateIsReported) {
  Handle keep = volume_->Create(L"\\doc.txt", FILE_CREATE);
  const LONGLONG file_id = volume_->FileId(L"\\doc.txt");
  keep.Close();
  CreateRequest r;
  r.name = L"\\doc.txt";
  r.disposition = FILE_OPEN;
  r.options = FILE_DELETE_ON_CLOSE;
  r.desired_access |= DELETE;
  Handle h = volume_->Create(r);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  h.Close();
  EXPECT_FALSE(volume_->Exists(L"\\doc.txt"));
  DW_DELETE d = OnlyReport();
  EXPECT_EQ(d.FileId, file_id);
  EXPECT_TRUE(d.HasObjectId);
}

TEST_F(DeleteWatchTest, ARenameIsNotADelete) {
  Handle h = volume_->Create(L"\\old.txt", FILE_CREATE);
  ASSERT_EQ(h.Rename(L"\\new.txt"), STATUS_SUCCESS);
  h.Close();
  EXPECT_TRUE(volume_->Exists(L"\\new.txt"));
  ExpectNoReport();
}

TEST_F(DeleteWatchTest, ACancelledDeleteIsNotReported) {
  Handle h = volume_->Create(L"\\kept.txt", FILE_CREATE);
  ASSERT_EQ(h.SetDeleteOnClose(true), STATUS_SUCCESS);
  ASSERT_EQ(h.SetDeleteOnClose(false), STATUS_SUCCESS);
  h.Close();
  EXPECT_TRUE(volume_->Exists(L"\\kept.txt"));
  ExpectNoReport();
}

TEST_F(DeleteWatchTest, ACancelledDeleteOnCloseIsNotReported) {
  Handle h = volume_->Create(L"\\kept2.txt", FILE_CREATE);
  ASSERT_EQ(h.SetDisposition(FILE_DISPOSITION_DELETE | FILE_DISPOSITION_ON_CLOSE),
            STATUS_SUCCESS);
  ASSERT_EQ(h.SetDisposition(FILE_DISPOSITION_ON_CLOSE), STATUS_SUCCESS);  // cleared
  h.Close();
  EXPECT_TRUE(volume_->Exists(L"\\kept2.txt"));
  ExpectNoReport();
}

TEST_F(DeleteWatchTest, ATransactedDeleteIsReportedAtCommit) {
  Handle make = volume_->Create(L"\\tx.txt", FILE_CREATE);
  const LONGLONG file_id = volume_->FileId(L"\\tx.txt");
  make.Close();
  PKTRANSACTION tx = fltctx::wdk::CreateTransaction(fm_);
  CreateRequest r;
  r.name = L"\\tx.txt";
  r.disposition = FILE_OPEN;
  r.transaction = tx;
  Handle h = volume_->Create(r);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  ASSERT_EQ(h.SetDeleteOnClose(), STATUS_SUCCESS);
  h.Close();
  ExpectNoReport();  // the outcome is not known yet
  volume_->CompleteTransaction(tx, /*commit=*/true);
  DW_DELETE d = OnlyReport();
  EXPECT_EQ(d.FileId, file_id);
  EXPECT_TRUE(d.Transacted);
}

TEST_F(DeleteWatchTest, ARolledBackDeleteIsNotReported) {
  Handle make = volume_->Create(L"\\rb.txt", FILE_CREATE);
  make.Close();
  PKTRANSACTION tx = fltctx::wdk::CreateTransaction(fm_);
  CreateRequest r;
  r.name = L"\\rb.txt";
  r.disposition = FILE_OPEN;
  r.transaction = tx;
  Handle h = volume_->Create(r);
  ASSERT_EQ(h.SetDeleteOnClose(), STATUS_SUCCESS);
  h.Close();
  volume_->CompleteTransaction(tx, /*commit=*/false);
  ExpectNoReport();
}

TEST_F(DeleteWatchTest, ReopensAFileByItsFileIdUntilItIsDeleted) {
  Handle h = volume_->Create(L"\\byid.txt", FILE_CREATE);
  const LONGLONG file_id = volume_->FileId(L"\\byid.txt");
  EXPECT_EQ(DeleteWatchOpenByFileId(instance_, file_id), STATUS_SUCCESS);
  ASSERT_EQ(h.SetDeleteOnClose(), STATUS_SUCCESS);
  h.Close();
  DW_DELETE d = OnlyReport();
  ASSERT_EQ(d.FileId, file_id);
  // NTFS answers an unknown file ID with STATUS_INVALID_PARAMETER.
  EXPECT_EQ(DeleteWatchOpenByFileId(instance_, d.FileId), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(DeleteWatchOpenByFileId(nullptr, file_id), STATUS_INVALID_PARAMETER);
}

void LoadDeleteUnload() {
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  if (!NT_SUCCESS(DeleteWatchLoad(nullptr))) return;
  {
    fltctx::io::Volume volume(fm, AtDispatch());
    PFLT_INSTANCE instance = volume.Attach(DeleteWatchFilter(), "385110");
    if (instance != nullptr) {
      Handle a = volume.Create(L"\\a.txt", FILE_CREATE);
      (void)DeleteWatchOpenByFileId(instance, volume.FileId(L"\\a.txt"));
      a.SetDeleteOnClose();
      Handle b = volume.Create(L"\\b.txt", FILE_CREATE);
      b.SetDisposition(FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS);
      b.Close();
      Handle c = volume.Create(L"\\c.txt", FILE_CREATE);
      c.SetDeleteOnClose(true);
      c.SetDeleteOnClose(false);
      c.Close();
      a.Close();
      PKTRANSACTION tx = fltctx::wdk::CreateTransaction(fm);
      CreateRequest r;
      r.name = L"\\t.txt";
      r.disposition = FILE_OPEN_IF;
      r.transaction = tx;
      Handle t = volume.Create(r);
      t.SetDeleteOnClose();
      t.Close();
      volume.CompleteTransaction(tx, /*commit=*/true);
      DW_DELETE d;
      while (DeleteWatchNext(&d) == STATUS_SUCCESS) {
      }
    }
  }
  DeleteWatchUnload();
}

TEST(DeleteWatchSweep, EveryAllocationFailurePathIsClean) {
  EXPECT_ERROR_PATHS_CLEAN(LoadDeleteUnload());
  EXPECT_ERROR_PATHS_CLEAN_BY_STACK(LoadDeleteUnload());
}

}  // namespace
