// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/io.h
// -----------------------------------------------------------------------------
//
// Simulated I/O for minifilter tests (test side, C++). A Volume is a small
// in-memory file system mounted under the filter manager; a Handle is one
// open of a file on it. Each call sends the I/O request through every
// attached instance's registered pre-operation callbacks (highest altitude
// first), the file system, and the post-operation callbacks (in reverse),
// with FLT_CALLBACK_DATA, FLT_RELATED_OBJECTS and completion contexts as the
// filter manager passes them, and tears contexts down at the moments Windows
// does (docs/simulated-io.md).
//
//   poolsim::Environment env;
//   poolsim::ScopedEnvironment install_env(&env);
//   fltctx::FilterManager fm(env);
//   fltctx::ScopedFilterManager install_fm(&fm);
//   PFLT_FILTER filter;
//   FltRegisterFilter(nullptr, &kRegistration, &filter);   // the driver's code
//   FltStartFiltering(filter);
//   fltctx::io::Volume vol(fm);
//   vol.Attach(filter, "370030");
//   fltctx::io::Handle h = vol.Create(L"\\a.txt");          // IRP_MJ_CREATE
//   h.Write("data");                                        // IRP_MJ_WRITE
//   h.Close();                                              // CLEANUP, CLOSE
//
// Destroy handles and volumes before the FilterManager.

#ifndef FLTCTX_IO_IO_H_
#define FLTCTX_IO_IO_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/wdk/fltkernel.h"

#ifndef STATUS_DISK_FULL
#define STATUS_DISK_FULL ((NTSTATUS)0xC000007FL)
#endif

namespace fltctx {
namespace io {

// VolumeSetup
struct VolumeSetup {
  // The volume kinds of docs/simulated-io.md ("Volume kinds"):
  //   Ntfs():    stream, stream-handle and file contexts; named streams.
  //   Fat():     no file contexts of the file system's own: the filter
  //              manager emulates them on the stream (FltSupportsFileContexts
  //              FALSE, FltSupportsFileContextsEx TRUE); no named streams.
  //   Network(): no stream, stream-handle or file contexts (a network
  //              redirector or pipe without the advanced FCB header):
  //              FltSupportsStreamContexts FALSE, FltGet/SetStreamContext
  //              STATUS_NOT_SUPPORTED.
  static VolumeSetup Ntfs();
  static VolumeSetup Fat();
  static VolumeSetup Network();

  // What the file system supports (stream, stream-handle and file contexts).
  VolumeOptions volume;
  // Whether "\\a.txt:ads" opens a named stream; off, such a name is
  // STATUS_OBJECT_NAME_INVALID (as on FAT).
  bool named_streams = true;
  // Names (e.g. L"\\pagefile.sys") whose streams are paging files: every
  // file-object context on them is STATUS_NOT_SUPPORTED.
  std::vector<std::wstring> paging_files;
  // Post-operation callbacks of read, write, query/set information, cleanup
  // and close run at DISPATCH_LEVEL, as they may when the file system
  // completes the request from a DPC. Post-create and post-operations after
  // FLT_PREOP_SYNCHRONIZE stay at PASSIVE_LEVEL. Off: all at PASSIVE_LEVEL.
  bool post_operation_at_dispatch = false;
  // The cache manager keeps a reference on every file object that did a read
  // or a write (caching is set up on its first one), so closing its handle
  // sends IRP_MJ_CLEANUP but IRP_MJ_CLOSE waits for Volume::ReleaseCache()
  // (or the Volume's destruction). Off: IRP_MJ_CLOSE follows IRP_MJ_CLEANUP.
  bool cache_holds_file_objects = false;
  // The volume's size: what the data of all its streams may hold together. A
  // write or a new end of file beyond it fails with STATUS_DISK_FULL (and
  // changes nothing), as on a full volume; a read longer than the volume is
  // sent with the volume's size as its length. It keeps a test from using up
  // the host's memory with one huge write or truncate.
  uint64_t capacity = uint64_t{256} << 20;
  // Object IDs (FSCTL_CREATE_OR_GET_OBJECT_ID and friends, opens by object
  // ID), as on NTFS; off (Fat()), those FSCTLs are
  // STATUS_INVALID_DEVICE_REQUEST.
  bool object_ids = true;
};

// CreateRequest
//
// Everything an IRP_MJ_CREATE carries that a test may choose. The filters
// see `options` and `disposition` in Iopb->Parameters.Create.Options (the
// disposition in the high 8 bits), `file_attributes` and `share_access` in
// Parameters.Create, `desired_access` in SecurityContext->DesiredAccess.
struct CreateRequest {
  // The name (e.g. L"\\dir\\a.txt"); ignored when `options` has
  // FILE_OPEN_BY_FILE_ID (see ByFileId and ByObjectId).
  std::wstring name;
  ULONG disposition = FILE_OPEN_IF;
  // FILE_DIRECTORY_FILE, FILE_NON_DIRECTORY_FILE, FILE_DELETE_ON_CLOSE,
  // FILE_OPEN_BY_FILE_ID, FILE_OPEN_REPARSE_POINT, ... (the low 24 bits).
  ULONG options = 0;
  // FILE_ATTRIBUTE_* of a file the create makes (FILE_ATTRIBUTE_READONLY,
  // FILE_ATTRIBUTE_HIDDEN, ...).
  USHORT file_attributes = FILE_ATTRIBUTE_NORMAL;
  ACCESS_MASK desired_access = 0x0012019F;  // generic read/write
  USHORT share_access = 0x7;                // read, write, delete
  // The bytes of the file object's FileName for an open by ID: the 8-byte
  // file ID (FileInternalInformation) or the 16-byte object ID.
  std::string id;
  // The transaction the create is part of (fltctx::wdk::CreateTransaction);
  // IoGetTransactionParameterBlock and FltObjects->Transaction give it.
  PKTRANSACTION transaction = nullptr;
  // The extra create parameters the create carries (built by the test with
  // FltAllocateExtraCreateParameterList and friends, as the component that
  // issues the create would): the filters find them with
  // FltGetEcpListFromCallbackData. The test keeps the list and frees it
  // after the create.
  PECP_LIST ecp_list = nullptr;

  // An open by file ID (FILE_OPEN_BY_FILE_ID, FILE_OPEN).
  static CreateRequest ByFileId(LONGLONG file_id);
  // An open by object ID (FILE_OPEN_BY_FILE_ID with a 16-byte name).
  static CreateRequest ByObjectId(const UCHAR object_id[16]);
};

class Handle;

namespace io_internal {
struct VolumeState;
}  // namespace io_internal

// Volume
//
// Thread-safe: handles on one volume may be used from several threads (each
// Handle by one thread at a time). No lock is held while a filter callback
// runs.
class Volume {
 public:
  explicit Volume(FilterManager& manager, VolumeSetup setup = {});
  // Releases the cache manager's file objects (IRP_MJ_CLOSE for each).
  ~Volume();
  Volume(const Volume&) = delete;
  Volume& operator=(const Volume&) = delete;

  PFLT_VOLUME volume() const;

  // Attaches an instance of `filter` at `altitude` (InstanceSetupCallback
  // runs). Returns NULL if the filter refused or cannot attach.
  PFLT_INSTANCE Attach(PFLT_FILTER filter, const std::string& altitude = "0");

  // IRP_MJ_CREATE of `name` (e.g. L"\\dir\\a.txt", case-insensitive) with a
  // create disposition (FILE_OPEN, FILE_CREATE, FILE_OPEN_IF,
  // FILE_OVERWRITE, FILE_OVERWRITE_IF, FILE_SUPERSEDE). Opening an existing
  // file again shares its stream. The returned handle carries the final
  // status; it is open only if that status is a success.
  Handle Create(const std::wstring& name, ULONG disposition = FILE_OPEN_IF,
                ACCESS_MASK desired_access = 0x0012019F /* generic read/write */);
  // The same with create options, attributes, an open by ID or a
  // transaction (docs/simulated-io.md, "Create options"). A create of a
  // reparse point without FILE_OPEN_REPARSE_POINT returns STATUS_REPARSE
  // (IoStatus.Information the reparse tag) and opens nothing.
  Handle Create(const CreateRequest& request);

  // Makes `name` a reparse point with `tag` (e.g. IO_REPARSE_TAG_SYMLINK;
  // 0 makes it an ordinary file again). Returns false if it does not exist.
  bool SetReparsePoint(const std::wstring& name, ULONG tag);
  // The file ID of `name` (what FileInternalInformation gives), or -1.
  LONGLONG FileId(const std::wstring& name) const;
  // Commits or rolls back `transaction`: the enlisted filters' transaction
  // notification callbacks run (TRANSACTION_NOTIFY_COMMIT(_FINALIZE) or
  // TRANSACTION_NOTIFY_ROLLBACK), every transaction context goes, and a
  // rollback takes the files the transaction's creates made on this volume
  // out of the namespace (their open handles keep working).
  void CompleteTransaction(PKTRANSACTION transaction, bool commit);

  // The cache manager lets go of the file objects it held (IRP_MJ_CLOSE for
  // each, in the order their handles were closed). Returns how many.
  size_t ReleaseCache();
  // Returns how many file objects the cache manager holds.
  size_t CachedFileObjects() const;

  // True if `name` exists in the namespace (not deleted, not renamed away).
  bool Exists(const std::wstring& name) const;
  // The contents of `name` (empty if it does not exist).
  std::string Contents(const std::wstring& name) const;

  // Dismounts the volume (instance teardown with VOLUME_DISMOUNT).
  void Dismount();

 private:
  std::shared_ptr<io_internal::VolumeState> state_;
};

// Handle
//
// One open of a file (one FILE_OBJECT). Move-only; destroying an open handle
// closes it. Thread-compatible.
class Handle {
 public:
  Handle() = default;
  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle();

  // The final status of the create, and its IoStatus.Information
  // (FILE_OPENED, FILE_CREATED, ...).
  NTSTATUS status() const { return status_; }
  ULONG_PTR information() const { return information_; }
  // True from a successful create until Close.
  bool is_open() const { return file_object_ != nullptr && !cleaned_up_; }
  // The FILE_OBJECT (valid until the FilterManager is destroyed).
  PFILE_OBJECT file_object() const { return file_object_; }

  // IRP_MJ_WRITE of `data` at `offset` (default: the current position).
  NTSTATUS Write(std::string_view data, LONGLONG offset = -1);
  // IRP_MJ_READ of up to `length` bytes; `*out` receives what was read.
  NTSTATUS Read(ULONG length, std::string* out, LONGLONG offset = -1);
  // IRP_MJ_SET_INFORMATION, FileRenameInformation.
  NTSTATUS Rename(const std::wstring& new_name, bool replace_if_exists = false);
  // IRP_MJ_SET_INFORMATION, FileLinkInformation (11): a hard link, another
  // name of the same file (a FILE_RENAME_INFORMATION-shaped buffer).
  NTSTATUS Link(const std::wstring& link_name, bool replace_if_exists = false);
  // IRP_MJ_SET_INFORMATION, FileDispositionInformation: the file is deleted
  // when its last handle is cleaned up.
  NTSTATUS SetDeleteOnClose(bool delete_file = true);
  // IRP_MJ_SET_INFORMATION, FileDispositionInformationEx with `flags`
  // (FILE_DISPOSITION_DELETE, _POSIX_SEMANTICS, _ON_CLOSE,
  // _IGNORE_READONLY_ATTRIBUTE, ...).
  NTSTATUS SetDisposition(ULONG flags);
  // IRP_MJ_SET_INFORMATION, FileEndOfFileInformation.
  NTSTATUS SetEndOfFile(LONGLONG size);
  // Any IRP_MJ_SET_INFORMATION with a caller-built buffer.
  NTSTATUS SetInformation(FILE_INFORMATION_CLASS information_class, void* buffer, ULONG length);

  // IRP_MJ_QUERY_INFORMATION into a caller-built buffer of `length` bytes;
  // `*information` receives IoStatus.Information (the bytes written).
  // FileBasicInformation, FileStandardInformation, FileNameInformation,
  // FileInternalInformation, FileIdInformation and FileAttributeTagInformation
  // are handled; other classes are STATUS_INVALID_INFO_CLASS.
  NTSTATUS QueryInformation(FILE_INFORMATION_CLASS information_class, void* buffer, ULONG length,
                            ULONG_PTR* information = nullptr);
  // The same, for one class each. QueryName gives the name relative to the
  // volume root (e.g. L"\\b.txt" after a rename).
  NTSTATUS QueryBasic(FILE_BASIC_INFORMATION* info);
  NTSTATUS QueryStandard(FILE_STANDARD_INFORMATION* info);
  NTSTATUS QueryName(std::wstring* name);
  // FileInternalInformation: the file ID.
  NTSTATUS QueryFileId(LONGLONG* file_id);

  // IRP_MJ_FILE_SYSTEM_CONTROL (IRP_MN_USER_FS_REQUEST) with a buffered
  // FSCTL: `input` is copied into the system buffer the filters and the file
  // system see (Parameters.FileSystemControl.Buffered), and what the file
  // system wrote there (IoStatus.Information bytes, at most `output_length`)
  // into `output`. The file system answers FSCTL_CREATE_OR_GET_OBJECT_ID,
  // FSCTL_GET_OBJECT_ID, FSCTL_SET_OBJECT_ID and FSCTL_DELETE_OBJECT_ID;
  // any other code is STATUS_INVALID_DEVICE_REQUEST.
  NTSTATUS FsControl(ULONG code, const void* input, ULONG input_length, void* output,
                     ULONG output_length, ULONG_PTR* information = nullptr);
  // IRP_MJ_DIRECTORY_CONTROL (IRP_MN_QUERY_DIRECTORY) on a directory handle
  // into a caller-built buffer: `pattern` (empty: none) is
  // Parameters.DirectoryControl.QueryDirectory.FileName, `flags`
  // (SL_RESTART_SCAN, SL_RETURN_SINGLE_ENTRY) Iopb->OperationFlags.
  NTSTATUS QueryDirectory(FILE_INFORMATION_CLASS information_class, void* buffer, ULONG length,
                          const std::wstring& pattern = std::wstring(), UCHAR flags = 0,
                          ULONG_PTR* information = nullptr);
  // Every name the directory lists for `pattern` (empty: "*"; with "." and
  // ".."), through FileNamesInformation queries from a restart until
  // STATUS_NO_MORE_FILES.
  // Returns the status of the first query that failed otherwise.
  NTSTATUS ListDirectory(std::vector<std::wstring>* names,
                         const std::wstring& pattern = std::wstring());

  // IRP_MJ_CLEANUP (the last user handle to the file object is closed),
  // then IRP_MJ_CLOSE unless the cache manager holds the file object.
  void Close();
  // IRP_MJ_CLEANUP only; Close() later sends IRP_MJ_CLOSE (as when the
  // memory manager or another component still references the file object).
  void Cleanup();

 private:
  friend class Volume;
  std::shared_ptr<io_internal::VolumeState> volume_;
  PFILE_OBJECT file_object_ = nullptr;
  NTSTATUS status_ = STATUS_INVALID_HANDLE;
  ULONG_PTR information_ = 0;
  bool cleaned_up_ = false;
  bool closed_ = false;
};

}  // namespace io
}  // namespace fltctx

#endif  // FLTCTX_IO_IO_H_
