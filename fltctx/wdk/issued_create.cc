// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/issued_create.cc
// -----------------------------------------------------------------------------
//
// The WDK-named creates a filter issues and their closes (compat layer):
// FltCreateFile, FltCreateFileEx, FltCreateFileEx2, FltClose and
// FltCancelFileOpen. A create finds its volume from the name (or the
// instance), makes the FILE_OBJECT on it, sends IRP_MJ_CREATE below the
// instance, and on success opens a handle (internal/file_handles.h).
// Rules: docs/issued-io.md.

#include <cwctype>
#include <string>

#include "fltctx/ecp.h"
#include "fltctx/filter_manager.h"
#include "fltctx/live_handles.h"
#include "fltctx/wdk/internal/bugchecks.h"
#include "fltctx/wdk/internal/file_handles.h"
#include "fltctx/wdk/internal/handles.h"
#include "fltctx/wdk/internal/issued_common.h"
#include "fltctx/wdk/issued_io.h"
#include "ob/objects.h"
#include "poolsim/environment.h"

namespace fi = fltctx::fltctx_internal;
using fltctx::FilterManager;
using poolsim::PointerAccess;

namespace {

constexpr ULONG kValidCreateFlags = IO_FORCE_ACCESS_CHECK | IO_OPEN_TARGET_DIRECTORY |
                                    IO_STOP_ON_SYMLINK | IO_NO_PARAMETER_CHECKING |
                                    IO_IGNORE_SHARE_ACCESS_CHECK;

std::wstring Lower(std::wstring s) {
  for (wchar_t& c : s) c = static_cast<wchar_t>(std::towlower(static_cast<wint_t>(c)));
  return s;
}

std::wstring VolumeName(PFLT_VOLUME volume) {
  const std::string& n = FilterManager::OptionsOf(fltctx::wdk::ToCore(volume)).name;
  return std::wstring(n.begin(), n.end());
}

// Splits a full name into the part after the volume's device name. False if
// `full` is not on `volume`.
bool OnVolume(const std::wstring& full, PFLT_VOLUME volume, std::wstring* rest) {
  const std::wstring device = VolumeName(volume);
  if (full.size() < device.size() || Lower(full.substr(0, device.size())) != Lower(device)) {
    return false;
  }
  if (full.size() > device.size() && full[device.size()] != L'\\') return false;
  *rest = full.substr(device.size());
  return true;
}

// The issued create of FltCreateFile, FltCreateFileEx and FltCreateFileEx2.
NTSTATUS Create(const char* api, PFLT_FILTER filter, PFLT_INSTANCE instance, PHANDLE handle_out,
                PFILE_OBJECT* file_object_out, ACCESS_MASK desired_access,
                POBJECT_ATTRIBUTES attributes, PIO_STATUS_BLOCK iosb,
                PLARGE_INTEGER allocation_size, ULONG file_attributes, ULONG share_access,
                ULONG disposition, ULONG options, PVOID ea_buffer, ULONG ea_length, ULONG flags,
                PIO_DRIVER_CREATE_CONTEXT driver_context) {
  if (!fi::CheckIssuedIrql(api, instance, poolsim::kPassiveLevel) ||
      !fi::CheckArgument(filter, api, "Filter", PointerAccess::kRead) ||
      !fi::CheckLiveHandle(filter, fltctx::HandleKind::kFilter, api, "Filter") ||
      !fi::CheckLiveHandle(instance, fltctx::HandleKind::kInstance, api, "Instance") ||
      !fi::CheckArgument(handle_out, api, "FileHandle", PointerAccess::kWrite) ||
      !fi::CheckArgument(attributes, api, "ObjectAttributes", PointerAccess::kRead) ||
      !fi::CheckArgument(iosb, api, "IoStatusBlock", PointerAccess::kWrite) ||
      (ea_length > 0 && !fi::CheckArgument(ea_buffer, api, "EaBuffer", PointerAccess::kRead))) {
    return STATUS_INVALID_PARAMETER;
  }
  *handle_out = nullptr;
  if (file_object_out != nullptr) *file_object_out = nullptr;
  iosb->Information = 0;
  auto fail = [iosb](NTSTATUS status) {
    iosb->Status = status;
    return status;
  };
  if (disposition > FILE_MAXIMUM_DISPOSITION || (options & ~FILE_VALID_OPTION_FLAGS) != 0 ||
      (flags & ~kValidCreateFlags) != 0 ||
      (instance != nullptr && fltctx::wdk::ToWdk(FilterManager::FilterOf(
                                  fltctx::wdk::ToCore(instance))) != filter) ||
      (driver_context != nullptr && driver_context->Size != sizeof(IO_DRIVER_CREATE_CONTEXT))) {
    return fail(STATUS_INVALID_PARAMETER);
  }
  // The driver create context: an ECP list, a transaction.
  void* ecp_list = driver_context != nullptr ? driver_context->ExtraCreateParameter : nullptr;
  PTXN_PARAMETER_BLOCK txn = driver_context != nullptr ? driver_context->TxnParameters : nullptr;
  if (txn != nullptr && (!fi::CheckArgument(txn, api, "DriverContext->TxnParameters",
                                            PointerAccess::kRead) ||
                         !fi::CheckLiveHandle(txn->TransactionObject,
                                              fltctx::HandleKind::kTransaction, api,
                                              "DriverContext->TxnParameters"))) {
    return STATUS_INVALID_PARAMETER;
  }
  if ((ecp_list != nullptr && !fltctx::ecp::IsList(ecp_list)) ||
      (txn != nullptr && (txn->Length != sizeof(TXN_PARAMETER_BLOCK) ||
                          txn->TransactionObject == nullptr))) {
    return fail(STATUS_INVALID_PARAMETER);
  }
  PUNICODE_STRING object_name = attributes->ObjectName;
  if (object_name == nullptr || object_name->Length == 0 || object_name->Buffer == nullptr ||
      object_name->Length % sizeof(WCHAR) != 0) {
    return fail(STATUS_OBJECT_NAME_INVALID);
  }
  const std::wstring full(object_name->Buffer, object_name->Length / sizeof(WCHAR));
  FilterManager& manager = fltctx::wdk::ManagerOf(filter);

  // The volume: the root directory's, the instance's, or the one the name is on.
  PFLT_VOLUME volume = nullptr;
  PFILE_OBJECT related = nullptr;
  std::wstring name;
  if (attributes->RootDirectory != nullptr) {
    fi::FileHandleFacts root;
    if (!fi::LookupFileHandle(attributes->RootDirectory, &root)) {
      return fail(STATUS_INVALID_HANDLE);
    }
    volume = root.volume;
    related = root.file_object;
    name = full;  // relative to the root directory, as the file system resolves it
  } else {
    if (instance != nullptr) {
      volume = fltctx::wdk::ToWdk(FilterManager::VolumeOf(fltctx::wdk::ToCore(instance)));
      if (!OnVolume(full, volume, &name)) return fail(STATUS_INVALID_DEVICE_OBJECT_PARAMETER);
    } else {
      for (PFLT_VOLUME v : fltctx::wdk::IoTargetVolumes()) {
        if (FilterManager::ManagerOf(fltctx::wdk::ToCore(v)) == &manager &&
            OnVolume(full, v, &name)) {
          volume = v;
          break;
        }
      }
      if (volume == nullptr) return fail(STATUS_OBJECT_PATH_NOT_FOUND);
    }
    if (name.empty()) return fail(STATUS_NOT_SUPPORTED);  // a volume open
  }
  if (instance != nullptr &&
      fltctx::wdk::ToWdk(FilterManager::VolumeOf(fltctx::wdk::ToCore(instance))) != volume) {
    return fail(STATUS_INVALID_DEVICE_OBJECT_PARAMETER);
  }
  fi::IssuedPath path;
  path.instance = instance;
  path.volume = volume;
  path.manager = &manager;
  path.target = fltctx::wdk::IoTargetOf(volume);
  if (path.target == nullptr) return fail(STATUS_INVALID_DEVICE_REQUEST);

  // The handle first: a pool failure leaves nothing to undo.
  NTSTATUS status = STATUS_SUCCESS;
  fi::FileHandleFacts facts;
  facts.instance = instance;
  facts.volume = volume;
  HANDLE handle = fi::CreateFileHandle(&manager.environment(),
                                       FilterManager::NameOf(fltctx::wdk::ToCore(filter)), facts,
                                       api, &status);
  if (handle == nullptr) return fail(status);

  PFILE_OBJECT fo = path.target->NewFileObject(name);
  fo->RelatedFileObject = related;
  if (ecp_list != nullptr || txn != nullptr) {
    path.target->PrepareCreate(fo, ecp_list,
                               txn == nullptr ? nullptr
                                              : static_cast<PKTRANSACTION>(txn->TransactionObject));
  }
  IO_SECURITY_CONTEXT security = {};
  security.DesiredAccess = desired_access;
  security.FullCreateOptions = options;
  FLT_IO_PARAMETER_BLOCK iopb = {};
  iopb.MajorFunction = IRP_MJ_CREATE;
  iopb.IrpFlags = IRP_CREATE_OPERATION | IRP_SYNCHRONOUS_API;
  iopb.TargetFileObject = fo;
  if ((flags & IO_FORCE_ACCESS_CHECK) != 0) iopb.OperationFlags |= SL_FORCE_ACCESS_CHECK;
  if ((flags & IO_OPEN_TARGET_DIRECTORY) != 0) iopb.OperationFlags |= SL_OPEN_TARGET_DIRECTORY;
  if ((flags & IO_STOP_ON_SYMLINK) != 0) iopb.OperationFlags |= SL_STOP_ON_SYMLINK;
  auto& p = iopb.Parameters.Create;
  p.SecurityContext = &security;
  p.Options = (disposition << 24) | (options & FILE_VALID_OPTION_FLAGS);
  p.FileAttributes = static_cast<USHORT>(file_attributes & FILE_ATTRIBUTE_VALID_FLAGS);
  p.ShareAccess = static_cast<USHORT>(share_access);
  p.EaLength = ea_length;
  p.EaBuffer = ea_buffer;
  if (allocation_size != nullptr) p.AllocationSize = *allocation_size;
  IO_STATUS_BLOCK result;
  status = fi::Issue(path, iopb, &result);
  iosb->Information = result.Information;
  if (!NT_SUCCESS(status)) {
    fi::DiscardFileHandle(handle);
    return fail(status);
  }
  fo->Flags |= FO_HANDLE_CREATED;
  if ((options & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT)) != 0) {
    fo->Flags |= FO_SYNCHRONOUS_IO;
  }
  fi::BindFileHandle(handle, fo, VolumeName(volume) + name);
  *handle_out = handle;
  if (file_object_out != nullptr) {
    fi::ReferenceIssuedFileObject(fo, api);
    *file_object_out = fo;
  }
  return fail(status);
}

// Sends IRP_MJ_CLEANUP or IRP_MJ_CLOSE of `fo` below `instance` (from the
// top of the stack if the instance is gone).
void SendTeardown(const fi::FileHandleFacts& facts, UCHAR major) {
  fi::IssuedPath path;
  path.instance = facts.instance;
  path.volume = facts.volume;
  path.target = fltctx::wdk::IoTargetOf(facts.volume);
  if (path.target == nullptr) return;
  path.manager = FilterManager::ManagerOf(fltctx::wdk::ToCore(facts.volume));
  FLT_IO_PARAMETER_BLOCK iopb = {};
  iopb.MajorFunction = major;
  iopb.IrpFlags = major == IRP_MJ_CLOSE ? IRP_CLOSE_OPERATION | IRP_SYNCHRONOUS_API
                                        : IRP_SYNCHRONOUS_API;
  iopb.TargetFileObject = facts.file_object;
  IO_STATUS_BLOCK iosb;
  if (fi::Issue(path, iopb, &iosb) == STATUS_FLT_DELETING_OBJECT) {
    path.instance = nullptr;
    fi::Issue(path, iopb, &iosb);
  }
}

// ObReferenceObject / ObDereferenceObject of a FILE_OBJECT an issued create
// returned: the object manager (//ob) hands them here.
bool ReferenceFromOb(void* body, const char* operation) {
  auto* file_object = static_cast<PFILE_OBJECT>(body);
  if (!fi::IsIssuedFileObject(file_object)) return false;
  fi::ReferenceIssuedFileObject(file_object, operation);
  return true;
}

ob::ReferenceOutcome DereferenceFromOb(void* body) {
  auto* file_object = static_cast<PFILE_OBJECT>(body);
  if (!fi::IsIssuedFileObject(file_object)) return ob::ReferenceOutcome::kNotAnObject;
  return fi::ReleaseIssuedFileObject(file_object) ? ob::ReferenceOutcome::kOk
                                                  : ob::ReferenceOutcome::kBelowZero;
}

const bool kFileObjectsReachOb = [] {
  ob::ForeignObjects objects;
  objects.reference = ReferenceFromOb;
  objects.dereference = DereferenceFromOb;
  objects.type = ob::FileType;
  ob::SetForeignObjects(objects, ob::kIssuedFileObjectSlot);
  return true;
}();

}  // namespace

bool fltctx::fltctx_internal::ReleaseIssuedFileObject(PFILE_OBJECT file_object) {
  FileHandleFacts facts;
  bool last = false;
  if (!DereferenceIssuedFileObject(file_object, &facts, &last)) return false;
  if (last) SendTeardown(facts, IRP_MJ_CLOSE);
  return true;
}

extern "C" {

NTSTATUS FLTAPI FltCreateFile(PFLT_FILTER Filter, PFLT_INSTANCE Instance, PHANDLE FileHandle,
                              ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                              PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize,
                              ULONG FileAttributes, ULONG ShareAccess, ULONG CreateDisposition,
                              ULONG CreateOptions, PVOID EaBuffer, ULONG EaLength, ULONG Flags) {
  return Create("FltCreateFile", Filter, Instance, FileHandle, nullptr, DesiredAccess,
                ObjectAttributes, IoStatusBlock, AllocationSize, FileAttributes, ShareAccess,
                CreateDisposition, CreateOptions, EaBuffer, EaLength, Flags, nullptr);
}

NTSTATUS FLTAPI FltCreateFileEx(PFLT_FILTER Filter, PFLT_INSTANCE Instance, PHANDLE FileHandle,
                                PFILE_OBJECT* FileObject, ACCESS_MASK DesiredAccess,
                                POBJECT_ATTRIBUTES ObjectAttributes,
                                PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize,
                                ULONG FileAttributes, ULONG ShareAccess,
                                ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer,
                                ULONG EaLength, ULONG Flags) {
  return Create("FltCreateFileEx", Filter, Instance, FileHandle, FileObject, DesiredAccess,
                ObjectAttributes, IoStatusBlock, AllocationSize, FileAttributes, ShareAccess,
                CreateDisposition, CreateOptions, EaBuffer, EaLength, Flags, nullptr);
}

NTSTATUS FLTAPI FltCreateFileEx2(PFLT_FILTER Filter, PFLT_INSTANCE Instance, PHANDLE FileHandle,
                                 PFILE_OBJECT* FileObject, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes,
                                 PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize,
                                 ULONG FileAttributes, ULONG ShareAccess,
                                 ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer,
                                 ULONG EaLength, ULONG Flags,
                                 PIO_DRIVER_CREATE_CONTEXT DriverContext) {
  return Create("FltCreateFileEx2", Filter, Instance, FileHandle, FileObject, DesiredAccess,
                ObjectAttributes, IoStatusBlock, AllocationSize, FileAttributes, ShareAccess,
                CreateDisposition, CreateOptions, EaBuffer, EaLength, Flags, DriverContext);
}

NTSTATUS FLTAPI FltClose(HANDLE FileHandle) {
  if (!fi::CheckIssuedIrql("FltClose", FileHandle, poolsim::kPassiveLevel)) {
    return STATUS_INVALID_PARAMETER;
  }
  fi::FileHandleFacts facts;
  bool last = false;
  if (!fi::CloseFileHandle(FileHandle, &facts, &last)) return STATUS_INVALID_HANDLE;
  SendTeardown(facts, IRP_MJ_CLEANUP);
  if (last) SendTeardown(facts, IRP_MJ_CLOSE);
  return STATUS_SUCCESS;
}

VOID FLTAPI FltCancelFileOpen(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject) {
  constexpr const char* kApi = "FltCancelFileOpen";
  if (!fi::CheckIssuedIrql(kApi, FileObject, poolsim::kPassiveLevel) ||
      !fi::CheckInstanceArgument(Instance, kApi, "Instance") ||
      !fi::CheckFileObjectArgument(FileObject, kApi, "FileObject")) {
    return;
  }
  // Too late once a handle exists; and only an open file object is undone.
  if ((FileObject->Flags & (FO_HANDLE_CREATED | FO_FILE_OPEN_CANCELLED)) != 0) return;
  fi::IssuedPath path = fi::PathOf(Instance);
  if (!NT_SUCCESS(fi::CheckOpenOn(path, FileObject))) return;
  fi::FileHandleFacts facts;
  facts.file_object = FileObject;
  facts.instance = Instance;
  facts.volume = path.volume;
  SendTeardown(facts, IRP_MJ_CLEANUP);
  SendTeardown(facts, IRP_MJ_CLOSE);
  FileObject->Flags |= FO_FILE_OPEN_CANCELLED;
}

}  // extern "C"
