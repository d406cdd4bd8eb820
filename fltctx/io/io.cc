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
#include <cstddef>
#include <cstring>
#include <utility>
#include <vector>

#include "fltctx/io/internal/dispatcher.h"
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
  Handle h;
  h.volume_ = state_;
  FilterManager& fm = state_->manager;
  PFILE_OBJECT fo =
      wdk::MakeFileObject(fm, fm.NewFileObject(wdk::ToCore(state_->volume)), name);
  IO_SECURITY_CONTEXT security = {};
  security.DesiredAccess = desired_access;
  Request req(IRP_MJ_CREATE, fo);
  req.iopb.Parameters.Create.SecurityContext = &security;
  req.iopb.Parameters.Create.Options = (disposition & 0xFF) << 24;
  req.iopb.Parameters.Create.ShareAccess = 0x7;  // read, write, delete
  h.status_ = state_->Send(req, &FileSystem::Create);
  h.information_ = req.data.IoStatus.Information;
  if (NT_SUCCESS(h.status_) && FilterManager::IsOpen(wdk::ToCore(fo))) {
    h.file_object_ = fo;
    return h;
  }
  // Failed, or completed by a filter without the file system: the file
  // object never opens. If the file system did open it, undo that.
  if (state_->fs.UndoOpen(fo)) {
    fm.CloseFileObject(wdk::ToCore(fo));
  } else {
    fm.AbandonFileObject(wdk::ToCore(fo));
  }
  if (NT_SUCCESS(h.status_)) h.status_ = STATUS_UNSUCCESSFUL;
  return h;
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
  if (volume_->fs.HoldForCache(file_object_)) return;  // IRP_MJ_CLOSE when the cache lets go
  volume_->SendClose(file_object_);
}

}  // namespace io
}  // namespace fltctx
