// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/internal/issued_target.cc
// -----------------------------------------------------------------------------
//
// The I/O target of one simulated volume (test side, internal to fltctx/io).

#include "fltctx/io/internal/issued_target.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "fltctx/ecp.h"
#include "fltctx/io/internal/request.h"
#include "fltctx/wdk/internal/handles.h"
#include "ob/objects.h"
#include "poolsim/environment.h"
#include "poolsim/internal/lock.h"

namespace fltctx {
namespace io {
namespace io_internal {
namespace {

// The volume's creation time on the simulated clock (FILETIME units).
constexpr LONGLONG kVolumeCreated = 132000000000000000LL;
constexpr ULONG kBytesPerSector = 512;
constexpr ULONG kSectorsPerCluster = 8;

void Finish(Request& r, NTSTATUS status, ULONG_PTR information) {
  r.data.IoStatus.Status = status;
  r.data.IoStatus.Information = information;
}

// Copies `name` after a fixed part of `fixed` bytes into `buffer` of
// `length` bytes; returns what Information says and sets `*status`
// (STATUS_BUFFER_OVERFLOW if the name was cut).
ULONG_PTR CopyName(const std::wstring& name, void* buffer, ULONG length, size_t fixed,
                   NTSTATUS* status) {
  const size_t bytes = name.size() * sizeof(WCHAR);
  const size_t room = length - fixed;
  const size_t copied = std::min(bytes, room - room % sizeof(WCHAR));
  auto* out = static_cast<unsigned char*>(buffer) + fixed;
  for (size_t i = 0; i < copied / sizeof(WCHAR); ++i) {
    const WCHAR c = static_cast<WCHAR>(name[i]);
    std::memcpy(out + i * sizeof(WCHAR), &c, sizeof(WCHAR));
  }
  *status = copied < bytes ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
  return fixed + copied;
}

// 'DskD': the pool tag of the disk device objects FltGetDiskDeviceObject
// returns.
constexpr ULONG kDiskDeviceTag = 0x446b7344;

// A disk device object with the environment that frees it.
struct DiskDevice {
  DEVICE_OBJECT device;
  poolsim::Environment* env;
};

// The last reference to a disk device object went (the volume's, then the
// drivers'): its block goes back to the pool.
void DeleteDiskDevice(void* body) {
  auto* disk = static_cast<DiskDevice*>(body);
  disk->env->Free(disk, poolsim::PoolTag(kDiskDeviceTag), /*check_tag=*/true);
}

_OBJECT_TYPE kDeviceType = {"Device", 0x69766544 /* 'Devi' */, nullptr, DeleteDiskDevice};

class IssuedTarget final : public wdk::IoTarget {
 public:
  IssuedTarget(std::weak_ptr<void> owner, FilterManager& manager, PFLT_VOLUME volume,
               FileSystem& fs, Dispatcher& dispatcher, wdk::VolumeFacts facts)
      : owner_(std::move(owner)),
        manager_(manager),
        volume_(volume),
        fs_(fs),
        dispatcher_(dispatcher),
        facts_(std::move(facts)) {}

  NTSTATUS Send(PFLT_CALLBACK_DATA data, PFLT_INSTANCE initiating) override {
    std::shared_ptr<void> alive = owner_.lock();
    if (alive == nullptr) {
      data->IoStatus.Status = STATUS_VOLUME_DISMOUNTED;
      data->IoStatus.Information = 0;
      return STATUS_VOLUME_DISMOUNTED;
    }
    const UCHAR major = data->Iopb->MajorFunction;
    PFILE_OBJECT fo = data->Iopb->TargetFileObject;
    if (major == IRP_MJ_CLOSE && fs_.HoldForCache(fo)) {
      // The cache manager still references the file object: its
      // IRP_MJ_CLOSE comes when the cache lets go (Volume::ReleaseCache).
      data->IoStatus.Status = STATUS_SUCCESS;
      data->IoStatus.Information = 0;
      return STATUS_SUCCESS;
    }
    Request req(major, fo);
    req.iopb = *data->Iopb;
    req.iopb.TargetInstance = nullptr;
    req.data.Flags = FLTFL_CALLBACK_DATA_IRP_OPERATION | FLTFL_CALLBACK_DATA_GENERATED_IO;
    req.data.RequestorMode = KernelMode;
    req.data.Thread = data->Thread;
    // The issuer's ECP list is the create's while it travels.
    void* ecp_list = major == IRP_MJ_CREATE ? TakeEcpList(fo) : nullptr;
    if (ecp_list != nullptr) ecp::SetCreateEcpList(&req.data, ecp_list);
    NTSTATUS status =
        dispatcher_.SendBelow(req, [this](Request& r) { CarryOut(r); }, initiating);
    if (major == IRP_MJ_CREATE) {
      // Over: the list (the issuer's, or one a filter set) leaves it.
      ecp::ClearCreateEcpList(&req.data);
      status = FinishCreate(fo, status);
    }
    data->IoStatus = req.data.IoStatus;
    data->IoStatus.Status = status;
    return status;
  }

  PFILE_OBJECT NewFileObject(const std::wstring& name) override {
    return wdk::MakeFileObject(manager_, manager_.NewFileObject(wdk::ToCore(volume_)), name);
  }

  wdk::VolumeFacts Facts() const override { return facts_; }

  // The volume's kernel reference to its disk device goes with the volume;
  // a driver still referencing it keeps it (and is reported).
  ~IssuedTarget() override {
    poolsim::poolsim_internal::MutexLock l(&mu_);
    if (disk_ != nullptr) ob::RemoveObject(manager_.environment(), disk_);
  }

  PDEVICE_OBJECT DiskDevice(NTSTATUS* status) override {
    if (facts_.disk_device_type != FILE_DEVICE_DISK) {
      *status = STATUS_FLT_NO_DEVICE_OBJECT;  // a network volume has no disk
      return nullptr;
    }
    poolsim::poolsim_internal::MutexLock l(&mu_);
    if (disk_ == nullptr) {
      poolsim::Environment& env = manager_.environment();
      poolsim::AllocateRequest ar;
      ar.bytes = sizeof(io_internal::DiskDevice);
      ar.tag = poolsim::PoolTag(kDiskDeviceTag);
      ar.kind = poolsim::PoolKind::kNonPaged;
      ar.pool_type = NonPagedPool;
      ar.zero = true;
      ar.legacy_tag_rules = false;
      auto* disk = static_cast<io_internal::DiskDevice*>(env.Allocate(ar));
      if (disk == nullptr) {
        *status = STATUS_INSUFFICIENT_RESOURCES;
        return nullptr;
      }
      disk->env = &env;
      disk->device.Type = IO_TYPE_DEVICE;
      disk->device.Size = sizeof(DEVICE_OBJECT);
      disk->device.DeviceType = facts_.disk_device_type;
      disk->device.Characteristics = facts_.device_characteristics;
      disk->device.StackSize = 1;
      ob::InsertObject(env, disk, &kDeviceType, "disk device of a simulated volume");
      disk_ = &disk->device;
    }
    *status = STATUS_SUCCESS;
    return disk_;
  }

  void PrepareCreate(PFILE_OBJECT fo, void* ecp_list, PKTRANSACTION transaction) override {
    if (transaction != nullptr) fs_.AttachTransaction(fo, transaction);
    if (ecp_list == nullptr) return;
    poolsim::poolsim_internal::MutexLock l(&mu_);
    ecp_lists_[fo] = ecp_list;
  }

 private:
  void* TakeEcpList(PFILE_OBJECT fo) {
    poolsim::poolsim_internal::MutexLock l(&mu_);
    auto it = ecp_lists_.find(fo);
    if (it == ecp_lists_.end()) return nullptr;
    void* list = it->second;
    ecp_lists_.erase(it);
    return list;
  }

  // The create's outcome for the file object: open only if the file system
  // opened it and the request succeeded (a filter may have failed it after
  // the file system, or cancelled the open).
  NTSTATUS FinishCreate(PFILE_OBJECT fo, NTSTATUS status) {
    FileObject* core = wdk::ToCore(fo);
    if (NT_SUCCESS(status) && FilterManager::IsOpen(core)) return status;
    fs_.DetachTransaction(fo);  // a failed create opened nothing in it
    if (fs_.UndoOpen(fo)) {
      manager_.CloseFileObject(core);
    } else {
      manager_.AbandonFileObject(core);
    }
    return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
  }

  // The file system's part of the request.
  void CarryOut(Request& r) {
    switch (r.iopb.MajorFunction) {
      case IRP_MJ_CREATE:
        fs_.Create(r);
        return;
      case IRP_MJ_READ:
        if (!MisalignedNonCached(r)) fs_.Read(r);
        return;
      case IRP_MJ_WRITE:
        if (!MisalignedNonCached(r)) fs_.Write(r);
        return;
      case IRP_MJ_QUERY_INFORMATION:
        fs_.QueryInformation(r);
        return;
      case IRP_MJ_SET_INFORMATION:
        fs_.SetInformation(r);
        return;
      case IRP_MJ_CLEANUP:
        fs_.Cleanup(r);
        return;
      case IRP_MJ_CLOSE:
        fs_.Close(r);
        return;
      case IRP_MJ_FLUSH_BUFFERS:
        // Nothing is buffered below the in-memory file system.
        Finish(r,
               FilterManager::IsOpen(wdk::ToCore(r.iopb.TargetFileObject)) ? STATUS_SUCCESS
                                                                           : STATUS_FILE_CLOSED,
               0);
        return;
      case IRP_MJ_QUERY_VOLUME_INFORMATION:
        QueryVolume(r);
        return;
      case IRP_MJ_FILE_SYSTEM_CONTROL:
        fs_.FileSystemControl(r);
        return;
      case IRP_MJ_DIRECTORY_CONTROL:
        fs_.DirectoryControl(r);
        return;
      default:
        // Device IOCTLs and the rest: what the file system does not
        // implement, it fails as a real one does.
        Finish(r, STATUS_INVALID_DEVICE_REQUEST, 0);
        return;
    }
  }

  // A non-cached read or write (IRP_NOCACHE, not paging I/O) must start at a
  // sector boundary and cover whole sectors, as the file system requires of
  // I/O that bypasses the cache: else STATUS_INVALID_PARAMETER. True if it
  // failed the request.
  static bool MisalignedNonCached(Request& r) {
    if ((r.iopb.IrpFlags & IRP_NOCACHE) == 0 || (r.iopb.IrpFlags & IRP_PAGING_IO) != 0) {
      return false;
    }
    const bool write = r.iopb.MajorFunction == IRP_MJ_WRITE;
    const LONGLONG offset = write ? r.iopb.Parameters.Write.ByteOffset.QuadPart
                                  : r.iopb.Parameters.Read.ByteOffset.QuadPart;
    const ULONG length = write ? r.iopb.Parameters.Write.Length : r.iopb.Parameters.Read.Length;
    if (offset % kBytesPerSector == 0 && length % kBytesPerSector == 0) return false;
    Finish(r, STATUS_INVALID_PARAMETER, 0);
    return true;
  }

  void QueryVolume(Request& r) {
    auto& p = r.iopb.Parameters.QueryVolumeInformation;
    void* buffer = p.VolumeBuffer;
    const ULONG length = p.Length;
    NTSTATUS status = STATUS_SUCCESS;
    switch (p.FsInformationClass) {
      case FileFsVolumeInformation: {
        constexpr size_t kFixed = offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel);
        if (length < kFixed) return Finish(r, STATUS_INFO_LENGTH_MISMATCH, 0);
        FILE_FS_VOLUME_INFORMATION info = {};
        info.VolumeCreationTime.QuadPart = kVolumeCreated;
        info.VolumeSerialNumber = facts_.serial_number;
        info.VolumeLabelLength = 0;  // no label
        info.SupportsObjects = (facts_.attributes & FILE_SUPPORTS_OBJECT_IDS) != 0;
        std::memcpy(buffer, &info, kFixed);
        return Finish(r, STATUS_SUCCESS, kFixed);
      }
      case FileFsSizeInformation:
      case FileFsFullSizeInformation: {
        // The volume's capacity; what its streams hold is not counted here
        // (the whole capacity is reported available).
        const bool full = p.FsInformationClass == FileFsFullSizeInformation;
        const size_t bytes =
            full ? sizeof(FILE_FS_FULL_SIZE_INFORMATION) : sizeof(FILE_FS_SIZE_INFORMATION);
        if (length < bytes) return Finish(r, STATUS_INFO_LENGTH_MISMATCH, 0);
        const LONGLONG units =
            static_cast<LONGLONG>(facts_.capacity / (kBytesPerSector * kSectorsPerCluster));
        if (full) {
          FILE_FS_FULL_SIZE_INFORMATION info = {};
          info.TotalAllocationUnits.QuadPart = units;
          info.CallerAvailableAllocationUnits.QuadPart = units;
          info.ActualAvailableAllocationUnits.QuadPart = units;
          info.SectorsPerAllocationUnit = kSectorsPerCluster;
          info.BytesPerSector = kBytesPerSector;
          std::memcpy(buffer, &info, sizeof(info));
        } else {
          FILE_FS_SIZE_INFORMATION info = {};
          info.TotalAllocationUnits.QuadPart = units;
          info.AvailableAllocationUnits.QuadPart = units;
          info.SectorsPerAllocationUnit = kSectorsPerCluster;
          info.BytesPerSector = kBytesPerSector;
          std::memcpy(buffer, &info, sizeof(info));
        }
        return Finish(r, STATUS_SUCCESS, bytes);
      }
      case FileFsDeviceInformation: {
        if (length < sizeof(FILE_FS_DEVICE_INFORMATION)) {
          return Finish(r, STATUS_INFO_LENGTH_MISMATCH, 0);
        }
        FILE_FS_DEVICE_INFORMATION info = {};
        info.DeviceType = facts_.disk_device_type;
        info.Characteristics = facts_.device_characteristics;
        std::memcpy(buffer, &info, sizeof(info));
        return Finish(r, STATUS_SUCCESS, sizeof(info));
      }
      case FileFsAttributeInformation: {
        constexpr size_t kFixed = offsetof(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName);
        if (length < kFixed) return Finish(r, STATUS_INFO_LENGTH_MISMATCH, 0);
        FILE_FS_ATTRIBUTE_INFORMATION info = {};
        info.FileSystemAttributes = facts_.attributes;
        info.MaximumComponentNameLength = static_cast<LONG>(facts_.max_component);
        info.FileSystemNameLength =
            static_cast<ULONG>(facts_.file_system_name.size() * sizeof(WCHAR));
        std::memcpy(buffer, &info, kFixed);
        const ULONG_PTR written =
            CopyName(facts_.file_system_name, buffer, length, kFixed, &status);
        return Finish(r, status, written);
      }
      default:
        return Finish(r, STATUS_INVALID_INFO_CLASS, 0);
    }
  }

  const std::weak_ptr<void> owner_;
  FilterManager& manager_;
  const PFLT_VOLUME volume_;
  FileSystem& fs_;
  Dispatcher& dispatcher_;
  const wdk::VolumeFacts facts_;
  poolsim::poolsim_internal::Mutex mu_;
  // The ECP lists of creates prepared and not yet sent, by file object.
  std::unordered_map<PFILE_OBJECT, void*> ecp_lists_ ABSL_GUARDED_BY(mu_);
  PDEVICE_OBJECT disk_ ABSL_GUARDED_BY(mu_) = nullptr;  // made at the first DiskDevice
};

}  // namespace

wdk::VolumeFacts FactsOf(const VolumeOptions& volume, const FileSystemOptions& fs) {
  wdk::VolumeFacts f;
  f.capacity = fs.capacity;
  f.serial_number = 0x5EED0001;
  if (!volume.supports_stream_contexts) {
    f.file_system_type = FLT_FSTYPE_MUP;
    f.device_type = FILE_DEVICE_NETWORK_FILE_SYSTEM;
    f.disk_device_type = FILE_DEVICE_NETWORK_FILE_SYSTEM;
    f.device_characteristics = FILE_REMOTE_DEVICE;
    f.file_system_name = L"NTFS";  // what the server's file system says
    f.file_system_driver = L"\\FileSystem\\Mup";
    f.file_system_device = L"\\Device\\Mup";
    f.attributes = FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK;
  } else if (!fs.named_streams) {
    f.file_system_type = FLT_FSTYPE_FAT;
    f.file_system_name = L"FAT32";
    f.file_system_driver = L"\\FileSystem\\fastfat";
    f.file_system_device = L"\\Fat";
    f.attributes = FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK;
  } else {
    f.attributes = FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK | FILE_NAMED_STREAMS |
                   FILE_SUPPORTS_HARD_LINKS;
  }
  return f;
}

std::shared_ptr<wdk::IoTarget> MakeIssuedTarget(std::weak_ptr<void> owner,
                                                FilterManager& manager, PFLT_VOLUME volume,
                                                FileSystem& fs, Dispatcher& dispatcher,
                                                wdk::VolumeFacts facts) {
  return std::make_shared<IssuedTarget>(std::move(owner), manager, volume, fs, dispatcher,
                                        std::move(facts));
}

}  // namespace io_internal
}  // namespace io
}  // namespace fltctx
