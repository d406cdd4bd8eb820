// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/issued_facts.cc
// -----------------------------------------------------------------------------
//
// The WDK-named volume facts and allocated callback data (compat layer):
// FltIsVolumeWritable, FltGetFileSystemType, FltGetVolumeProperties,
// FltAllocateCallbackData, FltPerformSynchronousIo, FltFreeCallbackData and
// FltIsOperationSynchronous. Rules: docs/issued-io.md.

#include <cstddef>
#include <cstring>
#include <string>

#include "fltctx/filter_manager.h"
#include "fltctx/live_handles.h"
#include "fltctx/wdk/internal/bugchecks.h"
#include "fltctx/wdk/internal/handles.h"
#include "fltctx/wdk/internal/issued_common.h"
#include "fltctx/wdk/issued_io.h"
#include "poolsim/environment.h"

namespace fi = fltctx::fltctx_internal;
using fltctx::FilterManager;
using poolsim::PointerAccess;

namespace {

// The volume of FltObject (a volume or an instance); NULL after a report.
PFLT_VOLUME VolumeOfObject(PVOID object, const char* api) {
  if (!fi::CheckArgument(object, api, "FltObject", PointerAccess::kRead)) return nullptr;
  if (fltctx::IsLiveHandle(object, fltctx::HandleKind::kInstance)) {
    return fltctx::wdk::ToWdk(
        FilterManager::VolumeOf(fltctx::wdk::ToCore(static_cast<PFLT_INSTANCE>(object))));
  }
  if (!fi::CheckLiveHandle(object, fltctx::HandleKind::kVolume, api, "FltObject")) return nullptr;
  return static_cast<PFLT_VOLUME>(object);
}

fltctx::wdk::VolumeFacts FactsOf(PFLT_VOLUME volume) {
  std::shared_ptr<fltctx::wdk::IoTarget> target = fltctx::wdk::IoTargetOf(volume);
  // A volume without a file system of the simulated I/O path: NTFS's facts.
  return target != nullptr ? target->Facts() : fltctx::wdk::VolumeFacts();
}

// Places `name` after the structure at `*offset`; false if it does not fit.
bool PlaceName(const std::wstring& name, PFLT_VOLUME_PROPERTIES props, ULONG length,
               size_t* offset, UNICODE_STRING* out) {
  const size_t bytes = name.size() * sizeof(WCHAR);
  out->Length = 0;
  out->MaximumLength = 0;
  out->Buffer = nullptr;
  if (*offset + bytes > length) return false;
  auto* base = reinterpret_cast<unsigned char*>(props) + *offset;
  for (size_t i = 0; i < name.size(); ++i) {
    const WCHAR c = static_cast<WCHAR>(name[i]);
    std::memcpy(base + i * sizeof(WCHAR), &c, sizeof(WCHAR));
  }
  out->Buffer = reinterpret_cast<PWCH>(base);
  out->Length = static_cast<USHORT>(bytes);
  out->MaximumLength = static_cast<USHORT>(bytes);
  *offset += bytes;
  return true;
}

}  // namespace

extern "C" {

NTSTATUS FLTAPI FltIsVolumeWritable(PVOID FltObject, PBOOLEAN IsWritable) {
  constexpr const char* kApi = "FltIsVolumeWritable";
  if (!fi::CheckIssuedIrql(kApi, FltObject, poolsim::kApcLevel)) return STATUS_INVALID_PARAMETER;
  PFLT_VOLUME volume = VolumeOfObject(FltObject, kApi);
  if (volume == nullptr ||
      !fi::CheckArgument(IsWritable, kApi, "IsWritable", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  *IsWritable = FactsOf(volume).writable ? TRUE : FALSE;
  return STATUS_SUCCESS;
}

NTSTATUS FLTAPI FltGetFileSystemType(PVOID FltObject, PFLT_FILESYSTEM_TYPE FileSystemType) {
  constexpr const char* kApi = "FltGetFileSystemType";
  if (!fi::CheckIssuedIrql(kApi, FltObject, poolsim::kApcLevel)) return STATUS_INVALID_PARAMETER;
  PFLT_VOLUME volume = VolumeOfObject(FltObject, kApi);
  if (volume == nullptr ||
      !fi::CheckArgument(FileSystemType, kApi, "FileSystemType", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  *FileSystemType = FactsOf(volume).file_system_type;
  return STATUS_SUCCESS;
}

NTSTATUS FLTAPI FltGetVolumeProperties(PFLT_VOLUME Volume,
                                       PFLT_VOLUME_PROPERTIES VolumeProperties,
                                       ULONG VolumePropertiesLength, PULONG LengthReturned) {
  constexpr const char* kApi = "FltGetVolumeProperties";
  if (!fi::CheckIssuedIrql(kApi, Volume, poolsim::kApcLevel) ||
      !fi::CheckArgument(Volume, kApi, "Volume", PointerAccess::kRead) ||
      !fi::CheckLiveHandle(Volume, fltctx::HandleKind::kVolume, kApi, "Volume") ||
      !fi::CheckArgument(LengthReturned, kApi, "LengthReturned", PointerAccess::kWrite) ||
      (VolumePropertiesLength > 0 &&
       !fi::CheckArgument(VolumeProperties, kApi, "VolumeProperties", PointerAccess::kWrite))) {
    return STATUS_INVALID_PARAMETER;
  }
  const fltctx::wdk::VolumeFacts facts = FactsOf(Volume);
  const std::string& device = FilterManager::OptionsOf(fltctx::wdk::ToCore(Volume)).name;
  const std::wstring real(device.begin(), device.end());
  const size_t needed =
      sizeof(FLT_VOLUME_PROPERTIES) +
      (facts.file_system_driver.size() + facts.file_system_device.size() + real.size()) *
          sizeof(WCHAR);
  *LengthReturned = static_cast<ULONG>(needed);
  if (VolumePropertiesLength < sizeof(FLT_VOLUME_PROPERTIES)) return STATUS_BUFFER_TOO_SMALL;
  std::memset(VolumeProperties, 0, sizeof(FLT_VOLUME_PROPERTIES));
  VolumeProperties->DeviceType = facts.device_type;
  VolumeProperties->DeviceCharacteristics = facts.device_characteristics;
  VolumeProperties->AlignmentRequirement = 0;  // FILE_BYTE_ALIGNMENT
  VolumeProperties->SectorSize = 512;
  size_t offset = sizeof(FLT_VOLUME_PROPERTIES);
  const bool all =
      PlaceName(facts.file_system_driver, VolumeProperties, VolumePropertiesLength, &offset,
                &VolumeProperties->FileSystemDriverName) &&
      PlaceName(facts.file_system_device, VolumeProperties, VolumePropertiesLength, &offset,
                &VolumeProperties->FileSystemDeviceName) &&
      PlaceName(real, VolumeProperties, VolumePropertiesLength, &offset,
                &VolumeProperties->RealDeviceName);
  return all ? STATUS_SUCCESS : STATUS_BUFFER_OVERFLOW;
}

NTSTATUS FLTAPI FltAllocateCallbackData(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                        PFLT_CALLBACK_DATA* RetNewCallbackData) {
  constexpr const char* kApi = "FltAllocateCallbackData";
  if (!fi::CheckIssuedIrql(kApi, Instance, poolsim::kApcLevel) ||
      !fi::CheckInstanceArgument(Instance, kApi, "Instance") ||
      !fi::CheckLiveHandle(FileObject, fltctx::HandleKind::kWdkFileObject, kApi, "FileObject") ||
      !fi::CheckArgument(RetNewCallbackData, kApi, "RetNewCallbackData", PointerAccess::kWrite)) {
    return STATUS_INVALID_PARAMETER;
  }
  *RetNewCallbackData = nullptr;
  FilterManager* manager = FilterManager::ManagerOf(fltctx::wdk::ToCore(Instance));
  PFLT_CALLBACK_DATA data =
      fi::AllocateCallbackDataBlock(manager->environment(), Instance, FileObject, true);
  if (data == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
  data->Iopb->IrpFlags = IRP_SYNCHRONOUS_API;
  *RetNewCallbackData = data;
  return STATUS_SUCCESS;
}

VOID FLTAPI FltPerformSynchronousIo(PFLT_CALLBACK_DATA CallbackData) {
  constexpr const char* kApi = "FltPerformSynchronousIo";
  if (!fi::CheckIssuedIrql(kApi, CallbackData, poolsim::kApcLevel) ||
      !fi::CheckArgument(CallbackData, kApi, "CallbackData", PointerAccess::kWrite)) {
    return;
  }
  PFLT_INSTANCE instance = nullptr;
  if (!fi::LookupAllocatedCallbackData(CallbackData, &instance, nullptr)) {
    fi::RaiseNotAllocatedCallbackData(CallbackData, kApi);
    return;
  }
  PFLT_IO_PARAMETER_BLOCK iopb = CallbackData->Iopb;
  CallbackData->IoStatus.Information = 0;
  // Only IRP-based operations can be issued (not fast I/O or FsFilter ones).
  if (iopb->MajorFunction > IRP_MJ_MAXIMUM_FUNCTION ||
      (CallbackData->Flags & FLTFL_CALLBACK_DATA_IRP_OPERATION) == 0 ||
      !fi::CheckLiveHandle(iopb->TargetFileObject, fltctx::HandleKind::kWdkFileObject, kApi,
                           "CallbackData->Iopb->TargetFileObject")) {
    CallbackData->IoStatus.Status = STATUS_INVALID_PARAMETER;
    return;
  }
  if (!fltctx::IsLiveHandle(instance, fltctx::HandleKind::kInstance)) {
    CallbackData->IoStatus.Status = STATUS_FLT_DELETING_OBJECT;
    return;
  }
  fi::IssuedPath path = fi::PathOf(instance);
  if (path.target == nullptr) {
    CallbackData->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    return;
  }
  iopb->TargetInstance = instance;
  path.target->Send(CallbackData, instance);
}

VOID FLTAPI FltFreeCallbackData(PFLT_CALLBACK_DATA CallbackData) {
  constexpr const char* kApi = "FltFreeCallbackData";
  if (!fi::CheckIssuedIrql(kApi, CallbackData, poolsim::kApcLevel) ||
      !fi::CheckArgument(CallbackData, kApi, "CallbackData", PointerAccess::kRead)) {
    return;
  }
  poolsim::Environment* env = nullptr;
  if (!fi::LookupAllocatedCallbackData(CallbackData, nullptr, &env) ||
      !fi::ForgetAllocatedCallbackData(CallbackData)) {
    fi::RaiseNotAllocatedCallbackData(CallbackData, kApi);
    return;
  }
  fi::FreeCallbackDataBlock(*env, CallbackData);
}

BOOLEAN FLTAPI FltIsOperationSynchronous(PFLT_CALLBACK_DATA CallbackData) {
  constexpr const char* kApi = "FltIsOperationSynchronous";
  if (!fi::CheckIssuedIrql(kApi, CallbackData, poolsim::kDispatchLevel) ||
      !fi::CheckArgument(CallbackData, kApi, "CallbackData", PointerAccess::kRead) ||
      !fi::CheckArgument(CallbackData->Iopb, kApi, "CallbackData->Iopb", PointerAccess::kRead)) {
    return FALSE;
  }
  if ((CallbackData->Flags & FLTFL_CALLBACK_DATA_IRP_OPERATION) == 0) return TRUE;
  const PFLT_IO_PARAMETER_BLOCK iopb = CallbackData->Iopb;
  if ((iopb->IrpFlags & (IRP_SYNCHRONOUS_API | IRP_SYNCHRONOUS_PAGING_IO)) != 0) return TRUE;
  PFILE_OBJECT fo = iopb->TargetFileObject;
  if (fo != nullptr && (iopb->IrpFlags & IRP_PAGING_IO) == 0 &&
      fltctx::IsLiveHandle(fo, fltctx::HandleKind::kWdkFileObject) &&
      (fo->Flags & FO_SYNCHRONOUS_IO) != 0) {
    return TRUE;
  }
  return FALSE;
}

}  // extern "C"
