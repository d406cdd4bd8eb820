// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/issued_io.cc
// -----------------------------------------------------------------------------
//
// The WDK-named I/O functions on an open file object (compat layer):
// information, read and write, control codes, directory queries, flushes and
// volume information. Each checks its arguments, builds the parameter block
// as the I/O manager would and sends it below the caller's instance
// (internal/issued_common.h). Rules: docs/issued-io.md.

#include "fltctx/wdk/issued_io.h"

#include <cstring>
#include <string>

#include "absl/strings/str_format.h"

#include "fltctx/live_handles.h"
#include "fltctx/wdk/internal/bugchecks.h"
#include "fltctx/wdk/internal/handles.h"
#include "fltctx/wdk/internal/io_target.h"
#include "fltctx/wdk/internal/issued_common.h"
#include "ob/bugcheck_rules.h"
#include "ob/objects.h"
#include "poolsim/environment.h"

namespace fi = fltctx::fltctx_internal;
using fltctx::FilterManager;
using poolsim::PointerAccess;

namespace {

constexpr int kFileMaximumInformation = 80;  // one past the last class filters name

bool ValidInfoClass(FILE_INFORMATION_CLASS c) {
  return static_cast<int>(c) > 0 && static_cast<int>(c) < kFileMaximumInformation;
}

bool IsDirectoryClass(FILE_INFORMATION_CLASS c) {
  switch (static_cast<int>(c)) {
    case 1:   // FileDirectoryInformation
    case 2:   // FileFullDirectoryInformation
    case 3:   // FileBothDirectoryInformation
    case 12:  // FileNamesInformation
    case 29:  // FileObjectIdInformation
    case 32:  // FileQuotaInformation
    case 33:  // FileReparsePointInformation
    case 37:  // FileIdBothDirectoryInformation
    case 38:  // FileIdFullDirectoryInformation
    case 50:  // FileIdGlobalTxDirectoryInformation
    case 60:  // FileIdExtdDirectoryInformation
    case 63:  // FileIdExtdBothDirectoryInformation
      return true;
    default:
      return false;
  }
}

// The common start of a call on (Instance, FileObject): IRQL, both handles,
// the path, the file object open on the instance's volume. Returns false
// with `*status` set when the call must stop.
bool Begin(const char* api, PFLT_INSTANCE instance, PFILE_OBJECT file_object,
           poolsim::Irql max, fi::IssuedPath* path, NTSTATUS* status) {
  *status = STATUS_INVALID_PARAMETER;
  if (!fi::CheckIssuedIrql(api, file_object, max)) return false;
  if (!fi::CheckInstanceArgument(instance, api, "Instance")) return false;
  if (!fi::CheckFileObjectArgument(file_object, api, "FileObject")) return false;
  *path = fi::PathOf(instance);
  *status = fi::CheckOpenOn(*path, file_object);
  return NT_SUCCESS(*status);
}

FLT_IO_PARAMETER_BLOCK Block(UCHAR major, PFILE_OBJECT file_object) {
  FLT_IO_PARAMETER_BLOCK iopb;
  std::memset(&iopb, 0, sizeof(iopb));
  iopb.MajorFunction = major;
  iopb.IrpFlags = IRP_SYNCHRONOUS_API;
  iopb.TargetFileObject = file_object;
  return iopb;
}

// True if `offset` is the special value with HighPart -1 and LowPart `low`.
bool IsSpecialOffset(const LARGE_INTEGER* offset, ULONG low) {
  return static_cast<ULONGLONG>(offset->QuadPart) == (0xFFFFFFFF00000000ULL | low);
}

// The offset a read or write of `file_object` starts at; false if none is
// valid (no ByteOffset and a file object not opened for synchronous I/O).
bool OffsetOf(PFILE_OBJECT file_object, PLARGE_INTEGER byte_offset, LONGLONG* offset) {
  const bool synchronous = (file_object->Flags & FO_SYNCHRONOUS_IO) != 0;
  if (byte_offset == nullptr || IsSpecialOffset(byte_offset, FILE_USE_FILE_POINTER_POSITION)) {
    if (!synchronous) return false;
    *offset = file_object->CurrentByteOffset.QuadPart;
    return true;
  }
  *offset = byte_offset->QuadPart;
  return true;
}

constexpr FLT_IO_OPERATION_FLAGS kValidIoFlags =
    FLTFL_IO_OPERATION_NON_CACHED | FLTFL_IO_OPERATION_PAGING |
    FLTFL_IO_OPERATION_DO_NOT_UPDATE_BYTE_OFFSET | FLTFL_IO_OPERATION_SYNCHRONOUS_PAGING;

// The IRP flags of a read or write; an asynchronous one (a CallbackRoutine
// given) is not IRP_SYNCHRONOUS_API.
ULONG IrpFlagsOf(FLT_IO_OPERATION_FLAGS flags, ULONG operation, bool asynchronous) {
  ULONG irp = operation | (asynchronous ? 0 : IRP_SYNCHRONOUS_API);
  if ((flags & FLTFL_IO_OPERATION_NON_CACHED) != 0) irp |= IRP_NOCACHE;
  if ((flags & FLTFL_IO_OPERATION_PAGING) != 0) irp |= IRP_PAGING_IO | IRP_NOCACHE;
  if ((flags & FLTFL_IO_OPERATION_SYNCHRONOUS_PAGING) != 0) irp |= IRP_SYNCHRONOUS_PAGING_IO;
  return irp;
}

// FltReadFile and FltWriteFile.
NTSTATUS ReadOrWrite(const char* api, bool write, PFLT_INSTANCE instance, PFILE_OBJECT fo,
                     PLARGE_INTEGER byte_offset, ULONG length, PVOID buffer,
                     FLT_IO_OPERATION_FLAGS flags, PULONG bytes,
                     PFLT_COMPLETED_ASYNC_IO_CALLBACK callback, PVOID context) {
  fi::IssuedPath path;
  NTSTATUS status;
  if (!fi::CheckIssuedIrql(api, fo, poolsim::kApcLevel)) return STATUS_INVALID_PARAMETER;
  if (!fi::CheckInstanceArgument(instance, api, "InitiatingInstance") ||
      !fi::CheckFileObjectArgument(fo, api, "FileObject") ||
      (length > 0 && !fi::CheckArgument(buffer, api, "Buffer",
                                        write ? PointerAccess::kRead : PointerAccess::kWrite))) {
    return STATUS_INVALID_PARAMETER;
  }
  // With a CallbackRoutine the request is asynchronous and BytesRead /
  // BytesWritten is ignored: the routine finds the count in IoStatus.
  const bool asynchronous = callback != nullptr;
  if (asynchronous) bytes = nullptr;
  if (bytes != nullptr) *bytes = 0;
  if ((flags & ~kValidIoFlags) != 0) return STATUS_INVALID_PARAMETER;
  path = fi::PathOf(instance);
  status = fi::CheckOpenOn(path, fo);
  if (!NT_SUCCESS(status)) return status;
  LONGLONG offset = 0;
  const bool to_end =
      write && byte_offset != nullptr && IsSpecialOffset(byte_offset, FILE_WRITE_TO_END_OF_FILE);
  if (to_end) {
    // The end of file, as the file system below says it.
    FILE_STANDARD_INFORMATION standard = {};
    FLT_IO_PARAMETER_BLOCK query = Block(IRP_MJ_QUERY_INFORMATION, fo);
    query.Parameters.QueryFileInformation.Length = sizeof(standard);
    query.Parameters.QueryFileInformation.FileInformationClass = FileStandardInformation;
    query.Parameters.QueryFileInformation.InfoBuffer = &standard;
    IO_STATUS_BLOCK iosb;
    status = fi::Issue(path, query, &iosb);
    if (!NT_SUCCESS(status)) return status;
    offset = standard.EndOfFile.QuadPart;
  } else if (!OffsetOf(fo, byte_offset, &offset)) {
    return STATUS_INVALID_PARAMETER;
  }
  FLT_IO_PARAMETER_BLOCK iopb = Block(write ? IRP_MJ_WRITE : IRP_MJ_READ, fo);
  iopb.IrpFlags =
      IrpFlagsOf(flags, write ? IRP_WRITE_OPERATION : IRP_READ_OPERATION, asynchronous);
  if (write) {
    iopb.Parameters.Write.Length = length;
    iopb.Parameters.Write.ByteOffset.QuadPart = offset;
    iopb.Parameters.Write.WriteBuffer = buffer;
  } else {
    iopb.Parameters.Read.Length = length;
    iopb.Parameters.Read.ByteOffset.QuadPart = offset;
    iopb.Parameters.Read.ReadBuffer = buffer;
  }
  // The filter manager restores CurrentByteOffset when the caller asks it
  // to, and the I/O manager keeps it only for synchronous file objects.
  const LARGE_INTEGER saved = fo->CurrentByteOffset;
  const bool keep_offset = (flags & FLTFL_IO_OPERATION_DO_NOT_UPDATE_BYTE_OFFSET) != 0 ||
                           (fo->Flags & FO_SYNCHRONOUS_IO) == 0;
  IO_STATUS_BLOCK iosb;
  status = fi::Issue(path, iopb, &iosb, callback, context);
  if (keep_offset) fo->CurrentByteOffset = saved;
  if (bytes != nullptr) *bytes = static_cast<ULONG>(iosb.Information);
  return status;
}

// FltFsControlFile and FltDeviceIoControlFile: the buffers as the code's
// transfer method passes them (the same layout in both unions).
NTSTATUS Control(const char* api, bool fsctl, PFLT_INSTANCE instance, PFILE_OBJECT fo, ULONG code,
                 PVOID in, ULONG in_length, PVOID out, ULONG out_length, PULONG returned) {
  fi::IssuedPath path;
  NTSTATUS status;
  if (!fi::CheckIssuedIrql(api, fo, poolsim::kPassiveLevel)) return STATUS_INVALID_PARAMETER;
  if (!fi::CheckInstanceArgument(instance, api, "Instance") ||
      !fi::CheckFileObjectArgument(fo, api, "FileObject") ||
      (in_length > 0 && !fi::CheckArgument(in, api, "InputBuffer", PointerAccess::kRead)) ||
      (out_length > 0 && !fi::CheckArgument(out, api, "OutputBuffer", PointerAccess::kWrite))) {
    return STATUS_INVALID_PARAMETER;
  }
  if (returned != nullptr) *returned = 0;
  path = fi::PathOf(instance);
  status = fi::CheckOpenOn(path, fo);
  if (!NT_SUCCESS(status)) return status;
  FLT_IO_PARAMETER_BLOCK iopb = Block(fsctl ? IRP_MJ_FILE_SYSTEM_CONTROL : IRP_MJ_DEVICE_CONTROL, fo);
  iopb.MinorFunction = fsctl ? IRP_MN_USER_FS_REQUEST : 0;
  auto& p = iopb.Parameters.DeviceIoControl;  // FileSystemControl has the same layout
  p.Common.OutputBufferLength = out_length;
  p.Common.InputBufferLength = in_length;
  p.Common.IoControlCode = code;
  const ULONG method = METHOD_FROM_CTL_CODE(code);
  poolsim::Environment& env = path.manager->environment();
  void* system_buffer = nullptr;
  const ULONG system_length = method == METHOD_BUFFERED ? (in_length > out_length ? in_length : out_length)
                                                        : in_length;
  if (method != METHOD_NEITHER && system_length > 0) {
    // The I/O manager's system buffer (nonpaged), a copy of the input.
    poolsim::AllocateRequest ar;
    ar.bytes = system_length;
    ar.tag = poolsim::PoolTag(0x20707249);  // 'Irp '
    ar.kind = poolsim::PoolKind::kNonPaged;
    ar.zero = true;
    ar.legacy_tag_rules = false;
    system_buffer = env.Allocate(ar);
    if (system_buffer == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    if (in_length > 0) std::memcpy(system_buffer, in, in_length);
  }
  if (method == METHOD_BUFFERED) {
    p.Buffered.SystemBuffer = system_buffer;
  } else if (method == METHOD_NEITHER) {
    p.Neither.InputBuffer = in;
    p.Neither.OutputBuffer = out;
  } else {
    p.Direct.InputSystemBuffer = system_buffer;
    p.Direct.OutputBuffer = out;
  }
  IO_STATUS_BLOCK iosb;
  status = fi::Issue(path, iopb, &iosb);
  ULONG_PTR information = iosb.Information;
  if (method == METHOD_BUFFERED) {
    if (information > out_length) information = out_length;
    if ((NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW) && information > 0) std::memcpy(out, system_buffer, information);
  }
  if (system_buffer != nullptr) env.Free(system_buffer, poolsim::PoolTag(0x20707249), true, 0);
  if (returned != nullptr) *returned = static_cast<ULONG>(information);
  return status;
}

}  // namespace

extern "C" {

NTSTATUS FLTAPI FltQueryInformationFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                        PVOID FileInformation, ULONG Length,
                                        FILE_INFORMATION_CLASS FileInformationClass,
                                        PULONG LengthReturned) {
  constexpr const char* kApi = "FltQueryInformationFile";
  fi::IssuedPath path;
  NTSTATUS status;
  if (!fi::CheckIssuedIrql(kApi, FileObject, poolsim::kPassiveLevel) ||
      !fi::CheckInstanceArgument(Instance, kApi, "Instance") ||
      !fi::CheckFileObjectArgument(FileObject, kApi, "FileObject") ||
      !fi::CheckArgument(FileInformation, kApi, "FileInformation", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (LengthReturned != nullptr) *LengthReturned = 0;
  if (!ValidInfoClass(FileInformationClass)) return STATUS_INVALID_INFO_CLASS;
  if (!Begin(kApi, Instance, FileObject, poolsim::kPassiveLevel, &path, &status)) return status;
  FLT_IO_PARAMETER_BLOCK iopb = Block(IRP_MJ_QUERY_INFORMATION, FileObject);
  iopb.Parameters.QueryFileInformation.Length = Length;
  iopb.Parameters.QueryFileInformation.FileInformationClass = FileInformationClass;
  iopb.Parameters.QueryFileInformation.InfoBuffer = FileInformation;
  IO_STATUS_BLOCK iosb;
  status = fi::Issue(path, iopb, &iosb);
  if (LengthReturned != nullptr) *LengthReturned = static_cast<ULONG>(iosb.Information);
  return status;
}

NTSTATUS FLTAPI FltSetInformationFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                      PVOID FileInformation, ULONG Length,
                                      FILE_INFORMATION_CLASS FileInformationClass) {
  constexpr const char* kApi = "FltSetInformationFile";
  fi::IssuedPath path;
  NTSTATUS status;
  if (!fi::CheckIssuedIrql(kApi, FileObject, poolsim::kPassiveLevel) ||
      !fi::CheckInstanceArgument(Instance, kApi, "Instance") ||
      !fi::CheckFileObjectArgument(FileObject, kApi, "FileObject") ||
      !fi::CheckArgument(FileInformation, kApi, "FileInformation", PointerAccess::kRead)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!ValidInfoClass(FileInformationClass)) return STATUS_INVALID_INFO_CLASS;
  if (!Begin(kApi, Instance, FileObject, poolsim::kPassiveLevel, &path, &status)) return status;
  FLT_IO_PARAMETER_BLOCK iopb = Block(IRP_MJ_SET_INFORMATION, FileObject);
  auto& p = iopb.Parameters.SetFileInformation;
  p.Length = Length;
  p.FileInformationClass = FileInformationClass;
  p.InfoBuffer = FileInformation;
  if ((FileInformationClass == FileRenameInformation ||
       FileInformationClass == FileLinkInformation) &&
      Length >= sizeof(BOOLEAN)) {
    // The I/O manager lifts ReplaceIfExists into the parameters.
    p.ReplaceIfExists = static_cast<PFILE_RENAME_INFORMATION>(FileInformation)->ReplaceIfExists;
  }
  IO_STATUS_BLOCK iosb;
  return fi::Issue(path, iopb, &iosb);
}

NTSTATUS FLTAPI FltReadFile(PFLT_INSTANCE InitiatingInstance, PFILE_OBJECT FileObject,
                            PLARGE_INTEGER ByteOffset, ULONG Length, PVOID Buffer,
                            FLT_IO_OPERATION_FLAGS Flags, PULONG BytesRead,
                            PFLT_COMPLETED_ASYNC_IO_CALLBACK CallbackRoutine,
                            PVOID CallbackContext) {
  return ReadOrWrite("FltReadFile", /*write=*/false, InitiatingInstance, FileObject, ByteOffset,
                     Length, Buffer, Flags, BytesRead, CallbackRoutine, CallbackContext);
}

NTSTATUS FLTAPI FltWriteFile(PFLT_INSTANCE InitiatingInstance, PFILE_OBJECT FileObject,
                             PLARGE_INTEGER ByteOffset, ULONG Length, PVOID Buffer,
                             FLT_IO_OPERATION_FLAGS Flags, PULONG BytesWritten,
                             PFLT_COMPLETED_ASYNC_IO_CALLBACK CallbackRoutine,
                             PVOID CallbackContext) {
  return ReadOrWrite("FltWriteFile", /*write=*/true, InitiatingInstance, FileObject, ByteOffset,
                     Length, Buffer, Flags, BytesWritten, CallbackRoutine, CallbackContext);
}

NTSTATUS FLTAPI FltFsControlFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                 ULONG FsControlCode, PVOID InputBuffer, ULONG InputBufferLength,
                                 PVOID OutputBuffer, ULONG OutputBufferLength,
                                 PULONG LengthReturned) {
  return Control("FltFsControlFile", /*fsctl=*/true, Instance, FileObject, FsControlCode,
                 InputBuffer, InputBufferLength, OutputBuffer, OutputBufferLength,
                 LengthReturned);
}

NTSTATUS FLTAPI FltDeviceIoControlFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                       ULONG IoControlCode, PVOID InputBuffer,
                                       ULONG InputBufferLength, PVOID OutputBuffer,
                                       ULONG OutputBufferLength, PULONG LengthReturned) {
  return Control("FltDeviceIoControlFile", /*fsctl=*/false, Instance, FileObject, IoControlCode,
                 InputBuffer, InputBufferLength, OutputBuffer, OutputBufferLength,
                 LengthReturned);
}

NTSTATUS FLTAPI FltQueryDirectoryFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                      PVOID FileInformation, ULONG Length,
                                      FILE_INFORMATION_CLASS FileInformationClass,
                                      BOOLEAN ReturnSingleEntry, PUNICODE_STRING FileName,
                                      BOOLEAN RestartScan, PULONG LengthReturned) {
  constexpr const char* kApi = "FltQueryDirectoryFile";
  fi::IssuedPath path;
  NTSTATUS status;
  if (!fi::CheckIssuedIrql(kApi, FileObject, poolsim::kPassiveLevel) ||
      !fi::CheckInstanceArgument(Instance, kApi, "Instance") ||
      !fi::CheckFileObjectArgument(FileObject, kApi, "FileObject") ||
      !fi::CheckArgument(FileInformation, kApi, "FileInformation", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (LengthReturned != nullptr) *LengthReturned = 0;
  if (!IsDirectoryClass(FileInformationClass)) return STATUS_INVALID_INFO_CLASS;
  if (!Begin(kApi, Instance, FileObject, poolsim::kPassiveLevel, &path, &status)) return status;
  FLT_IO_PARAMETER_BLOCK iopb = Block(IRP_MJ_DIRECTORY_CONTROL, FileObject);
  iopb.MinorFunction = IRP_MN_QUERY_DIRECTORY;
  iopb.OperationFlags = static_cast<UCHAR>((RestartScan ? SL_RESTART_SCAN : 0) |
                                           (ReturnSingleEntry ? SL_RETURN_SINGLE_ENTRY : 0));
  auto& p = iopb.Parameters.DirectoryControl.QueryDirectory;
  p.Length = Length;
  p.FileName = FileName;
  p.FileInformationClass = FileInformationClass;
  p.DirectoryBuffer = FileInformation;
  IO_STATUS_BLOCK iosb;
  status = fi::Issue(path, iopb, &iosb);
  if (LengthReturned != nullptr) *LengthReturned = static_cast<ULONG>(iosb.Information);
  return status;
}

NTSTATUS FLTAPI FltFlushBuffers(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject) {
  constexpr const char* kApi = "FltFlushBuffers";
  fi::IssuedPath path;
  NTSTATUS status;
  if (!Begin(kApi, Instance, FileObject, poolsim::kPassiveLevel, &path, &status)) return status;
  IO_STATUS_BLOCK iosb;
  return fi::Issue(path, Block(IRP_MJ_FLUSH_BUFFERS, FileObject), &iosb);
}

NTSTATUS FLTAPI FltQueryVolumeInformationFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                              PVOID FsInformation, ULONG Length,
                                              FS_INFORMATION_CLASS FsInformationClass,
                                              PULONG LengthReturned) {
  constexpr const char* kApi = "FltQueryVolumeInformationFile";
  fi::IssuedPath path;
  NTSTATUS status;
  if (!fi::CheckIssuedIrql(kApi, FileObject, poolsim::kPassiveLevel) ||
      !fi::CheckInstanceArgument(Instance, kApi, "Instance") ||
      !fi::CheckFileObjectArgument(FileObject, kApi, "FileObject") ||
      !fi::CheckArgument(FsInformation, kApi, "FsInformation", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (LengthReturned != nullptr) *LengthReturned = 0;
  if (static_cast<int>(FsInformationClass) <= 0 ||
      static_cast<int>(FsInformationClass) >= static_cast<int>(FileFsMaximumInformation)) {
    return STATUS_INVALID_INFO_CLASS;
  }
  if (!Begin(kApi, Instance, FileObject, poolsim::kPassiveLevel, &path, &status)) return status;
  FLT_IO_PARAMETER_BLOCK iopb = Block(IRP_MJ_QUERY_VOLUME_INFORMATION, FileObject);
  iopb.Parameters.QueryVolumeInformation.Length = Length;
  iopb.Parameters.QueryVolumeInformation.FsInformationClass = FsInformationClass;
  iopb.Parameters.QueryVolumeInformation.VolumeBuffer = FsInformation;
  IO_STATUS_BLOCK iosb;
  status = fi::Issue(path, iopb, &iosb);
  if (LengthReturned != nullptr) *LengthReturned = static_cast<ULONG>(iosb.Information);
  return status;
}

NTSTATUS FLTAPI FltQueryVolumeInformation(PFLT_INSTANCE Instance, PIO_STATUS_BLOCK Iosb,
                                          PVOID FsInformation, ULONG Length,
                                          FS_INFORMATION_CLASS FsInformationClass) {
  constexpr const char* kApi = "FltQueryVolumeInformation";
  if (!fi::CheckIssuedIrql(kApi, Instance, poolsim::kPassiveLevel) ||
      !fi::CheckInstanceArgument(Instance, kApi, "Instance") ||
      !fi::CheckArgument(Iosb, kApi, "Iosb", PointerAccess::kWrite) ||
      !fi::CheckArgument(FsInformation, kApi, "FsInformation", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  Iosb->Information = 0;
  if (static_cast<int>(FsInformationClass) <= 0 ||
      static_cast<int>(FsInformationClass) >= static_cast<int>(FileFsMaximumInformation)) {
    Iosb->Status = STATUS_INVALID_INFO_CLASS;
    return Iosb->Status;
  }
  // Sent for the volume itself: no file object of the caller's.
  FLT_IO_PARAMETER_BLOCK iopb = Block(IRP_MJ_QUERY_VOLUME_INFORMATION, nullptr);
  iopb.Parameters.QueryVolumeInformation.Length = Length;
  iopb.Parameters.QueryVolumeInformation.FsInformationClass = FsInformationClass;
  iopb.Parameters.QueryVolumeInformation.VolumeBuffer = FsInformation;
  return fi::Issue(fi::PathOf(Instance), iopb, Iosb);
}

NTSTATUS FLTAPI FltIsDirectory(PFILE_OBJECT FileObject, PFLT_INSTANCE Instance,
                               PBOOLEAN IsDirectory) {
  constexpr const char* kApi = "FltIsDirectory";
  fi::IssuedPath path;
  NTSTATUS status;
  if (!fi::CheckIssuedIrql(kApi, FileObject, poolsim::kApcLevel) ||
      !fi::CheckFileObjectArgument(FileObject, kApi, "FileObject") ||
      !fi::CheckInstanceArgument(Instance, kApi, "Instance") ||
      !fi::CheckArgument(IsDirectory, kApi, "IsDirectory", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  *IsDirectory = FALSE;
  if (!Begin(kApi, Instance, FileObject, poolsim::kApcLevel, &path, &status)) return status;
  FILE_STANDARD_INFORMATION standard = {};
  FLT_IO_PARAMETER_BLOCK iopb = Block(IRP_MJ_QUERY_INFORMATION, FileObject);
  iopb.Parameters.QueryFileInformation.Length = sizeof(standard);
  iopb.Parameters.QueryFileInformation.FileInformationClass = FileStandardInformation;
  iopb.Parameters.QueryFileInformation.InfoBuffer = &standard;
  IO_STATUS_BLOCK iosb;
  status = fi::Issue(path, iopb, &iosb);
  if (NT_SUCCESS(status)) *IsDirectory = standard.Directory ? TRUE : FALSE;
  return status;
}

NTSTATUS FLTAPI FltGetDiskDeviceObject(PFLT_VOLUME Volume, PDEVICE_OBJECT* DiskDeviceObject) {
  constexpr const char* kApi = "FltGetDiskDeviceObject";
  if (!fi::CheckIssuedIrql(kApi, Volume, poolsim::kDispatchLevel) ||
      !fi::CheckArgument(Volume, kApi, "Volume", PointerAccess::kRead) ||
      !fi::CheckLiveHandle(Volume, fltctx::HandleKind::kVolume, kApi, "Volume") ||
      !fi::CheckArgument(DiskDeviceObject, kApi, "DiskDeviceObject", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  std::shared_ptr<fltctx::wdk::IoTarget> target = fltctx::wdk::IoTargetOf(Volume);
  if (target == nullptr) return STATUS_FLT_NO_DEVICE_OBJECT;  // no storage below
  NTSTATUS status = STATUS_SUCCESS;
  PDEVICE_OBJECT device = target->DiskDevice(&status);
  if (device == nullptr) return status;
  poolsim::Environment& env =
      FilterManager::ManagerOf(fltctx::wdk::ToCore(Volume))->environment();
  if (ob::ReferenceObject(env, device, kApi, 1) != ob::ReferenceOutcome::kOk) {
    return STATUS_FLT_NO_DEVICE_OBJECT;
  }
  *DiskDeviceObject = device;
  return STATUS_SUCCESS;
}

PDEVICE_OBJECT NTAPI IoGetAttachedDeviceReference(PDEVICE_OBJECT DeviceObject) {
  constexpr const char* kApi = "IoGetAttachedDeviceReference";
  if (!fi::CheckIssuedIrql(kApi, DeviceObject, poolsim::kDispatchLevel) ||
      !fi::CheckArgument(DeviceObject, kApi, "DeviceObject", PointerAccess::kRead)) {
    return nullptr;
  }
  poolsim::Environment& env = poolsim::Ambient();
  POBJECT_TYPE type = nullptr;
  if (!ob::LookupObject(env, DeviceObject, &type) || type == nullptr ||
      std::string(type->name) != "Device") {
    env.RaiseBugCheck(
        poolsim::MakeBugCheck(ob::bugcheck_rule::kNotAnObject,
                              {0, reinterpret_cast<uintptr_t>(DeviceObject), 0, 0},
                              absl::StrFormat("%s: %p is not a live device object", kApi,
                                              static_cast<void*>(DeviceObject))),
        1);
    return nullptr;
  }
  PDEVICE_OBJECT top = DeviceObject;
  while (top->AttachedDevice != nullptr) top = top->AttachedDevice;
  if (ob::ReferenceObject(env, top, kApi, 1) != ob::ReferenceOutcome::kOk) return nullptr;
  return top;
}

}  // extern "C"
