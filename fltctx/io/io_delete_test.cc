// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/io_delete_test.cc
// -----------------------------------------------------------------------------
//
// Deletes through simulated I/O as Windows reports them, seen by the C
// observer filter: FileDispositionInformation and FileDispositionInformationEx
// with its flags, POSIX semantics, delete pending, STATUS_FILE_DELETED, and
// directories.

#include <string>

#include "fltctx/io/io_fs_test_fixture.h"

namespace fltctx_io_fs_test {
namespace {

using fltctx::io::CreateRequest;
using fltctx::io::Handle;

TEST_F(FileSystemTest, PosixDeleteTakesTheNameAtItsCleanupAndOtherHandlesKeepWorking) {
  auto vol = Mount();
  Handle deleter = vol->Create(L"\\p.txt", FILE_CREATE);
  ASSERT_EQ(deleter.status(), STATUS_SUCCESS);
  ASSERT_EQ(deleter.Write("kept"), STATUS_SUCCESS);
  LONGLONG old_id = 0;
  ASSERT_EQ(deleter.QueryFileId(&old_id), STATUS_SUCCESS);
  Handle reader = vol->Create(L"\\p.txt", FILE_OPEN);
  ASSERT_EQ(reader.status(), STATUS_SUCCESS);

  ASSERT_EQ(deleter.SetDisposition(FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS),
            STATUS_SUCCESS);
  const FSO_RECORD* pre = Last(IRP_MJ_SET_INFORMATION, false);
  EXPECT_EQ(pre->InformationClass, static_cast<ULONG>(FileDispositionInformationEx));
  EXPECT_EQ(pre->DispositionFlags,
            ULONG{FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS});
  EXPECT_EQ(Last(IRP_MJ_SET_INFORMATION, true)->Status, STATUS_SUCCESS);
  // Until the deleting handle is closed the name is delete pending.
  EXPECT_TRUE(vol->Exists(L"\\p.txt"));
  EXPECT_EQ(vol->Create(L"\\p.txt", FILE_OPEN).status(), STATUS_DELETE_PENDING);
  EXPECT_EQ(Last(IRP_MJ_CREATE, true)->Status, STATUS_DELETE_PENDING);

  deleter.Close();
  EXPECT_FALSE(vol->Exists(L"\\p.txt"));
  // The other handle still reads and writes the file's data.
  std::string data;
  ASSERT_EQ(reader.Read(100, &data, 0), STATUS_SUCCESS);
  EXPECT_EQ(data, "kept");
  EXPECT_EQ(reader.Write("!", 4), STATUS_SUCCESS);
  FILE_STANDARD_INFORMATION standard = {};
  ASSERT_EQ(reader.QueryStandard(&standard), STATUS_SUCCESS);
  EXPECT_TRUE(standard.DeletePending);
  EXPECT_EQ(standard.NumberOfLinks, 0u);
  // What needs its name fails as on a deleted file.
  EXPECT_EQ(reader.Rename(L"\\back.txt"), STATUS_FILE_DELETED);
  EXPECT_EQ(Last(IRP_MJ_SET_INFORMATION, true)->Status, STATUS_FILE_DELETED);
  EXPECT_EQ(reader.SetDeleteOnClose(false), STATUS_FILE_DELETED);

  // The name is free for another file at once.
  Handle again = vol->Create(L"\\p.txt", FILE_CREATE);
  ASSERT_EQ(again.status(), STATUS_SUCCESS);
  LONGLONG new_id = 0;
  ASSERT_EQ(again.QueryFileId(&new_id), STATUS_SUCCESS);
  EXPECT_NE(new_id, old_id);
  reader.Close();
  EXPECT_TRUE(vol->Exists(L"\\p.txt"));  // the old file's last cleanup leaves the new one
}

TEST_F(FileSystemTest, DispositionWithoutPosixSemanticsWaitsForTheLastHandle) {
  auto vol = Mount();
  Handle a = vol->Create(L"\\d.txt", FILE_CREATE);
  Handle b = vol->Create(L"\\d.txt", FILE_OPEN);
  ASSERT_EQ(b.status(), STATUS_SUCCESS);
  ASSERT_EQ(a.SetDisposition(FILE_DISPOSITION_DELETE), STATUS_SUCCESS);
  EXPECT_TRUE(a.file_object()->DeletePending);
  a.Close();
  EXPECT_TRUE(vol->Exists(L"\\d.txt"));
  EXPECT_EQ(vol->Create(L"\\d.txt", FILE_OPEN_IF).status(), STATUS_DELETE_PENDING);
  // Any handle may take the deletion back.
  ASSERT_EQ(b.SetDeleteOnClose(false), STATUS_SUCCESS);
  EXPECT_EQ(Last(IRP_MJ_SET_INFORMATION, false)->DispositionFlags, 0u);
  b.Close();
  EXPECT_TRUE(vol->Exists(L"\\d.txt"));
}

TEST_F(FileSystemTest, DeleteFileFalseDoesNotUndoFileDeleteOnClose) {
  auto vol = Mount();
  CreateRequest r = Request(L"\\doc.txt", FILE_CREATE, FILE_DELETE_ON_CLOSE);
  r.desired_access |= DELETE;
  Handle h = vol->Create(r);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  ASSERT_EQ(h.SetDeleteOnClose(false), STATUS_SUCCESS);
  EXPECT_EQ(Last(IRP_MJ_SET_INFORMATION, false)->InformationClass,
            static_cast<ULONG>(FileDispositionInformation));
  h.Close();
  EXPECT_FALSE(vol->Exists(L"\\doc.txt"));
}

TEST_F(FileSystemTest, DispositionFlagsAreCheckedAsWindowsChecksThem) {
  auto vol = Mount();
  CreateRequest ro = Request(L"\\ro.txt", FILE_CREATE);
  ro.file_attributes = FILE_ATTRIBUTE_READONLY;
  Handle h = vol->Create(ro);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_EQ(h.SetDisposition(0x100), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(h.SetDisposition(FILE_DISPOSITION_DELETE), STATUS_CANNOT_DELETE);
  EXPECT_EQ(Last(IRP_MJ_SET_INFORMATION, true)->Status, STATUS_CANNOT_DELETE);
  EXPECT_EQ(h.SetDeleteOnClose(), STATUS_CANNOT_DELETE);
  FILE_DISPOSITION_INFORMATION_EX short_info = {};
  EXPECT_EQ(h.SetInformation(FileDispositionInformationEx, &short_info, 2),
            STATUS_INFO_LENGTH_MISMATCH);
  ASSERT_EQ(h.SetDisposition(FILE_DISPOSITION_DELETE | FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE |
                             FILE_DISPOSITION_FORCE_IMAGE_SECTION_CHECK),
            STATUS_SUCCESS);
  h.Close();
  EXPECT_FALSE(vol->Exists(L"\\ro.txt"));
}

TEST_F(FileSystemTest, OnCloseSetsAndClearsTheFileObjectsDeleteOnClose) {
  auto vol = Mount();
  Handle h = vol->Create(L"\\c.txt", FILE_CREATE);
  ASSERT_EQ(h.SetDisposition(FILE_DISPOSITION_ON_CLOSE | FILE_DISPOSITION_DELETE),
            STATUS_SUCCESS);
  EXPECT_NE(h.file_object()->Flags & FO_DELETE_ON_CLOSE, 0u);
  // Not delete pending before the cleanup: another open works.
  Handle other = vol->Create(L"\\c.txt", FILE_OPEN);
  ASSERT_EQ(other.status(), STATUS_SUCCESS);
  h.Close();
  EXPECT_EQ(vol->Create(L"\\c.txt", FILE_OPEN).status(), STATUS_DELETE_PENDING);
  other.Close();
  EXPECT_FALSE(vol->Exists(L"\\c.txt"));

  // A create with FILE_DELETE_ON_CLOSE, taken back with ON_CLOSE alone.
  CreateRequest r = Request(L"\\kept.txt", FILE_CREATE, FILE_DELETE_ON_CLOSE);
  r.desired_access |= DELETE;
  Handle k = vol->Create(r);
  ASSERT_EQ(k.status(), STATUS_SUCCESS);
  ASSERT_EQ(k.SetDisposition(FILE_DISPOSITION_ON_CLOSE), STATUS_SUCCESS);
  EXPECT_EQ(k.file_object()->Flags & FO_DELETE_ON_CLOSE, 0u);
  k.Close();
  EXPECT_TRUE(vol->Exists(L"\\kept.txt"));
}

TEST_F(FileSystemTest, ADirectoryIsDeletedOnlyWhenEmpty) {
  auto vol = Mount();
  Handle dir = vol->Create(Request(L"\\dir", FILE_CREATE, FILE_DIRECTORY_FILE));
  ASSERT_EQ(dir.status(), STATUS_SUCCESS);
  Handle child = vol->Create(L"\\dir\\a.txt", FILE_CREATE);
  ASSERT_EQ(child.status(), STATUS_SUCCESS);
  EXPECT_EQ(dir.SetDeleteOnClose(), STATUS_DIRECTORY_NOT_EMPTY);
  EXPECT_EQ(Last(IRP_MJ_SET_INFORMATION, true)->Status, STATUS_DIRECTORY_NOT_EMPTY);
  ASSERT_EQ(child.SetDeleteOnClose(), STATUS_SUCCESS);
  child.Close();
  ASSERT_EQ(dir.SetDeleteOnClose(), STATUS_SUCCESS);
  // Nothing is created in a directory being deleted.
  EXPECT_EQ(vol->Create(L"\\dir\\b.txt", FILE_CREATE).status(), STATUS_DELETE_PENDING);
  dir.Close();
  EXPECT_FALSE(vol->Exists(L"\\dir"));
  // The root directory is never deleted.
  Handle root = vol->Create(L"\\", FILE_OPEN);
  ASSERT_EQ(root.status(), STATUS_SUCCESS);
  EXPECT_EQ(root.SetDeleteOnClose(), STATUS_CANNOT_DELETE);
}

}  // namespace
}  // namespace fltctx_io_fs_test
