// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/file_system.cc
// -----------------------------------------------------------------------------
//
// The in-memory file system below the filters (test side, internal to
// fltctx/io).

#include "fltctx/io/internal/file_system.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <unordered_set>
#include <utility>

#include "fltctx/io/internal/names.h"
#include "fltctx/wdk/internal/handles.h"

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
// The volume clock starts at 2026-01-01 00:00 UTC (FILETIME) and advances by
// one tick (100 ns) at every change, so times are distinct and ordered.
constexpr LONGLONG kClockStart = 134116992000000000LL;

}  // namespace

FileSystem::FileSystem(FilterManager& manager, PFLT_VOLUME volume, FileSystemOptions options)
    : manager_(manager), volume_(volume), setup_(std::move(options)), clock_(kClockStart) {}

void FileSystem::Create(Request& req) {
  PFILE_OBJECT fo = req.iopb.TargetFileObject;
  const ULONG disposition = req.iopb.Parameters.Create.Options >> 24;
  const std::wstring name = NameOf(fo);
  std::wstring file_name;
  std::wstring stream_name;
  const bool well_formed = SplitStreamName(name, &file_name, &stream_name);
  const std::wstring key = Key(file_name);
  const std::wstring stream_key = Key(stream_name);
  std::shared_ptr<File> file;
  std::shared_ptr<DataStream> ds;
  NTSTATUS status = STATUS_SUCCESS;
  ULONG_PTR information = 0;
  {
    poolsim_internal::MutexLock l(&mu_);
    auto it = names_.find(key);
    const bool exists = it != names_.end();
    if (exists) {
      auto sit = it->second->streams.find(stream_key);
      if (sit != it->second->streams.end()) ds = sit->second;
    }
    if (!well_formed || file_name.empty() || file_name[0] != L'\\' ||
        (!stream_name.empty() && !setup_.named_streams)) {
      status = STATUS_OBJECT_NAME_INVALID;
    } else if (disposition > FILE_MAXIMUM_DISPOSITION) {
      status = STATUS_INVALID_PARAMETER;
    } else if (exists && (it->second->delete_pending || (ds != nullptr && ds->delete_pending))) {
      status = STATUS_DELETE_PENDING;
    } else if (ds != nullptr) {
      file = it->second;
      switch (disposition) {
        case FILE_CREATE:
          status = STATUS_OBJECT_NAME_COLLISION;
          file.reset();
          break;
        case FILE_OPEN:
        case FILE_OPEN_IF:
          information = FILE_OPENED;
          break;
        case FILE_OVERWRITE:
        case FILE_OVERWRITE_IF:
          ds->data.clear();
          file->last_write_time = file->change_time = TickLocked();
          information = FILE_OVERWRITTEN;
          break;
        default:  // FILE_SUPERSEDE
          ds->data.clear();
          file->last_write_time = file->change_time = TickLocked();
          information = FILE_SUPERSEDED;
          break;
      }
    } else if (disposition == FILE_OPEN || disposition == FILE_OVERWRITE) {
      status = STATUS_OBJECT_NAME_NOT_FOUND;
      information = FILE_DOES_NOT_EXIST;
    } else {
      // A new file (with its unnamed stream), a new named stream, or both.
      if (exists) {
        file = it->second;
        file->change_time = TickLocked();
      } else {
        file = std::make_shared<File>();
        file->name = file_name;
        file->creation_time = file->last_access_time = file->last_write_time =
            file->change_time = TickLocked();
        file->streams.emplace(std::wstring(), std::make_shared<DataStream>());
        names_.emplace(key, file);
      }
      auto sit = file->streams.find(stream_key);
      if (sit == file->streams.end()) {
        auto created = std::make_shared<DataStream>();
        created->name = stream_name;
        sit = file->streams.emplace(stream_key, std::move(created)).first;
      }
      ds = sit->second;
      information = FILE_CREATED;
    }
    if (file != nullptr) {
      if (ds->stream == nullptr) {
        StreamOptions so;
        so.name = Narrow(ds->name.empty() ? file->name : file->name + L":" + ds->name);
        // Another stream of the same file shares its file (and file contexts).
        for (const auto& other : file->streams) {
          if (other.second->stream != nullptr) {
            so.same_file_as = other.second->stream;
            break;
          }
        }
        so.paging_file = IsPagingFileLocked(key);
        ds->stream = manager_.CreateStream(wdk::ToCore(volume_), so);
      }
      file->handles++;
      ds->handles++;
      open_.emplace(fo, Opened{file, ds, SpelledLocked(*file, key), ++next_serial_});
    }
  }
  if (file != nullptr) wdk::CompleteFileObjectOpen(fo, ds->stream);
  req.data.IoStatus.Status = status;
  req.data.IoStatus.Information = information;
}

void FileSystem::Read(Request& req) {
  auto& p = req.iopb.Parameters.Read;
  PFILE_OBJECT fo = req.iopb.TargetFileObject;
  poolsim_internal::MutexLock l(&mu_);
  Opened* opened = OpenedLocked(req);
  if (opened == nullptr) return;
  const std::string& data = opened->stream->data;
  const LONGLONG offset = p.ByteOffset.QuadPart;
  InitializeCacheLocked(fo);
  if (offset < 0 || static_cast<uint64_t>(offset) >= data.size()) {
    req.data.IoStatus.Status = STATUS_END_OF_FILE;
    req.data.IoStatus.Information = 0;
    return;
  }
  size_t n = std::min<size_t>(p.Length, data.size() - static_cast<size_t>(offset));
  std::memcpy(p.ReadBuffer, data.data() + offset, n);
  opened->file->last_access_time = TickLocked();
  fo->CurrentByteOffset.QuadPart = offset + static_cast<LONGLONG>(n);
  req.data.IoStatus.Status = STATUS_SUCCESS;
  req.data.IoStatus.Information = n;
}

bool FileSystem::FitsLocked(size_t old_size, uint64_t new_size) const {
  if (new_size > setup_.capacity) return false;
  // Hard links share a File: count each once.
  std::unordered_set<const File*> seen;
  uint64_t used = 0;
  for (const auto& [key, file] : names_) {
    if (!seen.insert(file.get()).second) continue;
    for (const auto& [stream_key, stream] : file->streams) used += stream->data.size();
  }
  return used - old_size + new_size <= setup_.capacity;
}

void FileSystem::Write(Request& req) {
  auto& p = req.iopb.Parameters.Write;
  PFILE_OBJECT fo = req.iopb.TargetFileObject;
  poolsim_internal::MutexLock l(&mu_);
  Opened* opened = OpenedLocked(req);
  if (opened == nullptr) return;
  std::string& data = opened->stream->data;
  const LONGLONG offset = p.ByteOffset.QuadPart;
  if (offset < 0) {
    req.data.IoStatus.Status = STATUS_INVALID_PARAMETER;
    return;
  }
  // offset < 2^63 and Length < 2^32: the end does not wrap.
  const uint64_t end64 = static_cast<uint64_t>(offset) + p.Length;
  if (end64 > data.size() && !FitsLocked(data.size(), end64)) {
    req.data.IoStatus.Status = STATUS_DISK_FULL;
    req.data.IoStatus.Information = 0;
    return;
  }
  InitializeCacheLocked(fo);
  const size_t end = static_cast<size_t>(end64);
  if (data.size() < end) data.resize(end);
  std::memcpy(&data[static_cast<size_t>(offset)], p.WriteBuffer, p.Length);
  File& file = *opened->file;
  file.last_write_time = file.change_time = file.last_access_time = TickLocked();
  fo->CurrentByteOffset.QuadPart = static_cast<LONGLONG>(end);
  req.data.IoStatus.Status = STATUS_SUCCESS;
  req.data.IoStatus.Information = p.Length;
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
      // Through a named stream only that stream goes; through the unnamed
      // stream, the file.
      (ds.name.empty() ? file.delete_pending : ds.delete_pending) = info->DeleteFile != FALSE;
      fo->DeletePending = info->DeleteFile != FALSE ? TRUE : FALSE;
      break;
    }
    case FileEndOfFileInformation: {
      if (p.Length < sizeof(FILE_END_OF_FILE_INFORMATION)) {
        status = STATUS_INFO_LENGTH_MISMATCH;
        break;
      }
      auto* info = static_cast<PFILE_END_OF_FILE_INFORMATION>(p.InfoBuffer);
      if (info->EndOfFile.QuadPart < 0) {
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
      info.FileAttributes = FILE_ATTRIBUTE_ARCHIVE;
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
      const LONGLONG size = static_cast<LONGLONG>(ds.data.size());
      info.EndOfFile.QuadPart = size;
      info.AllocationSize.QuadPart = (size + kClusterSize - 1) / kClusterSize * kClusterSize;
      // A link marked for deletion is not counted (MS-FSA 2.1.5.12.27).
      info.NumberOfLinks = file.delete_pending ? 0 : static_cast<ULONG>(1 + file.links.size());
      info.DeletePending = file.delete_pending || ds.delete_pending ? TRUE : FALSE;
      info.Directory = FALSE;
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
    default:
      status = STATUS_INVALID_INFO_CLASS;
      break;
  }
  req.data.IoStatus.Status = status;
  req.data.IoStatus.Information = written;
}

void FileSystem::Cleanup(Request& req) {
  PFILE_OBJECT fo = req.iopb.TargetFileObject;
  poolsim_internal::MutexLock l(&mu_);
  auto it = open_.find(fo);
  if (it != open_.end()) {
    File& file = *it->second.file;
    DataStream& ds = *it->second.stream;
    if (--ds.handles == 0 && ds.delete_pending && !ds.name.empty()) {
      auto sit = file.streams.find(Key(ds.name));
      if (sit != file.streams.end() && sit->second.get() == &ds) file.streams.erase(sit);
    }
    if (--file.handles == 0 && file.delete_pending && !file.unlinked) {
      // Deviation: every name of the file goes (not only the link deleted).
      file.unlinked = true;
      names_.erase(Key(file.name));
      for (const std::wstring& link : file.links) names_.erase(Key(link));
    }
  }
  req.data.IoStatus.Status = STATUS_SUCCESS;
  req.data.IoStatus.Information = 0;
}

void FileSystem::Close(Request& req) {
  PFILE_OBJECT fo = req.iopb.TargetFileObject;
  {
    poolsim_internal::MutexLock l(&mu_);
    open_.erase(fo);
    cache_initialized_.erase(fo);
  }
  // Contexts are torn down here; their cleanup callbacks run now.
  manager_.CloseFileObject(wdk::ToCore(fo));
  req.data.IoStatus.Status = STATUS_SUCCESS;
  req.data.IoStatus.Information = 0;
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
  const std::wstring key = Key(target);
  auto existing = names_.find(key);
  if (existing != names_.end() && (link || existing->second.get() != &file)) {
    if (!info->ReplaceIfExists || existing->second.get() == &file) {
      return STATUS_OBJECT_NAME_COLLISION;
    }
    if (existing->second->handles > 0) return STATUS_ACCESS_DENIED;  // the target is open
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
  const std::wstring old_key = Key(opened.link);
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
  file.change_time = TickLocked();
  return STATUS_SUCCESS;
}

wdk::FileNames FileSystem::NamesOf(PFILE_OBJECT fo) const {
  wdk::FileNames out;
  poolsim_internal::MutexLock l(&mu_);
  auto it = open_.find(fo);
  if (it != open_.end()) {
    const std::wstring& stream = it->second.stream->name;
    out.normalized = stream.empty() ? it->second.link : it->second.link + L":" + stream;
    out.open_serial = it->second.serial;
    out.found = true;
    return out;
  }
  // Being created: resolve the target.
  std::wstring file_name;
  std::wstring stream_name;
  if (!SplitStreamName(NameOf(fo), &file_name, &stream_name)) return out;
  const std::wstring key = Key(file_name);
  auto fit = names_.find(key);
  if (fit != names_.end()) {
    file_name = SpelledLocked(*fit->second, key);
    auto sit = fit->second->streams.find(Key(stream_name));
    if (sit != fit->second->streams.end() && !stream_name.empty()) stream_name = sit->second->name;
  }
  out.normalized = stream_name.empty() ? file_name : file_name + L":" + stream_name;
  out.found = true;
  return out;
}

FileSystem::Opened* FileSystem::OpenedLocked(Request& req) {
  auto it = open_.find(req.iopb.TargetFileObject);
  if (it != open_.end()) return &it->second;
  req.data.IoStatus.Status = STATUS_FILE_CLOSED;
  return nullptr;
}

bool FileSystem::IsPagingFileLocked(const std::wstring& key) const {
  for (const std::wstring& name : setup_.paging_files) {
    if (Key(name) == key) return true;
  }
  return false;
}

void FileSystem::InitializeCacheLocked(PFILE_OBJECT fo) {
  if (setup_.cache_holds_file_objects) cache_initialized_[fo] = true;
}

bool FileSystem::UndoOpen(PFILE_OBJECT fo) {
  poolsim_internal::MutexLock l(&mu_);
  auto it = open_.find(fo);
  if (it == open_.end()) return false;
  it->second.file->handles--;
  it->second.stream->handles--;
  open_.erase(it);
  return true;
}

bool FileSystem::HoldForCache(PFILE_OBJECT fo) {
  poolsim_internal::MutexLock l(&mu_);
  if (cache_initialized_.count(fo) == 0) return false;
  cached_.push_back(fo);  // IRP_MJ_CLOSE when the cache lets go
  return true;
}

std::vector<PFILE_OBJECT> FileSystem::TakeCached() {
  std::vector<PFILE_OBJECT> held;
  poolsim_internal::MutexLock l(&mu_);
  held.swap(cached_);
  return held;
}

size_t FileSystem::CachedCount() const {
  poolsim_internal::MutexLock l(&mu_);
  return cached_.size();
}

std::shared_ptr<DataStream> FileSystem::FindStreamLocked(const std::wstring& name) const {
  std::wstring file_name;
  std::wstring stream_name;
  if (!SplitStreamName(name, &file_name, &stream_name)) return nullptr;
  auto it = names_.find(Key(file_name));
  if (it == names_.end()) return nullptr;
  auto sit = it->second->streams.find(Key(stream_name));
  return sit == it->second->streams.end() ? nullptr : sit->second;
}

bool FileSystem::Exists(const std::wstring& name) const {
  poolsim_internal::MutexLock l(&mu_);
  return FindStreamLocked(name) != nullptr;
}

std::string FileSystem::Contents(const std::wstring& name) const {
  poolsim_internal::MutexLock l(&mu_);
  std::shared_ptr<DataStream> ds = FindStreamLocked(name);
  return ds == nullptr ? std::string() : ds->data;
}

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx
