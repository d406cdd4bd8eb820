// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/file_system.h
// -----------------------------------------------------------------------------
//
// The in-memory file system below the filters (test side, internal to
// fltctx/io): the namespace, files and their data streams, the open file
// objects, the volume clock and the cache manager's hold on file objects.
// Each IRP_MJ_* method carries out one request that reached the file system
// and sets its IoStatus; it opens and closes file objects in the core.
//
// Lock order: FileSystem::mu_ -> the FilterManager's locks. No filter
// callback runs under mu_: the core closes file objects (and so runs context
// cleanup) after mu_ is released.

#ifndef FLTCTX_IO_INTERNAL_FILE_SYSTEM_H_
#define FLTCTX_IO_INTERNAL_FILE_SYSTEM_H_

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/internal/request.h"
#include "fltctx/wdk/internal/name_provider.h"
#include "fltctx/wdk/fltkernel.h"
#include "poolsim/internal/lock.h"

#ifndef STATUS_DISK_FULL
#define STATUS_DISK_FULL ((NTSTATUS)0xC000007FL)
#endif

namespace fltctx {
namespace io {
namespace io_internal {

// What the file system does (from VolumeSetup).
struct FileSystemOptions {
  bool named_streams = true;
  std::vector<std::wstring> paging_files;
  bool cache_holds_file_objects = false;
  uint64_t capacity = uint64_t{256} << 20;  // VolumeSetup::capacity
};

// One data stream of a file: the unnamed one ("") or a named one ("ads").
struct DataStream {
  std::wstring name;
  Stream* stream = nullptr;  // the core stream, made at its first open
  std::string data;
  int handles = 0;           // file objects of this stream not yet cleaned up
  bool delete_pending = false;  // a named stream marked for deletion
};

// One file of the simulated file system: its unnamed stream and any named
// streams (alternate data streams), which share the core's file (and so the
// file contexts).
struct File {
  std::wstring name;
  // Its other names (hard links made with FileLinkInformation).
  std::vector<std::wstring> links;
  std::map<std::wstring, std::shared_ptr<DataStream>> streams;  // by Key(name); "" unnamed
  int handles = 0;       // file objects of any stream not yet cleaned up
  bool delete_pending = false;  // set through the unnamed stream: the file goes
  bool unlinked = false;
  // Times (FILETIME units) from the volume's clock.
  LONGLONG creation_time = 0;
  LONGLONG last_access_time = 0;
  LONGLONG last_write_time = 0;
  LONGLONG change_time = 0;
};

// FileSystem
//
// Thread-safe.
class FileSystem {
 public:
  FileSystem(FilterManager& manager, PFLT_VOLUME volume, FileSystemOptions options);
  FileSystem(const FileSystem&) = delete;
  FileSystem& operator=(const FileSystem&) = delete;

  // The requests, by major function.
  void Create(Request& req);
  void Read(Request& req);
  void Write(Request& req);
  void SetInformation(Request& req);
  // IRP_MJ_QUERY_INFORMATION. A buffer shorter than the class's fixed part is
  // STATUS_INFO_LENGTH_MISMATCH; a name that does not fit is truncated with
  // STATUS_BUFFER_OVERFLOW (FileNameLength still gives its full length).
  void QueryInformation(Request& req);
  void Cleanup(Request& req);
  // Forgets `fo`, then closes it in the core (its contexts' cleanup runs).
  void Close(Request& req);

  // Undoes the open of `fo` by Create (a filter failed the create above the
  // file system). Returns false if the file system did not open it.
  bool UndoOpen(PFILE_OBJECT fo);

  // The cache hold. If caching was set up on `fo` (its first read or write,
  // with cache_holds_file_objects), keeps it (in close order) and returns
  // true: its IRP_MJ_CLOSE waits for TakeCached.
  bool HoldForCache(PFILE_OBJECT fo);
  // Lets go of every file object held, returning them in the order held.
  std::vector<PFILE_OBJECT> TakeCached();
  size_t CachedCount() const;
  uint64_t capacity() const { return setup_.capacity; }

  // The name of `fo` now, for the filter manager's name queries
  // (fltctx/wdk/internal/name_provider.h): the link it was opened by, after
  // renames, with its stream; for a file object being created, the target
  // as the namespace resolves it.
  wdk::FileNames NamesOf(PFILE_OBJECT fo) const;

  // True if `name` (a file, or "file:stream") exists in the namespace.
  bool Exists(const std::wstring& name) const;
  // Its contents (empty if it does not exist).
  std::string Contents(const std::wstring& name) const;

 private:
  struct Opened {
    std::shared_ptr<File> file;
    std::shared_ptr<DataStream> stream;
    std::wstring link;  // the name (of the file's names) it was opened by, renames followed
    uint64_t serial = 0;  // unique per open
  };

  // The spelling of `file`'s name whose key is `key`.
  static std::wstring SpelledLocked(const File& file, const std::wstring& key);
  // Renames (FileRenameInformation) or links (FileLinkInformation) `opened`.
  NTSTATUS RenameOrLinkLocked(Opened& opened, PFILE_RENAME_INFORMATION info, ULONG length,
                              bool link) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // The open of the request's file object; none: STATUS_FILE_CLOSED.
  Opened* OpenedLocked(Request& req) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  LONGLONG TickLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return ++clock_; }
  bool IsPagingFileLocked(const std::wstring& key) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // True if a stream of `old_size` bytes may grow to `new_size` without the
  // volume's streams holding more than setup_.capacity bytes together.
  bool FitsLocked(size_t old_size, uint64_t new_size) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void InitializeCacheLocked(PFILE_OBJECT fo) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::shared_ptr<DataStream> FindStreamLocked(const std::wstring& name) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  FilterManager& manager_;
  const PFLT_VOLUME volume_;
  const FileSystemOptions setup_;

  mutable poolsim::poolsim_internal::Mutex mu_;
  std::map<std::wstring, std::shared_ptr<File>> names_ ABSL_GUARDED_BY(mu_);  // by Key(name)
  std::unordered_map<PFILE_OBJECT, Opened> open_ ABSL_GUARDED_BY(mu_);
  std::unordered_map<PFILE_OBJECT, bool> cache_initialized_ ABSL_GUARDED_BY(mu_);
  std::vector<PFILE_OBJECT> cached_ ABSL_GUARDED_BY(mu_);
  LONGLONG clock_ ABSL_GUARDED_BY(mu_);
  uint64_t next_serial_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_INTERNAL_FILE_SYSTEM_H_
