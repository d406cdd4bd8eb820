// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/file_system_control.cc
// -----------------------------------------------------------------------------
//
// The in-memory file system's IRP_MJ_DIRECTORY_CONTROL (directory queries)
// and IRP_MJ_FILE_SYSTEM_CONTROL (the object-ID FSCTLs) (test side,
// internal to fltctx/io).

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <cwctype>
#include <vector>

#include "fltctx/io/internal/file_system.h"
#include "fltctx/io/internal/names.h"

#ifndef STATUS_DUPLICATE_NAME
#define STATUS_DUPLICATE_NAME ((NTSTATUS)0xC00000BDL)
#endif

namespace fltctx {
namespace io {
namespace io_internal {

namespace poolsim_internal = poolsim::poolsim_internal;

namespace {

constexpr LONGLONG kClusterSize = 4096;
constexpr ULONG kObjectIdBufferBytes = sizeof(FILE_OBJECTID_BUFFER);  // 64
constexpr ULONG kObjectIdBytes = 16;

std::wstring Upcase(const std::wstring& s) {
  std::wstring out = s;
  for (wchar_t& c : out) c = static_cast<wchar_t>(std::towupper(c));
  return out;
}

// `name` matches `pattern` (both upcased): '*' any run, '?' one character.
bool Matches(const wchar_t* pattern, const wchar_t* name) {
  for (;;) {
    if (*pattern == L'\0') return *name == L'\0';
    if (*pattern == L'*') {
      for (const wchar_t* n = name;; ++n) {
        if (Matches(pattern + 1, n)) return true;
        if (*n == L'\0') return false;
      }
    }
    if (*name == L'\0') return false;
    if (*pattern != L'?' && *pattern != *name) return false;
    ++pattern;
    ++name;
  }
}

// The offset of FileName in the entry of `information_class`, or 0 if the
// class is not a directory-query class the file system answers.
size_t FixedPartOf(int information_class) {
  switch (information_class) {
    case FileDirectoryInformation:
      return offsetof(FILE_DIRECTORY_INFORMATION, FileName);
    case FileFullDirectoryInformation:
      return offsetof(FILE_FULL_DIR_INFORMATION, FileName);
    case FileBothDirectoryInformation:
      return offsetof(FILE_BOTH_DIR_INFORMATION, FileName);
    case FileNamesInformation:
      return offsetof(FILE_NAMES_INFORMATION, FileName);
    case FileIdBothDirectoryInformation:
      return offsetof(FILE_ID_BOTH_DIR_INFORMATION, FileName);
    default:
      return 0;
  }
}

// Fills the fixed part of a FILE_*_DIR_INFORMATION-shaped entry: the common
// head (times, sizes, attributes, name length) every directory class shares.
template <typename Info>
void FillCommon(Info* info, const File& file, ULONG name_bytes) {
  info->CreationTime.QuadPart = file.creation_time;
  info->LastAccessTime.QuadPart = file.last_access_time;
  info->LastWriteTime.QuadPart = file.last_write_time;
  info->ChangeTime.QuadPart = file.change_time;
  LONGLONG size = 0;
  auto unnamed = file.streams.find(std::wstring());
  if (!file.directory && unnamed != file.streams.end()) {
    size = static_cast<LONGLONG>(unnamed->second->data.size());
  }
  info->EndOfFile.QuadPart = size;
  info->AllocationSize.QuadPart = (size + kClusterSize - 1) / kClusterSize * kClusterSize;
  info->FileAttributes = AttributesOf(file);
  info->FileNameLength = name_bytes;
}

// The entry of `file` (listed as `name`) in `information_class`'s layout,
// NextEntryOffset 0.
std::vector<unsigned char> EncodeEntry(int information_class, const File& file,
                                       const std::wstring& name) {
  const size_t fixed = FixedPartOf(information_class);
  const ULONG name_bytes = static_cast<ULONG>(name.size() * sizeof(WCHAR));
  std::vector<unsigned char> entry(fixed + name_bytes, 0);
  void* head = entry.data();
  switch (information_class) {
    case FileDirectoryInformation:
      FillCommon(static_cast<PFILE_DIRECTORY_INFORMATION>(head), file, name_bytes);
      break;
    case FileFullDirectoryInformation:
      FillCommon(static_cast<PFILE_FULL_DIR_INFORMATION>(head), file, name_bytes);
      break;
    case FileBothDirectoryInformation:
      FillCommon(static_cast<PFILE_BOTH_DIR_INFORMATION>(head), file, name_bytes);
      break;
    case FileIdBothDirectoryInformation: {
      auto* info = static_cast<PFILE_ID_BOTH_DIR_INFORMATION>(head);
      FillCommon(info, file, name_bytes);
      info->FileId.QuadPart = file.id;
      break;
    }
    default:  // FileNamesInformation
      static_cast<PFILE_NAMES_INFORMATION>(head)->FileNameLength = name_bytes;
      break;
  }
  if (name_bytes != 0) std::memcpy(entry.data() + fixed, name.data(), name_bytes);
  return entry;
}

size_t Align8(size_t n) { return (n + 7) & ~size_t{7}; }

}  // namespace

// One entry of a directory listing: "." and ".." first (not in the root),
// then the names whose parent the directory is, in the order of their keys.
struct FileSystem::DirectoryEntry {
  int dot = 0;           // 1: ".", 2: "..", 0: a name
  std::wstring key;      // for a name: its key
  std::wstring name;     // as listed (the last component, as spelled)
  const File* file = nullptr;
};

std::vector<FileSystem::DirectoryEntry> FileSystem::EntriesLocked(const Opened& opened) const {
  const Enumeration& e = opened.enumeration;
  const std::wstring dir_key = Key(opened.link);
  std::vector<DirectoryEntry> out;
  auto keep = [&](DirectoryEntry entry) {
    if (e.pattern.empty() || Matches(e.pattern.c_str(), Upcase(entry.name).c_str())) {
      out.push_back(std::move(entry));
    }
  };
  if (dir_key != L"\\") {
    // ".." is the parent directory, or the directory itself if its parent was
    // never created (docs/simulated-io.md, "Directory queries").
    const File* parent = opened.file.get();
    auto pit = names_.find(ParentKey(dir_key));
    if (pit != names_.end()) parent = pit->second.get();
    if (e.dots_returned < 1) keep(DirectoryEntry{1, std::wstring(), L".", opened.file.get()});
    if (e.dots_returned < 2) keep(DirectoryEntry{2, std::wstring(), L"..", parent});
  }
  for (const auto& [key, file] : names_) {
    if (key == dir_key || ParentKey(key) != dir_key) continue;
    if (!e.last_key.empty() && key <= e.last_key) continue;
    const std::wstring spelled = SpelledLocked(*file, key);
    keep(DirectoryEntry{0, key, spelled.substr(spelled.rfind(L'\\') + 1), file.get()});
  }
  return out;
}

void FileSystem::DirectoryControl(Request& req) {
  auto& p = req.iopb.Parameters.DirectoryControl.QueryDirectory;
  req.data.IoStatus.Information = 0;
  if (req.iopb.MinorFunction != IRP_MN_QUERY_DIRECTORY) {
    // Change notifications are not simulated.
    req.data.IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    return;
  }
  poolsim_internal::MutexLock l(&mu_);
  Opened* opened = OpenedLocked(req);
  if (opened == nullptr) return;
  NTSTATUS status = STATUS_SUCCESS;
  const size_t fixed = FixedPartOf(static_cast<int>(p.FileInformationClass));
  if (!opened->file->directory) {
    status = STATUS_INVALID_PARAMETER;
  } else if (fixed == 0) {
    status = STATUS_INVALID_INFO_CLASS;
  } else if (p.Length < fixed) {
    status = STATUS_INFO_LENGTH_MISMATCH;
  } else if (p.DirectoryBuffer == nullptr) {
    status = STATUS_INVALID_PARAMETER;
  }
  if (status != STATUS_SUCCESS) {
    req.data.IoStatus.Status = status;
    return;
  }
  Enumeration& e = opened->enumeration;
  const UCHAR flags = req.iopb.OperationFlags;
  bool first = false;
  if (!e.started || (flags & SL_RESTART_SCAN) != 0) {
    // The pattern of the first query stays for the enumeration; a restart
    // with a pattern replaces it.
    const PUNICODE_STRING pattern = p.FileName;
    if (!e.started || (pattern != nullptr && pattern->Length != 0)) {
      e.pattern.clear();
      if (pattern != nullptr && pattern->Buffer != nullptr) {
        e.pattern = Upcase(std::wstring(pattern->Buffer, pattern->Length / sizeof(WCHAR)));
      }
      if (e.pattern == L"*") e.pattern.clear();
    }
    e.started = true;
    e.dots_returned = 0;
    e.last_key.clear();
    first = true;
  }
  auto* buffer = static_cast<unsigned char*>(p.DirectoryBuffer);
  size_t end = 0;          // the end of the last entry written
  size_t last_start = 0;   // where the last entry written starts
  size_t count = 0;
  for (const DirectoryEntry& entry : EntriesLocked(*opened)) {
    const std::vector<unsigned char> bytes =
        EncodeEntry(static_cast<int>(p.FileInformationClass), *entry.file, entry.name);
    const size_t start = count == 0 ? 0 : Align8(end);
    if (start + bytes.size() > p.Length) {
      if (count == 0) {
        // The first entry does not fit: its fixed part and as much of the
        // name as fits, STATUS_BUFFER_OVERFLOW; the entry is not consumed.
        const size_t room = (p.Length - fixed) / sizeof(WCHAR) * sizeof(WCHAR);
        std::memcpy(buffer, bytes.data(), fixed + room);
        status = STATUS_BUFFER_OVERFLOW;
        end = fixed + room;
      }
      break;
    }
    std::memcpy(buffer + start, bytes.data(), bytes.size());
    if (count != 0) {
      // NextEntryOffset is every class's first member.
      const ULONG next = static_cast<ULONG>(start - last_start);
      std::memcpy(buffer + last_start, &next, sizeof(next));
    }
    last_start = start;
    end = start + bytes.size();
    ++count;
    if (entry.dot != 0) {
      e.dots_returned = entry.dot;
    } else {
      e.dots_returned = 2;
      e.last_key = entry.key;
    }
    if ((flags & SL_RETURN_SINGLE_ENTRY) != 0) break;
  }
  if (count == 0 && status == STATUS_SUCCESS) {
    status = first ? STATUS_NO_SUCH_FILE : STATUS_NO_MORE_FILES;
    end = 0;
  }
  opened->file->last_access_time = TickLocked();
  req.data.IoStatus.Status = status;
  req.data.IoStatus.Information = end;
}

NTSTATUS FileSystem::ObjectIdControlLocked(Opened& opened, ULONG code, PVOID buffer,
                                           ULONG in_length, ULONG out_length,
                                           ULONG_PTR* information) {
  File& file = *opened.file;
  auto* bytes = static_cast<BYTE*>(buffer);
  switch (code) {
    case FSCTL_GET_OBJECT_ID:
      if (out_length < kObjectIdBufferBytes || bytes == nullptr) return STATUS_INVALID_PARAMETER;
      if (!file.has_object_id) return STATUS_OBJECTID_NOT_FOUND;
      std::memcpy(bytes, file.object_id.data(), kObjectIdBufferBytes);
      *information = kObjectIdBufferBytes;
      return STATUS_SUCCESS;
    case FSCTL_CREATE_OR_GET_OBJECT_ID:
      if (out_length < kObjectIdBufferBytes || bytes == nullptr) return STATUS_INVALID_PARAMETER;
      if (!file.has_object_id) {
        // A new ID unique on the volume: the volume's serial number and a
        // counter. The birth volume ID is the volume's serial number, the
        // birth object ID the new ID, the domain ID empty.
        FILE_OBJECTID_BUFFER made = {};
        const uint64_t serial = setup_.volume_serial_number;
        const uint64_t n = ++next_object_id_;
        std::memcpy(made.ObjectId, &serial, sizeof(serial));
        std::memcpy(made.ObjectId + sizeof(serial), &n, sizeof(n));
        std::memcpy(made.BirthVolumeId, &serial, sizeof(serial));
        std::memcpy(made.BirthObjectId, made.ObjectId, kObjectIdBytes);
        std::memcpy(file.object_id.data(), &made, sizeof(made));
        file.has_object_id = true;
        file.change_time = TickLocked();
      }
      std::memcpy(bytes, file.object_id.data(), kObjectIdBufferBytes);
      *information = kObjectIdBufferBytes;
      return STATUS_SUCCESS;
    case FSCTL_SET_OBJECT_ID:
      if (in_length != kObjectIdBufferBytes || bytes == nullptr) return STATUS_INVALID_PARAMETER;
      if (file.has_object_id) return STATUS_OBJECT_NAME_COLLISION;
      for (const auto& [key, other] : names_) {
        if (other->has_object_id &&
            std::memcmp(other->object_id.data(), bytes, kObjectIdBytes) == 0) {
          return STATUS_DUPLICATE_NAME;
        }
      }
      std::memcpy(file.object_id.data(), bytes, kObjectIdBufferBytes);
      file.has_object_id = true;
      file.change_time = TickLocked();
      return STATUS_SUCCESS;
    default:  // FSCTL_DELETE_OBJECT_ID: none to delete is a success
      if (file.has_object_id) {
        file.has_object_id = false;
        file.object_id = {};
        file.change_time = TickLocked();
      }
      return STATUS_SUCCESS;
  }
}

void FileSystem::FileSystemControl(Request& req) {
  auto& p = req.iopb.Parameters.FileSystemControl.Buffered;
  req.data.IoStatus.Information = 0;
  if (req.iopb.MinorFunction != IRP_MN_USER_FS_REQUEST) {
    req.data.IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;  // mount, verify, ...
    return;
  }
  poolsim_internal::MutexLock l(&mu_);
  Opened* opened = OpenedLocked(req);
  if (opened == nullptr) return;
  NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
  ULONG_PTR information = 0;
  switch (p.FsControlCode) {
    case FSCTL_GET_OBJECT_ID:
    case FSCTL_CREATE_OR_GET_OBJECT_ID:
    case FSCTL_SET_OBJECT_ID:
    case FSCTL_DELETE_OBJECT_ID:
      // Only volumes with object IDs (NTFS) implement them.
      if (setup_.object_ids) {
        status = ObjectIdControlLocked(*opened, p.FsControlCode, p.SystemBuffer,
                                       p.InputBufferLength, p.OutputBufferLength, &information);
      }
      break;
    default:
      break;
  }
  req.data.IoStatus.Status = status;
  req.data.IoStatus.Information = information;
}

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx
