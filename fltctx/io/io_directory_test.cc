// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/io_directory_test.cc
// -----------------------------------------------------------------------------
//
// Directory queries (IRP_MJ_DIRECTORY_CONTROL, IRP_MN_QUERY_DIRECTORY)
// through simulated I/O, seen by the C observer filter: the classes, the
// pattern, SL_RESTART_SCAN and SL_RETURN_SINGLE_ENTRY, and the statuses.

#include <cstddef>
#include <string>
#include <vector>

#include "fltctx/io/io_fs_test_fixture.h"

namespace fltctx_io_fs_test {
namespace {

using fltctx::io::Handle;

class DirectoryTest : public FileSystemTest {
 protected:
  void SetUp() override {
    vol_ = Mount();
    ASSERT_EQ(vol_->Create(L"\\b.log", FILE_CREATE).status(), STATUS_SUCCESS);
    Handle a = vol_->Create(L"\\a.txt", FILE_CREATE);
    ASSERT_EQ(a.Write("12345"), STATUS_SUCCESS);
    ASSERT_EQ(vol_->Create(Request(L"\\Sub", FILE_CREATE, FILE_DIRECTORY_FILE)).status(),
              STATUS_SUCCESS);
    ASSERT_EQ(vol_->Create(L"\\Sub\\c.txt", FILE_CREATE).status(), STATUS_SUCCESS);
  }
  Handle OpenDirectory(const std::wstring& name) {
    return vol_->Create(Request(name, FILE_OPEN, FILE_DIRECTORY_FILE));
  }
  std::unique_ptr<fltctx::io::Volume> vol_;
};

TEST_F(DirectoryTest, ListsTheEntriesOfTheDirectoryInOrder) {
  Handle root = OpenDirectory(L"\\");
  ASSERT_EQ(root.status(), STATUS_SUCCESS);
  std::vector<std::wstring> names;
  ASSERT_EQ(root.ListDirectory(&names), STATUS_SUCCESS);
  // The root has no "." and "..".
  EXPECT_EQ(names, (std::vector<std::wstring>{L"a.txt", L"b.log", L"Sub"}));
  Handle sub = OpenDirectory(L"\\sub");
  ASSERT_EQ(sub.ListDirectory(&names), STATUS_SUCCESS);
  EXPECT_EQ(names, (std::vector<std::wstring>{L".", L"..", L"c.txt"}));
  ASSERT_EQ(root.ListDirectory(&names, L"*.TXT"), STATUS_SUCCESS);
  EXPECT_EQ(names, (std::vector<std::wstring>{L"a.txt"}));
  ASSERT_EQ(root.ListDirectory(&names, L"?.log"), STATUS_SUCCESS);
  EXPECT_EQ(names, (std::vector<std::wstring>{L"b.log"}));
  // A name that leaves the namespace leaves the listing.
  Handle doomed = vol_->Create(L"\\b.log", FILE_OPEN);
  ASSERT_EQ(doomed.SetDisposition(FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS),
            STATUS_SUCCESS);
  doomed.Close();
  ASSERT_EQ(root.ListDirectory(&names), STATUS_SUCCESS);
  EXPECT_EQ(names, (std::vector<std::wstring>{L"a.txt", L"Sub"}));
}

TEST_F(DirectoryTest, FiltersSeeTheQueryAndTheAnswer) {
  Handle root = OpenDirectory(L"\\");
  std::vector<unsigned char> buffer(1024);
  ULONG_PTR written = 0;
  ASSERT_EQ(root.QueryDirectory(FileNamesInformation, buffer.data(),
                                static_cast<ULONG>(buffer.size()), L"*.txt",
                                SL_RESTART_SCAN | SL_RETURN_SINGLE_ENTRY, &written),
            STATUS_SUCCESS);
  const FSO_RECORD* pre = Last(IRP_MJ_DIRECTORY_CONTROL, false);
  ASSERT_NE(pre, nullptr);
  EXPECT_EQ(pre->Minor, IRP_MN_QUERY_DIRECTORY);
  EXPECT_EQ(pre->OperationFlags, SL_RESTART_SCAN | SL_RETURN_SINGLE_ENTRY);
  EXPECT_EQ(pre->InformationClass, static_cast<ULONG>(FileNamesInformation));
  EXPECT_EQ(W(pre->Pattern), L"*.txt");
  const FSO_RECORD* post = Last(IRP_MJ_DIRECTORY_CONTROL, true);
  EXPECT_EQ(post->Status, STATUS_SUCCESS);
  EXPECT_EQ(post->Information, written);
  EXPECT_EQ(W(post->FirstEntry), L"a.txt");
  EXPECT_EQ(written, offsetof(FILE_NAMES_INFORMATION, FileName) + 5 * sizeof(WCHAR));
}

TEST_F(DirectoryTest, EntriesCarryTheFilesInformation) {
  Handle root = OpenDirectory(L"\\");
  std::vector<unsigned char> buffer(4096);
  ULONG_PTR written = 0;
  ASSERT_EQ(root.QueryDirectory(FileIdBothDirectoryInformation, buffer.data(),
                                static_cast<ULONG>(buffer.size()), L"", 0, &written),
            STATUS_SUCCESS);
  auto* first = reinterpret_cast<PFILE_ID_BOTH_DIR_INFORMATION>(buffer.data());
  EXPECT_EQ(std::wstring(first->FileName, first->FileNameLength / sizeof(WCHAR)), L"a.txt");
  EXPECT_EQ(first->EndOfFile.QuadPart, 5);
  EXPECT_EQ(first->AllocationSize.QuadPart, 4096);
  EXPECT_EQ(first->FileAttributes, ULONG{FILE_ATTRIBUTE_ARCHIVE});
  EXPECT_EQ(first->FileId.QuadPart, vol_->FileId(L"\\a.txt"));
  EXPECT_EQ(first->ShortNameLength, 0);
  // Entries start on 8-byte boundaries; the last has NextEntryOffset 0.
  ASSERT_NE(first->NextEntryOffset, 0u);
  EXPECT_EQ(first->NextEntryOffset % 8, 0u);
  auto* second =
      reinterpret_cast<PFILE_ID_BOTH_DIR_INFORMATION>(buffer.data() + first->NextEntryOffset);
  auto* third =
      reinterpret_cast<PFILE_ID_BOTH_DIR_INFORMATION>(reinterpret_cast<unsigned char*>(second) +
                                                      second->NextEntryOffset);
  EXPECT_EQ(std::wstring(third->FileName, third->FileNameLength / sizeof(WCHAR)), L"Sub");
  EXPECT_EQ(third->FileAttributes, ULONG{FILE_ATTRIBUTE_DIRECTORY});
  EXPECT_EQ(third->NextEntryOffset, 0u);
  EXPECT_EQ(written, static_cast<size_t>(reinterpret_cast<unsigned char*>(third) -
                                         buffer.data()) +
                         offsetof(FILE_ID_BOTH_DIR_INFORMATION, FileName) + 3 * sizeof(WCHAR));
  // The enumeration is at its end.
  EXPECT_EQ(root.QueryDirectory(FileIdBothDirectoryInformation, buffer.data(),
                                static_cast<ULONG>(buffer.size())),
            STATUS_NO_MORE_FILES);
  EXPECT_EQ(Last(IRP_MJ_DIRECTORY_CONTROL, true)->Information, 0u);

  // The other classes.
  for (FILE_INFORMATION_CLASS c : {FileDirectoryInformation, FileFullDirectoryInformation,
                                   FileBothDirectoryInformation}) {
    ASSERT_EQ(root.QueryDirectory(c, buffer.data(), static_cast<ULONG>(buffer.size()), L"a*",
                                  SL_RESTART_SCAN, &written),
              STATUS_SUCCESS)
        << c;
    auto* d = reinterpret_cast<PFILE_DIRECTORY_INFORMATION>(buffer.data());
    EXPECT_EQ(d->EndOfFile.QuadPart, 5) << c;
    EXPECT_EQ(d->NextEntryOffset, 0u) << c;
  }
}

TEST_F(DirectoryTest, StatusesOfTheQuery) {
  Handle root = OpenDirectory(L"\\");
  std::vector<unsigned char> buffer(4096);
  const ULONG size = static_cast<ULONG>(buffer.size());
  // No match on the first query, then nothing more.
  EXPECT_EQ(root.QueryDirectory(FileNamesInformation, buffer.data(), size, L"*.none"),
            STATUS_NO_SUCH_FILE);
  EXPECT_EQ(root.QueryDirectory(FileNamesInformation, buffer.data(), size),
            STATUS_NO_MORE_FILES);
  // A restart with another pattern starts over with it.
  EXPECT_EQ(root.QueryDirectory(FileNamesInformation, buffer.data(), size, L"b*",
                                SL_RESTART_SCAN),
            STATUS_SUCCESS);
  // A buffer shorter than the fixed part, and one that cuts the first name.
  EXPECT_EQ(root.QueryDirectory(FileNamesInformation, buffer.data(), 4, L"*", SL_RESTART_SCAN),
            STATUS_INFO_LENGTH_MISMATCH);
  ULONG_PTR written = 0;
  const ULONG cut = offsetof(FILE_NAMES_INFORMATION, FileName) + 2 * sizeof(WCHAR);
  // (A restart without a pattern would keep "b*": "*" replaces it.)
  EXPECT_EQ(root.QueryDirectory(FileNamesInformation, buffer.data(), cut, L"*", SL_RESTART_SCAN,
                                &written),
            STATUS_BUFFER_OVERFLOW);
  EXPECT_EQ(written, cut);
  auto* entry = reinterpret_cast<PFILE_NAMES_INFORMATION>(buffer.data());
  EXPECT_EQ(entry->FileNameLength, 5 * sizeof(WCHAR));  // the full length of "a.txt"
  // The entry was not consumed: the next query returns it.
  ASSERT_EQ(root.QueryDirectory(FileNamesInformation, buffer.data(), size, L"", 0), STATUS_SUCCESS);
  EXPECT_EQ(std::wstring(entry->FileName, entry->FileNameLength / sizeof(WCHAR)), L"a.txt");
  // Classes the file system does not answer, and a file's handle.
  EXPECT_EQ(root.QueryDirectory(FileStandardInformation, buffer.data(), size),
            STATUS_INVALID_INFO_CLASS);
  Handle file = vol_->Create(L"\\a.txt", FILE_OPEN);
  EXPECT_EQ(file.QueryDirectory(FileNamesInformation, buffer.data(), size),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(Last(IRP_MJ_DIRECTORY_CONTROL, true)->Status, STATUS_INVALID_PARAMETER);
}

TEST_F(DirectoryTest, ARenamedDirectoryTakesItsEntriesAlong) {
  Handle inner = vol_->Create(L"\\sub\\c.txt", FILE_OPEN);
  ASSERT_EQ(inner.status(), STATUS_SUCCESS);
  Handle sub = OpenDirectory(L"\\Sub");
  EXPECT_EQ(sub.Link(L"\\Other"), STATUS_FILE_IS_A_DIRECTORY);
  EXPECT_EQ(sub.Rename(L"\\Sub\\Deeper"), STATUS_INVALID_PARAMETER);
  ASSERT_EQ(sub.Rename(L"\\Moved"), STATUS_SUCCESS);
  EXPECT_FALSE(vol_->Exists(L"\\Sub\\c.txt"));
  EXPECT_TRUE(vol_->Exists(L"\\Moved\\c.txt"));
  std::wstring name;
  ASSERT_EQ(inner.QueryName(&name), STATUS_SUCCESS);
  EXPECT_EQ(name, L"\\Moved\\c.txt");
  std::vector<std::wstring> names;
  ASSERT_EQ(sub.ListDirectory(&names), STATUS_SUCCESS);
  EXPECT_EQ(names, (std::vector<std::wstring>{L".", L"..", L"c.txt"}));
  // A directory is not replaced by a rename, and the root is not renamed.
  Handle other = vol_->Create(L"\\x.txt", FILE_CREATE);
  other.Close();
  Handle x = vol_->Create(L"\\x.txt", FILE_OPEN);
  EXPECT_EQ(x.Rename(L"\\Moved", /*replace_if_exists=*/true), STATUS_ACCESS_DENIED);
  Handle root = OpenDirectory(L"\\");
  EXPECT_EQ(root.Rename(L"\\r"), STATUS_ACCESS_DENIED);
}

}  // namespace
}  // namespace fltctx_io_fs_test
