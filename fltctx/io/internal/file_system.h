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
// and sets its IoStatus; it opens and closes file objects in the core. The
// requests are read as Windows builds them (Iopb fields, buffers, lengths),
// so a request a filter issues itself is answered the same way. The methods
// are spread over file_system.cc (create, read, write, cleanup, close),
// file_system_information.cc (query and set information) and
// file_system_control.cc (directory control, file-system control).
//
// Lock order: FileSystem::mu_ -> the FilterManager's locks. No filter
// callback runs under mu_: the core closes file objects (and so runs context
// cleanup) after mu_ is released.

#ifndef FLTCTX_IO_INTERNAL_FILE_SYSTEM_H_
#define FLTCTX_IO_INTERNAL_FILE_SYSTEM_H_

#include <array>
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
  bool object_ids = true;                    // VolumeSetup::object_ids
  ULONGLONG volume_serial_number = 0;        // FileIdInformation
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
  bool directory = false;       // a directory (no data of its own)
  ULONG attributes = 0;         // FILE_ATTRIBUTE_* given at its create
  LONGLONG id = 0;              // its file ID (FileInternalInformation), unique on the volume
  ULONG reparse_tag = 0;        // non-zero: a reparse point (Volume::SetReparsePoint)
  bool has_object_id = false;   // FSCTL_SET_OBJECT_ID / FSCTL_CREATE_OR_GET_OBJECT_ID
  std::array<BYTE, 64> object_id = {};  // its FILE_OBJECTID_BUFFER
  // The transaction of the create that made it (a rollback unlinks it).
  PKTRANSACTION created_in = nullptr;
  // Times (FILETIME units) from the volume's clock.
  LONGLONG creation_time = 0;
  LONGLONG last_access_time = 0;
  LONGLONG last_write_time = 0;
  LONGLONG change_time = 0;
};

// The transaction of `fo`'s create (its TXN_PARAMETER_BLOCK, which
// FileObjectExtension points at), or NULL.
PKTRANSACTION TransactionOfFileObject(PFILE_OBJECT fo);
// The key of the directory holding `key` ("\\" for "\\a.txt"; empty for
// the root).
std::wstring ParentKey(const std::wstring& key);
// The FILE_ATTRIBUTE_* a query reports for `file`.
ULONG AttributesOf(const File& file);

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
  // IRP_MJ_DIRECTORY_CONTROL, IRP_MN_QUERY_DIRECTORY on a directory's file
  // object (file_system_control.cc).
  void DirectoryControl(Request& req);
  // IRP_MJ_FILE_SYSTEM_CONTROL, IRP_MN_USER_FS_REQUEST: the object-ID
  // FSCTLs; any other code is STATUS_INVALID_DEVICE_REQUEST.
  void FileSystemControl(Request& req);
  void Cleanup(Request& req);
  // Forgets `fo`, then closes it in the core (its contexts' cleanup runs).
  void Close(Request& req);

  // A create of `fo` is about to be sent with these create options (the
  // name queries of its pre-create then know an open by ID); EndCreate
  // forgets them.
  void BeginCreate(PFILE_OBJECT fo, ULONG options);
  void EndCreate(PFILE_OBJECT fo);
  // Gives `fo` a TXN_PARAMETER_BLOCK naming `transaction` (its
  // FileObjectExtension points at it) until DetachTransaction or its close.
  void AttachTransaction(PFILE_OBJECT fo, PKTRANSACTION transaction);
  void DetachTransaction(PFILE_OBJECT fo);

  // Makes `name` a reparse point with `tag` (0: no longer one). Returns
  // false if it does not exist.
  bool SetReparsePoint(const std::wstring& name, ULONG tag);
  // The file ID of `name`, or -1 if it does not exist.
  LONGLONG FileIdOf(const std::wstring& name) const;
  // A commit or rollback of `transaction`: a rollback unlinks the files its
  // creates made (their open handles keep working); both forget it.
  void CompleteTransaction(PKTRANSACTION transaction, bool commit);

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
  // Where a directory enumeration of one file object stands.
  struct Enumeration {
    bool started = false;
    std::wstring pattern;    // upcased; empty: every entry
    int dots_returned = 0;   // "." and ".." (not in the root)
    std::wstring last_key;   // the key of the last entry returned
  };
  struct Opened {
    std::shared_ptr<File> file;
    std::shared_ptr<DataStream> stream;
    std::wstring link;  // the name (of the file's names) it was opened by, renames followed
    uint64_t serial = 0;  // unique per open
    bool delete_on_close = false;  // FILE_DELETE_ON_CLOSE or FILE_DISPOSITION_ON_CLOSE
    bool posix_delete = false;     // FILE_DISPOSITION_POSIX_SEMANTICS set through it
    Enumeration enumeration;
  };
  struct DirectoryEntry;

  // The create's outcome under mu_ (file_system.cc).
  NTSTATUS OpenLocked(PFILE_OBJECT fo, ULONG options, ULONG disposition, ULONG attributes,
                      ACCESS_MASK access, std::shared_ptr<File>* file,
                      std::shared_ptr<DataStream>* ds, ULONG_PTR* information)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The file whose ID (8 bytes) or object ID (16 bytes) `id` is.
  std::shared_ptr<File> FindByIdLocked(const std::wstring& id, NTSTATUS* status) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // True if a directory has entries (names whose parent it is).
  bool HasChildrenLocked(const std::wstring& key) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Takes every name of `file` out of the namespace.
  void UnlinkLocked(File& file) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // FileDispositionInformation(Ex) (file_system_information.cc).
  NTSTATUS SetDispositionLocked(Opened& opened, PFILE_OBJECT fo, ULONG flags)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The entries of the directory `key` after the enumeration's position.
  std::vector<DirectoryEntry> EntriesLocked(const Opened& opened) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  NTSTATUS ObjectIdControlLocked(Opened& opened, ULONG code, PVOID buffer, ULONG in_length,
                                 ULONG out_length, ULONG_PTR* information)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // The spelling of `file`'s name whose key is `key`.
  static std::wstring SpelledLocked(const File& file, const std::wstring& key);
  // Renames (FileRenameInformation) or links (FileLinkInformation) `opened`.
  NTSTATUS RenameOrLinkLocked(Opened& opened, PFILE_RENAME_INFORMATION info, ULONG length,
                              bool link) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // The names under the directory `old_key` (renamed to `target`) move
  // with it.
  void MoveChildrenLocked(const std::wstring& old_key, const std::wstring& target)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
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
  std::unordered_map<PFILE_OBJECT, ULONG> creating_ ABSL_GUARDED_BY(mu_);  // BeginCreate
  std::unordered_map<PFILE_OBJECT, std::unique_ptr<TXN_PARAMETER_BLOCK>> transaction_blocks_
      ABSL_GUARDED_BY(mu_);
  LONGLONG next_file_record_ ABSL_GUARDED_BY(mu_);
  uint64_t next_object_id_ ABSL_GUARDED_BY(mu_) = 0;
  std::unordered_map<PFILE_OBJECT, bool> cache_initialized_ ABSL_GUARDED_BY(mu_);
  std::vector<PFILE_OBJECT> cached_ ABSL_GUARDED_BY(mu_);
  LONGLONG clock_ ABSL_GUARDED_BY(mu_);
  uint64_t next_serial_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_INTERNAL_FILE_SYSTEM_H_
