// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/wdk/internal/io_target.h
// -----------------------------------------------------------------------------
//
// The private contract between the I/O functions of the WDK surface
// (fltctx/wdk/issued_io.h: FltReadFile, FltCreateFileEx2, ...) and the
// simulated I/O path (fltctx/io), which sits above the surface: each volume
// the simulated I/O path mounts registers an IoTarget, through which a
// request a filter issues reaches the volume's filter stack (below the
// initiating instance) and its file system. A volume without one (made by
// fltctx/wdk/simulation.h alone) has no file system: the I/O functions fail
// there with STATUS_INVALID_DEVICE_REQUEST.
//
// IWYU pragma: private, internal to fltctx/wdk and fltctx/io.

#ifndef FLTCTX_WDK_INTERNAL_IO_TARGET_H_
#define FLTCTX_WDK_INTERNAL_IO_TARGET_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fltctx/wdk/fltkernel.h"

namespace fltctx {
namespace wdk {

// VolumeFacts
//
// What the file system of a volume says of itself (FltGetFileSystemType,
// FltGetVolumeProperties, FltIsVolumeWritable, volume information).
struct VolumeFacts {
  FLT_FILESYSTEM_TYPE file_system_type = FLT_FSTYPE_NTFS;
  DEVICE_TYPE device_type = FILE_DEVICE_DISK_FILE_SYSTEM;  // the file system's device
  DEVICE_TYPE disk_device_type = FILE_DEVICE_DISK;         // the volume's storage device
  ULONG device_characteristics = 0;                        // FILE_REMOTE_DEVICE, ...
  std::wstring file_system_name = L"NTFS";                 // as FileFsAttributeInformation
  std::wstring file_system_driver = L"\\FileSystem\\Ntfs";
  std::wstring file_system_device = L"\\Ntfs";
  ULONG attributes = 0;    // FILE_CASE_PRESERVED_NAMES, FILE_NAMED_STREAMS, ...
  ULONG max_component = 255;
  ULONG serial_number = 0;
  uint64_t capacity = 0;   // bytes
  bool writable = true;
};

// IoTarget
//
// One volume's way down: its filter stack and file system. Thread-safe.
class IoTarget {
 public:
  virtual ~IoTarget() = default;

  // Sends `data` (Iopb filled in by the caller: major function, parameters,
  // TargetFileObject) to the instances of the volume below `initiating`
  // (all of them if `initiating` is NULL) and the file system, as Windows
  // sends I/O a filter issues: FLTFL_CALLBACK_DATA_GENERATED_IO,
  // RequestorMode KernelMode. Sets data->IoStatus and returns its Status.
  // An IRP_MJ_CREATE whose file object the file system did not open leaves
  // the file object closed; an IRP_MJ_CLOSE the cache manager holds back is
  // sent when the cache lets go. STATUS_FLT_DELETING_OBJECT if `initiating`
  // is not (or no longer) attached to the volume. No lock held while filter
  // callbacks run. PASSIVE_LEVEL or APC_LEVEL.
  virtual NTSTATUS Send(PFLT_CALLBACK_DATA data, PFLT_INSTANCE initiating) = 0;

  // A new FILE_OBJECT for an IRP_MJ_CREATE of `name` (from the volume root,
  // "\\dir\\a.txt"), not yet open. Owned by the filter manager.
  virtual PFILE_OBJECT NewFileObject(const std::wstring& name) = 0;

  // What the IRP_MJ_CREATE of `file_object` (from NewFileObject, not yet
  // sent) carries from the issuer's IO_DRIVER_CREATE_CONTEXT: `ecp_list`
  // (an ECP list, or null) is the create's ECP list for the filters below,
  // `transaction` (or null) the transaction the file object opens in. A
  // target without them ignores them.
  virtual void PrepareCreate(PFILE_OBJECT file_object, void* ecp_list,
                             PKTRANSACTION transaction) {}

  // The volume's disk device object (FltGetDiskDeviceObject): an object of
  // //ob the target owns, made at the first call; null with
  // *status STATUS_FLT_NO_DEVICE_OBJECT for a volume with no disk (a
  // network redirector), or STATUS_INSUFFICIENT_RESOURCES if the pool fails.
  virtual PDEVICE_OBJECT DiskDevice(NTSTATUS* status) {
    *status = STATUS_FLT_NO_DEVICE_OBJECT;
    return nullptr;
  }

  virtual VolumeFacts Facts() const = 0;
};

// Registers `target` for `volume`; returns an id for RemoveIoTarget.
// Thread-safe.
uint64_t AddIoTarget(PFLT_VOLUME volume, std::shared_ptr<IoTarget> target);
void RemoveIoTarget(uint64_t id);

// The target of `volume` (the newest registration), or null. Thread-safe.
std::shared_ptr<IoTarget> IoTargetOf(PFLT_VOLUME volume);

// The volumes with a target, oldest registration first. Thread-safe.
std::vector<PFLT_VOLUME> IoTargetVolumes();

}  // namespace wdk
}  // namespace fltctx

#endif  // FLTCTX_WDK_INTERNAL_IO_TARGET_H_
