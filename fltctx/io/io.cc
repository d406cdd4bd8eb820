// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/io.cc
// -----------------------------------------------------------------------------
//
// The Volume/Handle API of simulated I/O (test side): builds each request and
// hands it to the volume's filter stack (internal/dispatcher.h), which sends
// it through the filters to the in-memory file system
// (internal/file_system.h).
//
// Lock order: FileSystem::mu_ -> the FilterManager's locks; Dispatcher::mu_
// and the pended-operation locks take no other. No lock is held while a
// filter callback runs (pre/post operation, context cleanup, instance
// callbacks): the file system's lock covers only its own tables, and file
// objects are closed in the core after it is released.

#include "fltctx/io/io.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "fltctx/ecp.h"
#include "fltctx/io/internal/dispatcher.h"
#include "fltctx/io/internal/file_object_refs.h"
#include "fltctx/io/internal/file_system.h"
#include "fltctx/io/internal/issued_target.h"
#include "fltctx/io/internal/request.h"
#include "fltctx/wdk/internal/handles.h"
#include "fltctx/wdk/internal/io_target.h"
#include "fltctx/wdk/internal/name_provider.h"

namespace fltctx {
namespace io {
namespace io_internal {

FileSystemOptions FileSystemOptionsOf(const VolumeSetup& s) {
  FileSystemOptions o;
  o.named_streams = s.named_streams;
  o.paging_files = s.paging_files;
  o.cache_holds_file_objects = s.cache_holds_file_objects;
  o.capacity = s.capacity;
  o.object_ids = s.object_ids;
  // Each volume its own serial number (FileIdInformation, object IDs).
  static std::atomic<ULONGLONG> next_serial{0x5EED0000ULL};
  o.volume_serial_number = next_serial.fetch_add(1);
  return o;
}

// One volume: its filter stack over its file system.
struct VolumeState {
  VolumeState(FilterManager& m, const VolumeSetup& s)
      : manager(m),
        volume(wdk::ToWdk(m.CreateVolume(s.volume))),
        fs(m, volume, FileSystemOptionsOf(s)),
        dispatcher(m, volume, s.post_operation_at_dispatch) {}

  // Sends `req` down the stack to the file system's `op`.
  NTSTATUS Send(Request& req, void (FileSystem::*op)(Request&)) {
    return dispatcher.Send(req, [this, op](Request& r) { (fs.*op)(r); });
  }

  void SendClose(PFILE_OBJECT fo) {
    Request req(IRP_MJ_CLOSE, fo);
    Send(req, &FileSystem::Close);
    fs.DetachTransaction(fo);  // after the post-close callbacks
    manager.RetireFileObject(wdk::ToCore(fo));  // its I/O is over
  }

  FilterManager& manager;
  const PFLT_VOLUME volume;
  FileSystem fs;
  Dispatcher dispatcher;
  uint64_t teardown_observer = 0;
  uint64_t name_provider = 0;
  uint64_t io_target = 0;  // I/O the filters issue (internal/issued_target.h)
};

}  // namespace io_internal

using io_internal::FileSystem;
using io_internal::Request;
using io_internal::VolumeState;

// -----------------------------------------------------------------------------
// VolumeSetup
// -----------------------------------------------------------------------------

VolumeSetup VolumeSetup::Ntfs() { return VolumeSetup(); }

VolumeSetup VolumeSetup::Fat() {
  VolumeSetup s;
  s.volume.name = "\\Device\\HarddiskVolume2";
  s.volume.supports_file_contexts = false;
  s.volume.filter_manager_file_contexts = true;
  s.named_streams = false;
  s.object_ids = false;
  return s;
}

VolumeSetup VolumeSetup::Network() {
  VolumeSetup s;
  s.volume.name = "\\Device\\Mup";
  s.volume.supports_stream_contexts = false;
  s.volume.supports_stream_handle_contexts = false;
  s.volume.supports_file_contexts = false;
  s.volume.filter_manager_file_contexts = false;
  s.volume.supports_data_scan = false;
  return s;
}

// -----------------------------------------------------------------------------
// Volume
// -----------------------------------------------------------------------------

Volume::Volume(FilterManager& manager, VolumeSetup setup)
    : state_(std::make_shared<VolumeState>(manager, setup)) {
  std::weak_ptr<VolumeState> weak = state_;
  state_->teardown_observer = manager.AddTeardownObserver([weak](Instance* instance) {
    if (std::shared_ptr<VolumeState> s = weak.lock()) s->dispatcher.Drain(instance);
  });
  // The filter manager's name queries ask the file system (FltGetFileNameInformation).
  state_->name_provider = wdk::AddNameProvider(state_->volume, [weak](PFILE_OBJECT fo) {
    std::shared_ptr<VolumeState> s = weak.lock();
    return s == nullptr ? wdk::FileNames() : s->fs.NamesOf(fo);
  });
  state_->io_target = wdk::AddIoTarget(
      state_->volume, io_internal::MakeIssuedTarget(
                          state_, manager, state_->volume, state_->fs, state_->dispatcher,
                          io_internal::FactsOf(setup.volume, io_internal::FileSystemOptionsOf(setup))));
}

Volume::~Volume() {
  io_internal::WaitForDeferredCloses();
  ReleaseCache();
  state_->manager.RemoveTeardownObserver(state_->teardown_observer);
  wdk::RemoveNameProvider(state_->name_provider);
  wdk::RemoveIoTarget(state_->io_target);
}

PFLT_VOLUME Volume::volume() const { return state_->volume; }

PFLT_INSTANCE Volume::Attach(PFLT_FILTER filter, const std::string& altitude) {
  return wdk::ToWdk(wdk::ManagerOf(filter).AttachInstance(
      wdk::ToCore(filter), wdk::ToCore(state_->volume), FLTFL_INSTANCE_SETUP_AUTOMATIC_ATTACHMENT,
      altitude));
}

Handle Volume::Create(const std::wstring& name, ULONG disposition, ACCESS_MASK desired_access) {
  CreateRequest request;
  request.name = name;
  request.disposition = disposition;
  request.desired_access = desired_access;
  return Create(request);
}

CreateRequest CreateRequest::ByFileId(LONGLONG file_id) {
  CreateRequest r;
  r.options = FILE_OPEN_BY_FILE_ID;
  r.disposition = FILE_OPEN;
  r.id.assign(reinterpret_cast<const char*>(&file_id), sizeof(file_id));
  return r;
}

CreateRequest CreateRequest::ByObjectId(const UCHAR object_id[16]) {
  CreateRequest r;
  r.options = FILE_OPEN_BY_FILE_ID;
  r.disposition = FILE_OPEN;
  r.id.assign(reinterpret_cast<const char*>(object_id), 16);
  return r;
}

Handle Volume::Create(const CreateRequest& request) {
  Handle h;
  h.volume_ = state_;
  FilterManager& fm = state_->manager;
  // An open by ID names the file by the ID's bytes.
  std::wstring name = request.name;
  if ((request.options & FILE_OPEN_BY_FILE_ID) != 0) {
    name.assign((request.id.size() + sizeof(WCHAR) - 1) / sizeof(WCHAR), L'\0');
    std::memcpy(name.data(), request.id.data(), request.id.size());
  }
  PFILE_OBJECT fo =
      wdk::MakeFileObject(fm, fm.NewFileObject(wdk::ToCore(state_->volume)), name);
  if ((request.options & FILE_OPEN_BY_FILE_ID) != 0) {
    fo->FileName.Length = static_cast<USHORT>(request.id.size());
  }
  if (request.transaction != nullptr) state_->fs.AttachTransaction(fo, request.transaction);
  IO_SECURITY_CONTEXT security = {};
  security.DesiredAccess = request.desired_access;
  Request req(IRP_MJ_CREATE, fo);
  auto& p = req.iopb.Parameters.Create;
  p.SecurityContext = &security;
  p.Options = ((request.disposition & 0xFF) << 24) | (request.options & FILE_VALID_OPTION_FLAGS);
  p.FileAttributes = request.file_attributes;
  p.ShareAccess = request.share_access;
  if (request.ecp_list != nullptr) ecp::SetCreateEcpList(&req.data, request.ecp_list);
  state_->fs.BeginCreate(fo, request.options);
  h.status_ = state_->Send(req, &FileSystem::Create);
  state_->fs.EndCreate(fo);
  // The create is over: its list (the test's, or one a filter set) leaves
  // the callback data.
  ecp::ClearCreateEcpList(&req.data);
  h.information_ = req.data.IoStatus.Information;
  if (NT_SUCCESS(h.status_) && h.status_ != STATUS_REPARSE &&
      FilterManager::IsOpen(wdk::ToCore(fo))) {
    h.file_object_ = fo;
    return h;
  }
  // Failed, reparsed, or completed by a filter without the file system: the
  // file object never opens. If the file system did open it, undo that.
  state_->fs.DetachTransaction(fo);
  if (state_->fs.UndoOpen(fo)) {
    fm.CloseFileObject(wdk::ToCore(fo));
  } else {
    fm.AbandonFileObject(wdk::ToCore(fo));
  }
  fm.RetireFileObject(wdk::ToCore(fo));
  if (NT_SUCCESS(h.status_) && h.status_ != STATUS_REPARSE) h.status_ = STATUS_UNSUCCESSFUL;
  return h;
}

bool Volume::SetReparsePoint(const std::wstring& name, ULONG tag) {
  return state_->fs.SetReparsePoint(name, tag);
}

LONGLONG Volume::FileId(const std::wstring& name) const { return state_->fs.FileIdOf(name); }

void Volume::CompleteTransaction(PKTRANSACTION transaction, bool commit) {
  if (transaction == nullptr) return;
  // The filters hear of it first (their callbacks may still open files of
  // the transaction); then the namespace follows the outcome.
  state_->manager.CompleteTransaction(wdk::ToCore(transaction), commit);
  state_->fs.CompleteTransaction(transaction, commit);
}

size_t Volume::ReleaseCache() {
  const std::vector<PFILE_OBJECT> held = state_->fs.TakeCached();
  for (PFILE_OBJECT fo : held) state_->SendClose(fo);
  return held.size();
}

size_t Volume::CachedFileObjects() const {
  return state_->fs.CachedCount();
}

bool Volume::Exists(const std::wstring& name) const {
  return state_->fs.Exists(name);
}

std::string Volume::Contents(const std::wstring& name) const {
  return state_->fs.Contents(name);
}

void Volume::Dismount() { state_->manager.DismountVolume(wdk::ToCore(state_->volume)); }

// -----------------------------------------------------------------------------
// Handle
// -----------------------------------------------------------------------------

Handle::Handle(Handle&& other) noexcept { *this = std::move(other); }

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    Close();
    volume_ = std::move(other.volume_);
    file_object_ = other.file_object_;
    status_ = other.status_;
    information_ = other.information_;
    cleaned_up_ = other.cleaned_up_;
    closed_ = other.closed_;
    other.file_object_ = nullptr;
    other.status_ = STATUS_INVALID_HANDLE;
  }
  return *this;
}

Handle::~Handle() { Close(); }

NTSTATUS Handle::Write(std::string_view data, LONGLONG offset) {
  if (!is_open()) return STATUS_INVALID_HANDLE;
  std::string buffer(data);
  Request req(IRP_MJ_WRITE, file_object_);
  auto& p = req.iopb.Parameters.Write;
  p.Length = static_cast<ULONG>(buffer.size());
  p.ByteOffset.QuadPart = offset >= 0 ? offset : file_object_->CurrentByteOffset.QuadPart;
  p.WriteBuffer = buffer.data();
  return volume_->Send(req, &FileSystem::Write);
}

NTSTATUS Handle::Read(ULONG length, std::string* out, LONGLONG offset) {
  if (out != nullptr) out->clear();
  if (!is_open()) return STATUS_INVALID_HANDLE;
  // No read returns more than the volume holds (VolumeSetup::capacity).
  length = static_cast<ULONG>(std::min<uint64_t>(length, volume_->fs.capacity()));
  std::string buffer(length, '\0');
  Request req(IRP_MJ_READ, file_object_);
  auto& p = req.iopb.Parameters.Read;
  p.Length = length;
  p.ByteOffset.QuadPart = offset >= 0 ? offset : file_object_->CurrentByteOffset.QuadPart;
  p.ReadBuffer = buffer.data();
  NTSTATUS status = volume_->Send(req, &FileSystem::Read);
  if (out != nullptr && NT_SUCCESS(status)) {
    buffer.resize(std::min<size_t>(req.data.IoStatus.Information, length));
    *out = std::move(buffer);
  }
  return status;
}

NTSTATUS Handle::SetInformation(FILE_INFORMATION_CLASS information_class, void* buffer,
                                ULONG length) {
  if (!is_open()) return STATUS_INVALID_HANDLE;
  Request req(IRP_MJ_SET_INFORMATION, file_object_);
  auto& p = req.iopb.Parameters.SetFileInformation;
  p.Length = length;
  p.FileInformationClass = information_class;
  p.InfoBuffer = buffer;
  if (information_class == FileRenameInformation && buffer != nullptr) {
    p.ReplaceIfExists = static_cast<PFILE_RENAME_INFORMATION>(buffer)->ReplaceIfExists;
  }
  return volume_->Send(req, &FileSystem::SetInformation);
}

NTSTATUS Handle::QueryInformation(FILE_INFORMATION_CLASS information_class, void* buffer,
                                  ULONG length, ULONG_PTR* information) {
  if (information != nullptr) *information = 0;
  if (!is_open()) return STATUS_INVALID_HANDLE;
  Request req(IRP_MJ_QUERY_INFORMATION, file_object_);
  auto& p = req.iopb.Parameters.QueryFileInformation;
  p.Length = length;
  p.FileInformationClass = information_class;
  p.InfoBuffer = buffer;
  NTSTATUS status = volume_->Send(req, &FileSystem::QueryInformation);
  if (information != nullptr) *information = req.data.IoStatus.Information;
  return status;
}

NTSTATUS Handle::QueryBasic(FILE_BASIC_INFORMATION* info) {
  FILE_BASIC_INFORMATION buffer = {};
  NTSTATUS status = QueryInformation(FileBasicInformation, &buffer, sizeof(buffer));
  if (info != nullptr) *info = buffer;
  return status;
}

NTSTATUS Handle::QueryStandard(FILE_STANDARD_INFORMATION* info) {
  FILE_STANDARD_INFORMATION buffer = {};
  NTSTATUS status = QueryInformation(FileStandardInformation, &buffer, sizeof(buffer));
  if (info != nullptr) *info = buffer;
  return status;
}

NTSTATUS Handle::QueryName(std::wstring* name) {
  if (name != nullptr) name->clear();
  // Room for a long name; a longer one is STATUS_BUFFER_OVERFLOW.
  constexpr size_t kBytes = offsetof(FILE_NAME_INFORMATION, FileName) + 1024 * sizeof(WCHAR);
  std::vector<unsigned char> storage(kBytes, 0);
  ULONG_PTR written = 0;
  NTSTATUS status =
      QueryInformation(FileNameInformation, storage.data(), static_cast<ULONG>(kBytes), &written);
  if (name != nullptr && (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW) &&
      written >= offsetof(FILE_NAME_INFORMATION, FileName)) {
    auto* info = reinterpret_cast<PFILE_NAME_INFORMATION>(storage.data());
    const size_t chars = (written - offsetof(FILE_NAME_INFORMATION, FileName)) / sizeof(WCHAR);
    name->assign(info->FileName, chars);
  }
  return status;
}

NTSTATUS Handle::Rename(const std::wstring& new_name, bool replace_if_exists) {
  const size_t bytes =
      offsetof(FILE_RENAME_INFORMATION, FileName) + (new_name.size() + 1) * sizeof(WCHAR);
  std::vector<unsigned char> storage(bytes, 0);
  auto* info = reinterpret_cast<PFILE_RENAME_INFORMATION>(storage.data());
  info->ReplaceIfExists = replace_if_exists ? TRUE : FALSE;
  info->FileNameLength = static_cast<ULONG>(new_name.size() * sizeof(WCHAR));
  std::memcpy(info->FileName, new_name.data(), new_name.size() * sizeof(WCHAR));
  return SetInformation(FileRenameInformation, info, static_cast<ULONG>(bytes));
}

NTSTATUS Handle::Link(const std::wstring& link_name, bool replace_if_exists) {
  const size_t bytes =
      offsetof(FILE_RENAME_INFORMATION, FileName) + (link_name.size() + 1) * sizeof(WCHAR);
  std::vector<unsigned char> storage(bytes, 0);
  auto* info = reinterpret_cast<PFILE_RENAME_INFORMATION>(storage.data());
  info->ReplaceIfExists = replace_if_exists ? TRUE : FALSE;
  info->FileNameLength = static_cast<ULONG>(link_name.size() * sizeof(WCHAR));
  std::memcpy(info->FileName, link_name.data(), link_name.size() * sizeof(WCHAR));
  constexpr auto kFileLinkInformation = static_cast<FILE_INFORMATION_CLASS>(11);
  return SetInformation(kFileLinkInformation, info, static_cast<ULONG>(bytes));
}

NTSTATUS Handle::SetDeleteOnClose(bool delete_file) {
  FILE_DISPOSITION_INFORMATION info = {};
  info.DeleteFile = delete_file ? TRUE : FALSE;
  return SetInformation(FileDispositionInformation, &info, sizeof(info));
}

NTSTATUS Handle::SetDisposition(ULONG flags) {
  FILE_DISPOSITION_INFORMATION_EX info = {};
  info.Flags = flags;
  return SetInformation(FileDispositionInformationEx, &info, sizeof(info));
}

NTSTATUS Handle::QueryFileId(LONGLONG* file_id) {
  FILE_INTERNAL_INFORMATION info = {};
  NTSTATUS status = QueryInformation(FileInternalInformation, &info, sizeof(info));
  if (file_id != nullptr) *file_id = NT_SUCCESS(status) ? info.IndexNumber.QuadPart : -1;
  return status;
}

NTSTATUS Handle::FsControl(ULONG code, const void* input, ULONG input_length, void* output,
                           ULONG output_length, ULONG_PTR* information) {
  if (information != nullptr) *information = 0;
  if (!is_open()) return STATUS_INVALID_HANDLE;
  if ((input_length != 0 && input == nullptr) || (output_length != 0 && output == nullptr)) {
    return STATUS_INVALID_PARAMETER;
  }
  // METHOD_BUFFERED: one system buffer for both directions, as large as the
  // larger of the two.
  std::vector<unsigned char> system_buffer(std::max(input_length, output_length), 0);
  if (input_length != 0) std::memcpy(system_buffer.data(), input, input_length);
  Request req(IRP_MJ_FILE_SYSTEM_CONTROL, file_object_);
  req.iopb.MinorFunction = IRP_MN_USER_FS_REQUEST;
  auto& p = req.iopb.Parameters.FileSystemControl.Buffered;
  p.FsControlCode = code;
  p.InputBufferLength = input_length;
  p.OutputBufferLength = output_length;
  p.SystemBuffer = system_buffer.empty() ? nullptr : system_buffer.data();
  NTSTATUS status = volume_->Send(req, &FileSystem::FileSystemControl);
  const size_t returned = std::min<size_t>(req.data.IoStatus.Information, output_length);
  if (returned != 0) std::memcpy(output, system_buffer.data(), returned);
  if (information != nullptr) *information = returned;
  return status;
}

NTSTATUS Handle::QueryDirectory(FILE_INFORMATION_CLASS information_class, void* buffer,
                                ULONG length, const std::wstring& pattern, UCHAR flags,
                                ULONG_PTR* information) {
  if (information != nullptr) *information = 0;
  if (!is_open()) return STATUS_INVALID_HANDLE;
  std::wstring pattern_copy = pattern;
  UNICODE_STRING file_name = {};
  file_name.Buffer = pattern_copy.data();
  file_name.Length = static_cast<USHORT>(pattern_copy.size() * sizeof(WCHAR));
  file_name.MaximumLength = file_name.Length;
  Request req(IRP_MJ_DIRECTORY_CONTROL, file_object_);
  req.iopb.MinorFunction = IRP_MN_QUERY_DIRECTORY;
  req.iopb.OperationFlags = flags;
  auto& p = req.iopb.Parameters.DirectoryControl.QueryDirectory;
  p.Length = length;
  p.FileName = pattern.empty() ? nullptr : &file_name;
  p.FileInformationClass = information_class;
  p.DirectoryBuffer = buffer;
  NTSTATUS status = volume_->Send(req, &FileSystem::DirectoryControl);
  if (information != nullptr) *information = req.data.IoStatus.Information;
  return status;
}

NTSTATUS Handle::ListDirectory(std::vector<std::wstring>* names, const std::wstring& pattern) {
  if (names != nullptr) names->clear();
  std::vector<unsigned char> buffer(4096, 0);
  for (UCHAR flags = SL_RESTART_SCAN;; flags = 0) {
    ULONG_PTR written = 0;
    // A restart keeps the pattern of the enumeration unless given another:
    // "*" for every name.
    NTSTATUS status =
        QueryDirectory(FileNamesInformation, buffer.data(), static_cast<ULONG>(buffer.size()),
                       pattern.empty() ? std::wstring(L"*") : pattern, flags, &written);
    if (status == STATUS_NO_MORE_FILES) return STATUS_SUCCESS;
    if (!NT_SUCCESS(status)) return status;
    for (size_t offset = 0; names != nullptr && offset < written;) {
      auto* entry = reinterpret_cast<PFILE_NAMES_INFORMATION>(buffer.data() + offset);
      names->emplace_back(entry->FileName, entry->FileNameLength / sizeof(WCHAR));
      if (entry->NextEntryOffset == 0) break;
      offset += entry->NextEntryOffset;
    }
  }
}

NTSTATUS Handle::SetEndOfFile(LONGLONG size) {
  FILE_END_OF_FILE_INFORMATION info = {};
  info.EndOfFile.QuadPart = size;
  return SetInformation(FileEndOfFileInformation, &info, sizeof(info));
}

void Handle::Cleanup() {
  if (file_object_ == nullptr || cleaned_up_) return;
  cleaned_up_ = true;
  Request req(IRP_MJ_CLEANUP, file_object_);
  volume_->Send(req, &FileSystem::Cleanup);
}

void Handle::Close() {
  if (file_object_ == nullptr || closed_) return;
  Cleanup();
  closed_ = true;
  // IRP_MJ_CLOSE when the drivers' ObReferenceObject references go.
  std::weak_ptr<VolumeState> weak = volume_;
  PFILE_OBJECT fo = file_object_;
  if (io_internal::DeferCloseWhileReferenced(fo, [weak, fo] {
        std::shared_ptr<VolumeState> s = weak.lock();
        if (s != nullptr && !s->fs.HoldForCache(fo)) s->SendClose(fo);
      })) {
    return;
  }
  if (volume_->fs.HoldForCache(file_object_)) return;  // IRP_MJ_CLOSE when the cache lets go
  volume_->SendClose(file_object_);
}

}  // namespace io
}  // namespace fltctx
