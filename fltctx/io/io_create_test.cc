// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/io_create_test.cc
// -----------------------------------------------------------------------------
//
// Create options through simulated I/O, as the C observer filter sees them:
// how Windows encodes them in Parameters.Create, directories, delete on
// close, opens by file ID and reparse points.

#include <cstring>
#include <string>

#include "fltctx/io/io_fs_test_fixture.h"

namespace fltctx_io_fs_test {
namespace {

using fltctx::io::CreateRequest;
using fltctx::io::Handle;

TEST_F(FileSystemTest, FiltersSeeTheOptionsAndAttributesAsWindowsEncodesThem) {
  auto vol = Mount();
  CreateRequest r = Request(L"\\a.txt", FILE_CREATE, FILE_NON_DIRECTORY_FILE | FILE_WRITE_THROUGH);
  r.file_attributes = FILE_ATTRIBUTE_HIDDEN;
  Handle h = vol->Create(r);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_EQ(h.information(), static_cast<ULONG_PTR>(FILE_CREATED));
  const FSO_RECORD* pre = Last(IRP_MJ_CREATE, false);
  ASSERT_NE(pre, nullptr);
  // The disposition in the high 8 bits, the options in the low 24.
  EXPECT_EQ(pre->CreateOptions,
            (ULONG{FILE_CREATE} << 24) | FILE_NON_DIRECTORY_FILE | FILE_WRITE_THROUGH);
  EXPECT_EQ(pre->FileAttributes, FILE_ATTRIBUTE_HIDDEN);
  FILE_BASIC_INFORMATION basic = {};
  ASSERT_EQ(h.QueryBasic(&basic), STATUS_SUCCESS);
  EXPECT_EQ(basic.FileAttributes, ULONG{FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_ARCHIVE});
}

TEST_F(FileSystemTest, DirectoriesAreInTheNamespaceAndRefuseTheOtherKindOfOpen) {
  auto vol = Mount();
  Handle dir = vol->Create(Request(L"\\docs", FILE_CREATE, FILE_DIRECTORY_FILE));
  ASSERT_EQ(dir.status(), STATUS_SUCCESS);
  FILE_STANDARD_INFORMATION standard = {};
  ASSERT_EQ(dir.QueryStandard(&standard), STATUS_SUCCESS);
  EXPECT_TRUE(standard.Directory);
  FILE_BASIC_INFORMATION basic = {};
  ASSERT_EQ(dir.QueryBasic(&basic), STATUS_SUCCESS);
  EXPECT_EQ(basic.FileAttributes, ULONG{FILE_ATTRIBUTE_DIRECTORY});
  EXPECT_EQ(dir.Write("x"), STATUS_INVALID_DEVICE_REQUEST);

  // A directory opened as a file, and a file opened as a directory.
  Handle as_file = vol->Create(Request(L"\\docs", FILE_OPEN, FILE_NON_DIRECTORY_FILE));
  EXPECT_EQ(as_file.status(), STATUS_FILE_IS_A_DIRECTORY);
  EXPECT_FALSE(as_file.is_open());
  EXPECT_EQ(Last(IRP_MJ_CREATE, true)->Status, STATUS_FILE_IS_A_DIRECTORY);
  Handle file = vol->Create(L"\\docs\\a.txt", FILE_CREATE);
  ASSERT_EQ(file.status(), STATUS_SUCCESS);
  EXPECT_EQ(vol->Create(Request(L"\\docs\\a.txt", FILE_OPEN, FILE_DIRECTORY_FILE)).status(),
            STATUS_NOT_A_DIRECTORY);
  // Without either option both open.
  EXPECT_EQ(vol->Create(L"\\docs", FILE_OPEN).status(), STATUS_SUCCESS);
  EXPECT_EQ(vol->Create(L"\\docs", FILE_CREATE).status(), STATUS_OBJECT_NAME_COLLISION);
  EXPECT_EQ(vol->Create(L"\\docs", FILE_OVERWRITE_IF).status(), STATUS_FILE_IS_A_DIRECTORY);

  // Invalid combinations, as NtCreateFile refuses them.
  EXPECT_EQ(vol->Create(Request(L"\\x", FILE_OPEN_IF,
                                FILE_DIRECTORY_FILE | FILE_NON_DIRECTORY_FILE))
                .status(),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(vol->Create(Request(L"\\x", FILE_OVERWRITE_IF, FILE_DIRECTORY_FILE)).status(),
            STATUS_INVALID_PARAMETER);
  EXPECT_FALSE(vol->Exists(L"\\x"));
  // A file is no parent.
  EXPECT_EQ(vol->Create(L"\\docs\\a.txt\\b.txt", FILE_CREATE).status(),
            STATUS_OBJECT_PATH_NOT_FOUND);
  // The root always exists, as a directory.
  Handle root = vol->Create(Request(L"\\", FILE_OPEN, FILE_DIRECTORY_FILE));
  EXPECT_EQ(root.status(), STATUS_SUCCESS);
}

TEST_F(FileSystemTest, DeleteOnCloseDeletesAtTheLastCleanup) {
  auto vol = Mount();
  CreateRequest r = Request(L"\\temp.txt", FILE_CREATE, FILE_DELETE_ON_CLOSE);
  // Without DELETE access the option is refused.
  EXPECT_EQ(vol->Create(r).status(), STATUS_INVALID_PARAMETER);
  r.desired_access |= DELETE;
  Handle h = vol->Create(r);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  EXPECT_TRUE(Last(IRP_MJ_CREATE, true)->FileObjectDeleteOnClose);
  Handle other = vol->Create(L"\\temp.txt", FILE_OPEN);
  ASSERT_EQ(other.status(), STATUS_SUCCESS);
  EXPECT_FALSE(Last(IRP_MJ_CREATE, true)->FileObjectDeleteOnClose);
  h.Close();
  // Marked for deletion at the cleanup of the handle that asked for it;
  // gone at the last one.
  EXPECT_TRUE(vol->Exists(L"\\temp.txt"));
  EXPECT_EQ(vol->Create(L"\\temp.txt", FILE_OPEN).status(), STATUS_DELETE_PENDING);
  FILE_STANDARD_INFORMATION standard = {};
  ASSERT_EQ(other.QueryStandard(&standard), STATUS_SUCCESS);
  EXPECT_TRUE(standard.DeletePending);
  other.Close();
  EXPECT_FALSE(vol->Exists(L"\\temp.txt"));

  // A read-only file cannot be opened for delete on close.
  CreateRequest ro = Request(L"\\ro.txt", FILE_CREATE);
  ro.file_attributes = FILE_ATTRIBUTE_READONLY;
  ASSERT_EQ(vol->Create(ro).status(), STATUS_SUCCESS);
  CreateRequest doc = Request(L"\\ro.txt", FILE_OPEN, FILE_DELETE_ON_CLOSE);
  doc.desired_access |= DELETE;
  EXPECT_EQ(vol->Create(doc).status(), STATUS_CANNOT_DELETE);
  EXPECT_TRUE(vol->Exists(L"\\ro.txt"));
}

TEST_F(FileSystemTest, OpenByFileIdOpensTheSameFile) {
  auto vol = Mount();
  Handle h = vol->Create(L"\\dir\\a.txt", FILE_CREATE);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  ASSERT_EQ(h.Write("by name"), STATUS_SUCCESS);
  LONGLONG id = 0;
  ASSERT_EQ(h.QueryFileId(&id), STATUS_SUCCESS);
  EXPECT_EQ(id, vol->FileId(L"\\DIR\\A.TXT"));
  EXPECT_NE(id, vol->FileId(L"\\"));

  Handle by_id = vol->Create(CreateRequest::ByFileId(id));
  ASSERT_EQ(by_id.status(), STATUS_SUCCESS);
  const FSO_RECORD* pre = Last(IRP_MJ_CREATE, false);
  EXPECT_EQ(pre->CreateOptions, (ULONG{FILE_OPEN} << 24) | FILE_OPEN_BY_FILE_ID);
  // The name of the file object is the 8-byte ID.
  EXPECT_EQ(by_id.file_object()->FileName.Length, sizeof(LONGLONG));
  std::string data;
  ASSERT_EQ(by_id.Read(100, &data, 0), STATUS_SUCCESS);
  EXPECT_EQ(data, "by name");
  std::wstring name;
  ASSERT_EQ(by_id.QueryName(&name), STATUS_SUCCESS);
  EXPECT_EQ(name, L"\\dir\\a.txt");

  // FileIdInformation: the volume's serial number and the ID in the low
  // 8 bytes of the 128-bit ID.
  FILE_ID_INFORMATION info = {};
  ASSERT_EQ(by_id.QueryInformation(FileIdInformation, &info, sizeof(info)), STATUS_SUCCESS);
  EXPECT_NE(info.VolumeSerialNumber, 0u);
  LONGLONG low = 0;
  std::memcpy(&low, info.FileId.Identifier, sizeof(low));
  EXPECT_EQ(low, id);
  FILE_INTERNAL_INFORMATION internal = {};
  EXPECT_EQ(by_id.QueryInformation(FileInternalInformation, &internal, 4),
            STATUS_INFO_LENGTH_MISMATCH);

  // An unknown ID, an ID of another length, and a create by ID.
  EXPECT_EQ(vol->Create(CreateRequest::ByFileId(id + 1000)).status(), STATUS_INVALID_PARAMETER);
  CreateRequest odd = CreateRequest::ByFileId(id);
  odd.id.resize(4);
  EXPECT_EQ(vol->Create(odd).status(), STATUS_INVALID_PARAMETER);
  CreateRequest make = CreateRequest::ByFileId(id);
  make.disposition = FILE_CREATE;
  EXPECT_EQ(vol->Create(make).status(), STATUS_INVALID_PARAMETER);
}

TEST_F(FileSystemTest, AReparsePointReparsesUnlessOpenedAsOne) {
  auto vol = Mount();
  ASSERT_EQ(vol->Create(L"\\link", FILE_CREATE).status(), STATUS_SUCCESS);
  EXPECT_FALSE(vol->SetReparsePoint(L"\\missing", IO_REPARSE_TAG_SYMLINK));
  ASSERT_TRUE(vol->SetReparsePoint(L"\\link", IO_REPARSE_TAG_SYMLINK));

  Handle reparsed = vol->Create(L"\\link", FILE_OPEN);
  EXPECT_EQ(reparsed.status(), STATUS_REPARSE);
  EXPECT_EQ(reparsed.information(), static_cast<ULONG_PTR>(IO_REPARSE_TAG_SYMLINK));
  EXPECT_FALSE(reparsed.is_open());
  const FSO_RECORD* post = Last(IRP_MJ_CREATE, true);
  EXPECT_EQ(post->Status, STATUS_REPARSE);
  EXPECT_EQ(post->Information, static_cast<ULONG_PTR>(IO_REPARSE_TAG_SYMLINK));

  Handle h = vol->Create(Request(L"\\link", FILE_OPEN, FILE_OPEN_REPARSE_POINT));
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  FILE_ATTRIBUTE_TAG_INFORMATION tag = {};
  ASSERT_EQ(h.QueryInformation(FileAttributeTagInformation, &tag, sizeof(tag)), STATUS_SUCCESS);
  EXPECT_EQ(tag.ReparseTag, static_cast<ULONG>(IO_REPARSE_TAG_SYMLINK));
  EXPECT_NE(tag.FileAttributes & FILE_ATTRIBUTE_REPARSE_POINT, 0u);

  ASSERT_TRUE(vol->SetReparsePoint(L"\\link", 0));
  EXPECT_EQ(vol->Create(L"\\link", FILE_OPEN).status(), STATUS_SUCCESS);
}

}  // namespace
}  // namespace fltctx_io_fs_test
