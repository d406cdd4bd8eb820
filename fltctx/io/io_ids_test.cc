// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/io_ids_test.cc
// -----------------------------------------------------------------------------
//
// Object IDs answered by the file system through IRP_MJ_FILE_SYSTEM_CONTROL,
// seen by the C observer filter, and opens by object ID.

#include <cstring>
#include <string>

#include "fltctx/io/io_fs_test_fixture.h"

#ifndef STATUS_DUPLICATE_NAME
#define STATUS_DUPLICATE_NAME ((NTSTATUS)0xC00000BDL)
#endif

namespace fltctx_io_fs_test {
namespace {

using fltctx::io::CreateRequest;
using fltctx::io::Handle;

// The x64 layouts of the structures these requests carry.
static_assert(sizeof(FILE_INTERNAL_INFORMATION) == 8, "FILE_INTERNAL_INFORMATION");
static_assert(sizeof(FILE_ID_INFORMATION) == 24, "FILE_ID_INFORMATION");
static_assert(sizeof(FILE_ATTRIBUTE_TAG_INFORMATION) == 8, "FILE_ATTRIBUTE_TAG_INFORMATION");
static_assert(sizeof(FILE_OBJECTID_BUFFER) == 64, "FILE_OBJECTID_BUFFER");
static_assert(sizeof(FILE_DISPOSITION_INFORMATION_EX) == 4, "FILE_DISPOSITION_INFORMATION_EX");
static_assert(sizeof(TXN_PARAMETER_BLOCK) == 16, "TXN_PARAMETER_BLOCK");

TEST_F(FileSystemTest, CreateOrGetObjectIdMakesOneThatGetReturnsAndOpensTheFile) {
  auto vol = Mount();
  Handle h = vol->Create(L"\\o.txt", FILE_CREATE);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  FILE_OBJECTID_BUFFER got = {};
  ULONG_PTR returned = 99;
  EXPECT_EQ(h.FsControl(FSCTL_GET_OBJECT_ID, nullptr, 0, &got, sizeof(got), &returned),
            STATUS_OBJECTID_NOT_FOUND);
  EXPECT_EQ(returned, 0u);

  FILE_OBJECTID_BUFFER made = {};
  ASSERT_EQ(h.FsControl(FSCTL_CREATE_OR_GET_OBJECT_ID, nullptr, 0, &made, sizeof(made),
                        &returned),
            STATUS_SUCCESS);
  EXPECT_EQ(returned, sizeof(FILE_OBJECTID_BUFFER));
  const FSO_RECORD* pre = Last(IRP_MJ_FILE_SYSTEM_CONTROL, false);
  ASSERT_NE(pre, nullptr);
  EXPECT_EQ(pre->Minor, IRP_MN_USER_FS_REQUEST);
  EXPECT_EQ(pre->FsControlCode, static_cast<ULONG>(FSCTL_CREATE_OR_GET_OBJECT_ID));
  EXPECT_EQ(pre->OutputLength, sizeof(FILE_OBJECTID_BUFFER));
  EXPECT_TRUE(pre->HasSystemBuffer);
  const FSO_RECORD* post = Last(IRP_MJ_FILE_SYSTEM_CONTROL, true);
  EXPECT_EQ(post->Status, STATUS_SUCCESS);
  EXPECT_EQ(post->Information, sizeof(FILE_OBJECTID_BUFFER));
  // The birth object ID is the new ID; the domain ID is empty.
  EXPECT_EQ(std::memcmp(made.BirthObjectId, made.ObjectId, 16), 0);
  const BYTE zeros[16] = {};
  EXPECT_NE(std::memcmp(made.ObjectId, zeros, 16), 0);
  EXPECT_EQ(std::memcmp(made.DomainId, zeros, 16), 0);

  FILE_OBJECTID_BUFFER again = {};
  ASSERT_EQ(h.FsControl(FSCTL_CREATE_OR_GET_OBJECT_ID, nullptr, 0, &again, sizeof(again)),
            STATUS_SUCCESS);
  EXPECT_EQ(std::memcmp(&again, &made, sizeof(made)), 0);
  ASSERT_EQ(h.FsControl(FSCTL_GET_OBJECT_ID, nullptr, 0, &got, sizeof(got)), STATUS_SUCCESS);
  EXPECT_EQ(std::memcmp(&got, &made, sizeof(made)), 0);
  EXPECT_EQ(h.FsControl(FSCTL_GET_OBJECT_ID, nullptr, 0, &got, sizeof(got) - 1),
            STATUS_INVALID_PARAMETER);

  // The 16-byte object ID opens the file.
  Handle by_object_id = vol->Create(CreateRequest::ByObjectId(made.ObjectId));
  ASSERT_EQ(by_object_id.status(), STATUS_SUCCESS);
  std::wstring name;
  ASSERT_EQ(by_object_id.QueryName(&name), STATUS_SUCCESS);
  EXPECT_EQ(name, L"\\o.txt");
  UCHAR unknown[16] = {1, 2, 3};
  EXPECT_EQ(vol->Create(CreateRequest::ByObjectId(unknown)).status(),
            STATUS_OBJECT_NAME_NOT_FOUND);
}

TEST_F(FileSystemTest, SetAndDeleteObjectIdFollowTheFileSystemsRules) {
  auto vol = Mount();
  Handle a = vol->Create(L"\\a.txt", FILE_CREATE);
  Handle b = vol->Create(L"\\b.txt", FILE_CREATE);
  FILE_OBJECTID_BUFFER id = {};
  for (int i = 0; i < 16; ++i) id.ObjectId[i] = static_cast<BYTE>(0xA0 + i);
  EXPECT_EQ(a.FsControl(FSCTL_SET_OBJECT_ID, &id, sizeof(id) - 1, nullptr, 0),
            STATUS_INVALID_PARAMETER);
  ASSERT_EQ(a.FsControl(FSCTL_SET_OBJECT_ID, &id, sizeof(id), nullptr, 0), STATUS_SUCCESS);
  EXPECT_EQ(Last(IRP_MJ_FILE_SYSTEM_CONTROL, false)->InputLength, sizeof(id));
  // A file has one object ID; an ID names one file of the volume.
  EXPECT_EQ(a.FsControl(FSCTL_SET_OBJECT_ID, &id, sizeof(id), nullptr, 0),
            STATUS_OBJECT_NAME_COLLISION);
  EXPECT_EQ(b.FsControl(FSCTL_SET_OBJECT_ID, &id, sizeof(id), nullptr, 0),
            STATUS_DUPLICATE_NAME);
  FILE_OBJECTID_BUFFER got = {};
  ASSERT_EQ(a.FsControl(FSCTL_GET_OBJECT_ID, nullptr, 0, &got, sizeof(got)), STATUS_SUCCESS);
  EXPECT_EQ(std::memcmp(&got, &id, sizeof(id)), 0);

  ASSERT_EQ(a.FsControl(FSCTL_DELETE_OBJECT_ID, nullptr, 0, nullptr, 0), STATUS_SUCCESS);
  EXPECT_EQ(a.FsControl(FSCTL_GET_OBJECT_ID, nullptr, 0, &got, sizeof(got)),
            STATUS_OBJECTID_NOT_FOUND);
  // Deleting none is a success.
  EXPECT_EQ(a.FsControl(FSCTL_DELETE_OBJECT_ID, nullptr, 0, nullptr, 0), STATUS_SUCCESS);
  // The ID is free again.
  EXPECT_EQ(b.FsControl(FSCTL_SET_OBJECT_ID, &id, sizeof(id), nullptr, 0), STATUS_SUCCESS);
}

TEST_F(FileSystemTest, OtherFsctlsFailAsARealFileSystemFailsThem) {
  auto vol = Mount();
  Handle h = vol->Create(L"\\a.txt", FILE_CREATE);
  EXPECT_EQ(h.FsControl(FSCTL_LOCK_VOLUME, nullptr, 0, nullptr, 0),
            STATUS_INVALID_DEVICE_REQUEST);
  EXPECT_EQ(Last(IRP_MJ_FILE_SYSTEM_CONTROL, true)->Status, STATUS_INVALID_DEVICE_REQUEST);
  EXPECT_EQ(Last(IRP_MJ_FILE_SYSTEM_CONTROL, false)->FsControlCode,
            static_cast<ULONG>(FSCTL_LOCK_VOLUME));
  EXPECT_EQ(h.FsControl(FSCTL_GET_OBJECT_ID, nullptr, 4, nullptr, 0), STATUS_INVALID_PARAMETER);

  // A FAT volume has no object IDs.
  auto fat = Mount(fltctx::io::VolumeSetup::Fat());
  Handle f = fat->Create(L"\\a.txt", FILE_CREATE);
  FILE_OBJECTID_BUFFER got = {};
  EXPECT_EQ(f.FsControl(FSCTL_CREATE_OR_GET_OBJECT_ID, nullptr, 0, &got, sizeof(got)),
            STATUS_INVALID_DEVICE_REQUEST);
}

}  // namespace
}  // namespace fltctx_io_fs_test
