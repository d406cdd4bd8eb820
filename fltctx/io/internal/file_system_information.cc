// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/file_system_information.cc
// -----------------------------------------------------------------------------
//
// The in-memory file system's IRP_MJ_QUERY_INFORMATION and
// IRP_MJ_SET_INFORMATION (test side, internal to fltctx/io): the classes it
// answers, deletes through FileDispositionInformation(Ex), renames and links.

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <utility>
#include <vector>

#include "fltctx/io/internal/file_system.h"
#include "fltctx/io/internal/names.h"

namespace fltctx {
namespace io {
namespace io_internal {

namespace poolsim_internal = poolsim::poolsim_internal;

namespace {

// FILE_INFORMATION_CLASS FileLinkInformation (its structure has the layout
// of FILE_RENAME_INFORMATION).
constexpr int kFileLinkInformation = 11;

// The simulated file system's allocation unit.
constexpr LONGLONG kClusterSize = 4096;

constexpr ULONG kValidDispositionFlags =
    FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS |
    FILE_DISPOSITION_FORCE_IMAGE_SECTION_CHECK | FILE_DISPOSITION_ON_CLOSE |
    FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE;

}  // namespace

ULONG AttributesOf(const File& file) {
  return file.attributes | (file.reparse_tag != 0 ? FILE_ATTRIBUTE_REPARSE_POINT : 0);
}

NTSTATUS FileSystem::SetDispositionLocked(Opened& opened, PFILE_OBJECT fo, ULONG flags) {
  File& file = *opened.file;
  DataStream& ds = *opened.stream;
  if ((flags & ~kValidDispositionFlags) != 0) return STATUS_INVALID_PARAMETER;
  if (file.unlinked) return STATUS_FILE_DELETED;  // its names are already gone
  const bool del = (flags & FILE_DISPOSITION_DELETE) != 0;
  if (del) {
    if ((file.attributes & FILE_ATTRIBUTE_READONLY) != 0 &&
        (flags & FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE) == 0) {
      return STATUS_CANNOT_DELETE;
    }
    if (Key(file.name) == L"\\") return STATUS_CANNOT_DELETE;  // the root directory
    if (file.directory && HasChildrenLocked(Key(opened.link))) return STATUS_DIRECTORY_NOT_EMPTY;
  }
  if ((flags & FILE_DISPOSITION_ON_CLOSE) != 0) {
    // Sets or clears this file object's delete-on-close state only.
    opened.delete_on_close = del;
    if (del) {
      fo->Flags |= FO_DELETE_ON_CLOSE;
    } else {
      fo->Flags &= ~static_cast<ULONG>(FO_DELETE_ON_CLOSE);
    }
    return STATUS_SUCCESS;
  }
  // Through a named stream only that stream goes; through the unnamed
  // stream, the file.
  (ds.name.empty() ? file.delete_pending : ds.delete_pending) = del;
  opened.posix_delete = del && ds.name.empty() && (flags & FILE_DISPOSITION_POSIX_SEMANTICS) != 0;
  fo->DeletePending = del ? TRUE : FALSE;
  return STATUS_SUCCESS;
}

void FileSystem::SetInformation(Request& req) {
  auto& p = req.iopb.Parameters.SetFileInformation;
  PFILE_OBJECT fo = req.iopb.TargetFileObject;
  poolsim_internal::MutexLock l(&mu_);
  Opened* opened = OpenedLocked(req);
  if (opened == nullptr) return;
  File& file = *opened->file;
  DataStream& ds = *opened->stream;
  NTSTATUS status = STATUS_SUCCESS;
  switch (static_cast<int>(p.FileInformationClass)) {
    case FileDispositionInformation: {
      if (p.Length < sizeof(FILE_DISPOSITION_INFORMATION)) {
        status = STATUS_INFO_LENGTH_MISMATCH;
        break;
      }
      auto* info = static_cast<PFILE_DISPOSITION_INFORMATION>(p.InfoBuffer);
      status = SetDispositionLocked(*opened, fo,
                                    info->DeleteFile != FALSE ? FILE_DISPOSITION_DELETE : 0);
      break;
    }
    case FileDispositionInformationEx: {
      if (p.Length < sizeof(FILE_DISPOSITION_INFORMATION_EX)) {
        status = STATUS_INFO_LENGTH_MISMATCH;
        break;
      }
      status = SetDispositionLocked(
          *opened, fo, static_cast<PFILE_DISPOSITION_INFORMATION_EX>(p.InfoBuffer)->Flags);
      break;
    }
    case FileEndOfFileInformation: {
      if (p.Length < sizeof(FILE_END_OF_FILE_INFORMATION)) {
        status = STATUS_INFO_LENGTH_MISMATCH;
        break;
      }
      auto* info = static_cast<PFILE_END_OF_FILE_INFORMATION>(p.InfoBuffer);
      if (info->EndOfFile.QuadPart < 0 || file.directory) {
        status = STATUS_INVALID_PARAMETER;
        break;
      }
      if (static_cast<uint64_t>(info->EndOfFile.QuadPart) > ds.data.size() &&
          !FitsLocked(ds.data.size(), static_cast<uint64_t>(info->EndOfFile.QuadPart))) {
        status = STATUS_DISK_FULL;
        break;
      }
      ds.data.resize(static_cast<size_t>(info->EndOfFile.QuadPart));
      file.last_write_time = file.change_time = TickLocked();
      break;
    }
    case FileRenameInformation:
    case kFileLinkInformation:
      if (file.unlinked) {
        status = STATUS_FILE_DELETED;  // its names are gone (a POSIX delete)
        break;
      }
      status = RenameOrLinkLocked(*opened, static_cast<PFILE_RENAME_INFORMATION>(p.InfoBuffer),
                                  p.Length, p.FileInformationClass == kFileLinkInformation);
      break;
    default:
      status = STATUS_INVALID_INFO_CLASS;
      break;
  }
  req.data.IoStatus.Status = status;
  req.data.IoStatus.Information = 0;
}

void FileSystem::QueryInformation(Request& req) {
  auto& p = req.iopb.Parameters.QueryFileInformation;
  poolsim_internal::MutexLock l(&mu_);
  req.data.IoStatus.Information = 0;
  Opened* opened = OpenedLocked(req);
  if (opened == nullptr) return;
  const File& file = *opened->file;
  const DataStream& ds = *opened->stream;
  NTSTATUS status = STATUS_SUCCESS;
  ULONG_PTR written = 0;
  switch (p.FileInformationClass) {
    case FileBasicInformation: {
      if (p.Length < sizeof(FILE_BASIC_INFORMATION)) {
        status = STATUS_INFO_LENGTH_MISMATCH;
        break;
      }
      FILE_BASIC_INFORMATION info = {};
      info.CreationTime.QuadPart = file.creation_time;
      info.LastAccessTime.QuadPart = file.last_access_time;
      info.LastWriteTime.QuadPart = file.last_write_time;
      info.ChangeTime.QuadPart = file.change_time;
      info.FileAttributes = AttributesOf(file);
      std::memcpy(p.InfoBuffer, &info, sizeof(info));
      written = sizeof(info);
      break;
    }
    case FileStandardInformation: {
      if (p.Length < sizeof(FILE_STANDARD_INFORMATION)) {
        status = STATUS_INFO_LENGTH_MISMATCH;
        break;
      }
      FILE_STANDARD_INFORMATION info = {};
      const LONGLONG size = file.directory ? 0 : static_cast<LONGLONG>(ds.data.size());
      info.EndOfFile.QuadPart = size;
      info.AllocationSize.QuadPart = (size + kClusterSize - 1) / kClusterSize * kClusterSize;
      // A link marked for deletion is not counted (MS-FSA 2.1.5.12.27).
      info.NumberOfLinks = file.delete_pending || file.unlinked
                               ? 0
                               : static_cast<ULONG>(1 + file.links.size());
      info.DeletePending = file.delete_pending || ds.delete_pending ? TRUE : FALSE;
      info.Directory = file.directory ? TRUE : FALSE;
      std::memcpy(p.InfoBuffer, &info, sizeof(info));
      written = sizeof(info);
      break;
    }
    case FileNameInformation: {
      if (p.Length < sizeof(FILE_NAME_INFORMATION)) {
        status = STATUS_INFO_LENGTH_MISMATCH;
        break;
      }
      const std::wstring name =
          ds.name.empty() ? opened->link : opened->link + L":" + ds.name;
      const size_t bytes = name.size() * sizeof(WCHAR);
      const size_t room = p.Length - offsetof(FILE_NAME_INFORMATION, FileName);
      const size_t copied = std::min(bytes, room) / sizeof(WCHAR) * sizeof(WCHAR);
      auto* info = static_cast<PFILE_NAME_INFORMATION>(p.InfoBuffer);
      info->FileNameLength = static_cast<ULONG>(bytes);
      std::memcpy(info->FileName, name.data(), copied);
      written = offsetof(FILE_NAME_INFORMATION, FileName) + copied;
      if (copied < bytes) status = STATUS_BUFFER_OVERFLOW;
      break;
    }
    case FileInternalInformation: {
      if (p.Length < sizeof(FILE_INTERNAL_INFORMATION)) {
        status = STATUS_INFO_LENGTH_MISMATCH;
        break;
      }
      FILE_INTERNAL_INFORMATION info = {};
      info.IndexNumber.QuadPart = file.id;
      std::memcpy(p.InfoBuffer, &info, sizeof(info));
      written = sizeof(info);
      break;
    }
    case FileIdInformation: {
      if (p.Length < sizeof(FILE_ID_INFORMATION)) {
        status = STATUS_INFO_LENGTH_MISMATCH;
        break;
      }
      // The 64-bit file ID in the low 8 bytes of the 128-bit one, as NTFS.
      FILE_ID_INFORMATION info = {};
      info.VolumeSerialNumber = setup_.volume_serial_number;
      std::memcpy(info.FileId.Identifier, &file.id, sizeof(file.id));
      std::memcpy(p.InfoBuffer, &info, sizeof(info));
      written = sizeof(info);
      break;
    }
    case FileAttributeTagInformation: {
      if (p.Length < sizeof(FILE_ATTRIBUTE_TAG_INFORMATION)) {
        status = STATUS_INFO_LENGTH_MISMATCH;
        break;
      }
      FILE_ATTRIBUTE_TAG_INFORMATION info = {};
      info.FileAttributes = AttributesOf(file);
      info.ReparseTag = file.reparse_tag;
      std::memcpy(p.InfoBuffer, &info, sizeof(info));
      written = sizeof(info);
      break;
    }
    default:
      status = STATUS_INVALID_INFO_CLASS;
      break;
  }
  req.data.IoStatus.Status = status;
  req.data.IoStatus.Information = written;
}

std::wstring FileSystem::SpelledLocked(const File& file, const std::wstring& key) {
  for (const std::wstring& link : file.links) {
    if (Key(link) == key) return link;
  }
  return file.name;
}

NTSTATUS FileSystem::RenameOrLinkLocked(Opened& opened, PFILE_RENAME_INFORMATION info,
                                        ULONG length, bool link) {
  if (length < offsetof(FILE_RENAME_INFORMATION, FileName)) return STATUS_INFO_LENGTH_MISMATCH;
  File& file = *opened.file;
  std::wstring target(info->FileName, info->FileNameLength / sizeof(WCHAR));
  if (!opened.stream->name.empty()) {
    return STATUS_INVALID_PARAMETER;  // stream renames and links are not simulated
  }
  if (target.empty() || target[0] != L'\\' || target.find(L':') != std::wstring::npos) {
    return STATUS_OBJECT_NAME_INVALID;
  }
  if (link && file.directory) return STATUS_FILE_IS_A_DIRECTORY;  // no links to directories
  if (Key(file.name) == L"\\") return STATUS_ACCESS_DENIED;        // the root stays
  const std::wstring key = Key(target);
  const std::wstring old_key = Key(opened.link);
  if (file.directory && key.compare(0, old_key.size() + 1, old_key + L"\\") == 0) {
    return STATUS_INVALID_PARAMETER;  // into its own subtree (a choice)
  }
  auto existing = names_.find(key);
  if (existing != names_.end() && (link || existing->second.get() != &file)) {
    if (!info->ReplaceIfExists || existing->second.get() == &file) {
      return STATUS_OBJECT_NAME_COLLISION;
    }
    // An open target, or a directory, is not replaced.
    if (existing->second->handles > 0 || existing->second->directory) return STATUS_ACCESS_DENIED;
    existing->second->unlinked = true;
    names_.erase(existing);
  }
  if (link) {
    names_[key] = opened.file;
    file.links.push_back(target);
    file.change_time = TickLocked();
    return STATUS_SUCCESS;
  }
  // The link this file object was opened by takes the new name; every file
  // object opened by that link follows it.
  std::shared_ptr<File> keep = opened.file;
  names_.erase(old_key);
  if (Key(file.name) == old_key) {
    file.name = target;
  } else {
    for (std::wstring& l : file.links) {
      if (Key(l) == old_key) l = target;
    }
  }
  names_[key] = std::move(keep);
  for (auto& [fo, o] : open_) {
    if (o.file.get() == &file && Key(o.link) == old_key) o.link = target;
  }
  if (file.directory) MoveChildrenLocked(old_key, target);
  file.change_time = TickLocked();
  return STATUS_SUCCESS;
}

void FileSystem::MoveChildrenLocked(const std::wstring& old_key, const std::wstring& target) {
  // Every name under the directory moves with it: its key, its spelling and
  // the links of the file objects opened by it.
  const std::wstring prefix = old_key + L"\\";
  auto moved = [&](const std::wstring& name) {
    return Key(name).compare(0, prefix.size(), prefix) == 0;
  };
  auto respelled = [&](const std::wstring& name) { return target + name.substr(old_key.size()); };
  std::vector<std::pair<std::wstring, std::shared_ptr<File>>> children;
  for (auto it = names_.begin(); it != names_.end();) {
    if (it->first.compare(0, prefix.size(), prefix) == 0) {
      children.emplace_back(it->first, it->second);
      it = names_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [child_key, child] : children) {
    if (moved(child->name)) child->name = respelled(child->name);
    for (std::wstring& l : child->links) {
      if (moved(l)) l = respelled(l);
    }
    names_[Key(target) + child_key.substr(old_key.size())] = child;
  }
  for (auto& [fo, o] : open_) {
    if (moved(o.link)) o.link = respelled(o.link);
  }
}


}  // namespace io_internal
}  // namespace io
}  // namespace fltctx
