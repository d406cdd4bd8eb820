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

// File IDs as NTFS spells them: a sequence number in the high 16 bits and
// a file record number; the root directory is record 5, the files made
// later get records from 64 on, with sequence number 1.
constexpr LONGLONG kRootFileId = (LONGLONG{5} << 48) | 5;
constexpr LONGLONG kFileIdSequence = LONGLONG{1} << 48;
constexpr LONGLONG kFirstFileRecord = 64;
// The size of an object ID (the name of an open by object ID).
constexpr size_t kObjectIdBytes = 16;
// The volume clock starts at 2026-01-01 00:00 UTC (FILETIME) and advances by
// one tick (100 ns) at every change, so times are distinct and ordered.
constexpr LONGLONG kClockStart = 134116992000000000LL;

}  // namespace

FileSystem::FileSystem(FilterManager& manager, PFLT_VOLUME volume, FileSystemOptions options)
    : manager_(manager),
      volume_(volume),
      setup_(std::move(options)),
      next_file_record_(kFirstFileRecord),
      clock_(kClockStart) {
  // The root directory, which always exists.
  auto root = std::make_shared<File>();
  root->name = L"\\";
  root->directory = true;
  root->attributes = FILE_ATTRIBUTE_DIRECTORY;
  root->id = kRootFileId;
  root->creation_time = root->last_access_time = root->last_write_time = root->change_time =
      kClockStart;
  root->streams.emplace(std::wstring(), std::make_shared<DataStream>());
  poolsim_internal::MutexLock l(&mu_);
  names_.emplace(L"\\", std::move(root));
}

PKTRANSACTION TransactionOfFileObject(PFILE_OBJECT fo) {
  if (fo == nullptr || fo->FileObjectExtension == nullptr) return nullptr;
  return static_cast<PKTRANSACTION>(
      static_cast<PTXN_PARAMETER_BLOCK>(fo->FileObjectExtension)->TransactionObject);
}

std::wstring ParentKey(const std::wstring& key) {
  const size_t slash = key.rfind(L'\\');
  if (slash == std::wstring::npos || key == L"\\") return std::wstring();
  return slash == 0 ? std::wstring(L"\\") : key.substr(0, slash);
}

void FileSystem::BeginCreate(PFILE_OBJECT fo, ULONG options) {
  poolsim_internal::MutexLock l(&mu_);
  creating_[fo] = options;
}

void FileSystem::EndCreate(PFILE_OBJECT fo) {
  poolsim_internal::MutexLock l(&mu_);
  creating_.erase(fo);
}

void FileSystem::AttachTransaction(PFILE_OBJECT fo, PKTRANSACTION transaction) {
  auto block = std::make_unique<TXN_PARAMETER_BLOCK>();
  block->Length = sizeof(TXN_PARAMETER_BLOCK);
  block->TxFsContext = TXF_MINIVERSION_DEFAULT_VIEW;
  block->TransactionObject = transaction;
  poolsim_internal::MutexLock l(&mu_);
  fo->FileObjectExtension = block.get();
  transaction_blocks_[fo] = std::move(block);
}

void FileSystem::DetachTransaction(PFILE_OBJECT fo) {
  poolsim_internal::MutexLock l(&mu_);
  if (transaction_blocks_.erase(fo) != 0) fo->FileObjectExtension = nullptr;
}

std::shared_ptr<File> FileSystem::FindByIdLocked(const std::wstring& id, NTSTATUS* status) const {
  const size_t bytes = id.size() * sizeof(wchar_t);
  if (bytes != sizeof(LONGLONG) && bytes != kObjectIdBytes) {
    *status = STATUS_INVALID_PARAMETER;
    return nullptr;
  }
  for (const auto& [key, file] : names_) {
    if (bytes == sizeof(LONGLONG)) {
      if (std::memcmp(id.data(), &file->id, sizeof(LONGLONG)) == 0) return file;
    } else if (file->has_object_id &&
               std::memcmp(id.data(), file->object_id.data(), kObjectIdBytes) == 0) {
      return file;
    }
  }
  // An unknown file reference is an invalid parameter on NTFS; an unknown
  // object ID names nothing.
  *status = bytes == sizeof(LONGLONG) ? STATUS_INVALID_PARAMETER : STATUS_OBJECT_NAME_NOT_FOUND;
  return nullptr;
}

bool FileSystem::HasChildrenLocked(const std::wstring& key) const {
  for (const auto& entry : names_) {
    if (entry.first != key && ParentKey(entry.first) == key) return true;
  }
  return false;
}

void FileSystem::UnlinkLocked(File& file) {
  if (file.unlinked) return;
  file.unlinked = true;
  std::vector<std::wstring> names = file.links;
  names.push_back(file.name);
  for (const std::wstring& name : names) {
    auto it = names_.find(Key(name));
    if (it != names_.end() && it->second.get() == &file) names_.erase(it);
  }
}

NTSTATUS FileSystem::OpenLocked(PFILE_OBJECT fo, ULONG options, ULONG disposition,
                                ULONG attributes, ACCESS_MASK access,
                                std::shared_ptr<File>* out_file,
                                std::shared_ptr<DataStream>* out_ds, ULONG_PTR* information) {
  const bool want_directory = (options & FILE_DIRECTORY_FILE) != 0;
  const bool want_file = (options & FILE_NON_DIRECTORY_FILE) != 0;
  const bool delete_on_close = (options & FILE_DELETE_ON_CLOSE) != 0;
  if (disposition > FILE_MAXIMUM_DISPOSITION || (want_directory && want_file) ||
      (want_directory && disposition != FILE_CREATE && disposition != FILE_OPEN &&
       disposition != FILE_OPEN_IF) ||
      (delete_on_close && (access & (DELETE | GENERIC_ALL | MAXIMUM_ALLOWED)) == 0)) {
    return STATUS_INVALID_PARAMETER;
  }
  std::shared_ptr<File> file;
  std::wstring key;
  std::wstring file_name;
  std::wstring stream_name;
  if (options & FILE_OPEN_BY_FILE_ID) {
    if (disposition == FILE_CREATE) return STATUS_INVALID_PARAMETER;
    NTSTATUS status = STATUS_SUCCESS;
    file = FindByIdLocked(NameOf(fo), &status);
    if (file == nullptr) return status;
    file_name = file->name;
    key = Key(file_name);
  } else {
    const bool well_formed = SplitStreamName(NameOf(fo), &file_name, &stream_name);
    if (!well_formed || file_name.empty() || file_name[0] != L'\\' ||
        (!stream_name.empty() && !setup_.named_streams)) {
      return STATUS_OBJECT_NAME_INVALID;
    }
    key = Key(file_name);
    auto it = names_.find(key);
    if (it != names_.end()) file = it->second;
  }
  const std::wstring stream_key = Key(stream_name);
  std::shared_ptr<DataStream> ds;
  if (file != nullptr) {
    auto sit = file->streams.find(stream_key);
    if (sit != file->streams.end()) ds = sit->second;
    if (file->delete_pending || (ds != nullptr && ds->delete_pending)) {
      return STATUS_DELETE_PENDING;
    }
    if (file->reparse_tag != 0 && (options & FILE_OPEN_REPARSE_POINT) == 0) {
      *information = file->reparse_tag;  // the I/O manager reparses
      return STATUS_REPARSE;
    }
    if (file->directory) {
      if (!stream_name.empty()) return STATUS_OBJECT_NAME_INVALID;  // no streams on directories
      if (want_file) return STATUS_FILE_IS_A_DIRECTORY;
      if (disposition == FILE_CREATE) return STATUS_OBJECT_NAME_COLLISION;
      if (disposition != FILE_OPEN && disposition != FILE_OPEN_IF) {
        return STATUS_FILE_IS_A_DIRECTORY;  // a directory has no data to overwrite
      }
    } else if (want_directory) {
      return STATUS_NOT_A_DIRECTORY;
    }
    if (delete_on_close && (file->attributes & FILE_ATTRIBUTE_READONLY) != 0) {
      return STATUS_CANNOT_DELETE;
    }
  }
  if (ds != nullptr) {
    switch (disposition) {
      case FILE_CREATE:
        return STATUS_OBJECT_NAME_COLLISION;
      case FILE_OPEN:
      case FILE_OPEN_IF:
        *information = FILE_OPENED;
        break;
      case FILE_OVERWRITE:
      case FILE_OVERWRITE_IF:
        ds->data.clear();
        file->last_write_time = file->change_time = TickLocked();
        *information = FILE_OVERWRITTEN;
        break;
      default:  // FILE_SUPERSEDE
        ds->data.clear();
        file->last_write_time = file->change_time = TickLocked();
        *information = FILE_SUPERSEDED;
        break;
    }
    *out_file = std::move(file);
    *out_ds = std::move(ds);
    return STATUS_SUCCESS;
  }
  if (disposition == FILE_OPEN || disposition == FILE_OVERWRITE) {
    *information = FILE_DOES_NOT_EXIST;
    return STATUS_OBJECT_NAME_NOT_FOUND;
  }
  if (file == nullptr) {
    // A new file (or directory). A parent that is not a directory, or one
    // being deleted, refuses it; a parent never created is allowed.
    auto parent = names_.find(ParentKey(key));
    if (parent != names_.end()) {
      if (!parent->second->directory) return STATUS_OBJECT_PATH_NOT_FOUND;
      if (parent->second->delete_pending) return STATUS_DELETE_PENDING;
    }
    if (want_directory && !stream_name.empty()) return STATUS_OBJECT_NAME_INVALID;
    if (delete_on_close && (attributes & FILE_ATTRIBUTE_READONLY) != 0) {
      return STATUS_CANNOT_DELETE;
    }
    file = std::make_shared<File>();
    file->name = file_name;
    file->directory = want_directory;
    file->attributes = (attributes & FILE_ATTRIBUTE_VALID_SET_FLAGS & ~FILE_ATTRIBUTE_NORMAL) |
                       (want_directory ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE);
    file->id = kFileIdSequence | next_file_record_++;
    file->created_in = TransactionOfFileObject(fo);
    file->creation_time = file->last_access_time = file->last_write_time = file->change_time =
        TickLocked();
    file->streams.emplace(std::wstring(), std::make_shared<DataStream>());
    names_.emplace(key, file);
  } else {
    file->change_time = TickLocked();  // a new named stream of an existing file
  }
  auto sit = file->streams.find(stream_key);
  if (sit == file->streams.end()) {
    auto created = std::make_shared<DataStream>();
    created->name = stream_name;
    sit = file->streams.emplace(stream_key, std::move(created)).first;
  }
  *information = FILE_CREATED;
  *out_ds = sit->second;
  *out_file = std::move(file);
  return STATUS_SUCCESS;
}

void FileSystem::Create(Request& req) {
  PFILE_OBJECT fo = req.iopb.TargetFileObject;
  const auto& p = req.iopb.Parameters.Create;
  const ULONG options = p.Options & FILE_VALID_OPTION_FLAGS;
  const ULONG disposition = p.Options >> 24;
  const ACCESS_MASK access = p.SecurityContext != nullptr ? p.SecurityContext->DesiredAccess : 0;
  std::shared_ptr<File> file;
  std::shared_ptr<DataStream> ds;
  ULONG_PTR information = 0;
  NTSTATUS status;
  {
    poolsim_internal::MutexLock l(&mu_);
    status = OpenLocked(fo, options, disposition, p.FileAttributes, access, &file, &ds,
                        &information);
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
        so.paging_file = IsPagingFileLocked(Key(file->name));
        ds->stream = manager_.CreateStream(wdk::ToCore(volume_), so);
      }
      file->handles++;
      ds->handles++;
      Opened opened;
      opened.file = file;
      opened.stream = ds;
      opened.link = SpelledLocked(*file, Key(file->name));
      opened.serial = ++next_serial_;
      if (!(options & FILE_OPEN_BY_FILE_ID)) {
        std::wstring file_name;
        std::wstring stream_name;
        SplitStreamName(NameOf(fo), &file_name, &stream_name);
        opened.link = SpelledLocked(*file, Key(file_name));
      }
      opened.delete_on_close = (options & FILE_DELETE_ON_CLOSE) != 0;
      if (opened.delete_on_close) fo->Flags |= FO_DELETE_ON_CLOSE;
      open_.emplace(fo, std::move(opened));
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
  if (opened->file->directory) {
    req.data.IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;  // no data to read
    return;
  }
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
  if (opened->file->directory) {
    req.data.IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;  // no data to write
    return;
  }
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

void FileSystem::Cleanup(Request& req) {
  PFILE_OBJECT fo = req.iopb.TargetFileObject;
  poolsim_internal::MutexLock l(&mu_);
  auto it = open_.find(fo);
  if (it != open_.end()) {
    Opened& opened = it->second;
    File& file = *opened.file;
    DataStream& ds = *opened.stream;
    // Delete-on-close marks the file (or the stream) for deletion now.
    if (opened.delete_on_close) {
      (ds.name.empty() ? file.delete_pending : ds.delete_pending) = true;
      fo->DeletePending = TRUE;
    }
    // A POSIX delete takes the name out of the namespace at the cleanup of
    // the handle that set it; the other handles keep working.
    if (opened.posix_delete && file.delete_pending) UnlinkLocked(file);
    if (--ds.handles == 0 && ds.delete_pending && !ds.name.empty()) {
      auto sit = file.streams.find(Key(ds.name));
      if (sit != file.streams.end() && sit->second.get() == &ds) file.streams.erase(sit);
    }
    // Deviation: every name of the file goes (not only the link deleted).
    if (--file.handles == 0 && file.delete_pending) UnlinkLocked(file);
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
  // Being created by ID: no name until the file system opens it.
  auto creating = creating_.find(fo);
  if (creating != creating_.end() && (creating->second & FILE_OPEN_BY_FILE_ID) != 0) return out;
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

bool FileSystem::SetReparsePoint(const std::wstring& name, ULONG tag) {
  poolsim_internal::MutexLock l(&mu_);
  auto it = names_.find(Key(name));
  if (it == names_.end()) return false;
  it->second->reparse_tag = tag;
  it->second->change_time = TickLocked();
  return true;
}

LONGLONG FileSystem::FileIdOf(const std::wstring& name) const {
  poolsim_internal::MutexLock l(&mu_);
  auto it = names_.find(Key(name));
  return it == names_.end() ? -1 : it->second->id;
}

void FileSystem::CompleteTransaction(PKTRANSACTION transaction, bool commit) {
  poolsim_internal::MutexLock l(&mu_);
  std::vector<std::shared_ptr<File>> made;
  for (const auto& [key, file] : names_) {
    if (file->created_in == transaction) made.push_back(file);
  }
  for (const std::shared_ptr<File>& file : made) {
    file->created_in = nullptr;
    if (!commit) UnlinkLocked(*file);
  }
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
