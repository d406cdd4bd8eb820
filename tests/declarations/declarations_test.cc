// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The shared WDK declarations from C++: the x64 layouts of the structures
// drivers fill positionally or read by offset, the C++ forms (REFGUID,
// IsEqualGUID by reference), and, through the C translation units, the
// macros, the SEH keywords and the POOL_NX_OPTIN remapping.

#include <cstddef>

#include <fltKernel.h>
#include <ntifs.h>
#include <ntdddisk.h>
#include <ntstatus.h>
#include <guiddef.h>

#include "gtest/gtest.h"
#include "tests/declarations/declarations_c.h"

// Declared (not defined) here: the C translation unit defines it under
// INITGUID.
DEFINE_GUID(GUID_DECLARATIONS_TEST, 0x01234567, 0x89ab, 0xcdef, 0x01, 0x23, 0x45, 0x67, 0x89,
            0xab, 0xcd, 0xef);

namespace {

#define EXPECT_OFFSET(type, member, offset) \
  static_assert(offsetof(type, member) == (offset), #type "." #member)

// LLP64.
static_assert(sizeof(ULONG) == 4 && sizeof(LONG) == 4 && sizeof(ULONG_PTR) == 8, "LLP64");
static_assert(sizeof(WCHAR) == sizeof(wchar_t), "WCHAR is wchar_t");

// FLT_PARAMETERS, member by member (x64).
static_assert(sizeof(FLT_PARAMETERS) == 48, "FLT_PARAMETERS");
EXPECT_OFFSET(FLT_PARAMETERS, Create.SecurityContext, 0);
EXPECT_OFFSET(FLT_PARAMETERS, Create.Options, 8);
EXPECT_OFFSET(FLT_PARAMETERS, Create.FileAttributes, 16);
EXPECT_OFFSET(FLT_PARAMETERS, Create.ShareAccess, 18);
EXPECT_OFFSET(FLT_PARAMETERS, Create.EaLength, 24);
EXPECT_OFFSET(FLT_PARAMETERS, Create.EaBuffer, 32);
EXPECT_OFFSET(FLT_PARAMETERS, Create.AllocationSize, 40);
EXPECT_OFFSET(FLT_PARAMETERS, CreatePipe.ShareAccess, 18);
EXPECT_OFFSET(FLT_PARAMETERS, CreatePipe.Parameters, 24);
EXPECT_OFFSET(FLT_PARAMETERS, CreateMailslot.Parameters, 24);
EXPECT_OFFSET(FLT_PARAMETERS, Read.Key, 8);
EXPECT_OFFSET(FLT_PARAMETERS, Read.ByteOffset, 16);
EXPECT_OFFSET(FLT_PARAMETERS, Read.ReadBuffer, 24);
EXPECT_OFFSET(FLT_PARAMETERS, Read.MdlAddress, 32);
EXPECT_OFFSET(FLT_PARAMETERS, Write.WriteBuffer, 24);
EXPECT_OFFSET(FLT_PARAMETERS, QueryFileInformation.FileInformationClass, 8);
EXPECT_OFFSET(FLT_PARAMETERS, QueryFileInformation.InfoBuffer, 16);
EXPECT_OFFSET(FLT_PARAMETERS, SetFileInformation.ParentOfTarget, 16);
EXPECT_OFFSET(FLT_PARAMETERS, SetFileInformation.ReplaceIfExists, 24);
EXPECT_OFFSET(FLT_PARAMETERS, SetFileInformation.AdvanceOnly, 25);
EXPECT_OFFSET(FLT_PARAMETERS, SetFileInformation.DeleteHandle, 24);
EXPECT_OFFSET(FLT_PARAMETERS, SetFileInformation.InfoBuffer, 32);
EXPECT_OFFSET(FLT_PARAMETERS, QueryEa.EaList, 8);
EXPECT_OFFSET(FLT_PARAMETERS, QueryEa.EaListLength, 16);
EXPECT_OFFSET(FLT_PARAMETERS, QueryEa.EaIndex, 24);
EXPECT_OFFSET(FLT_PARAMETERS, QueryEa.EaBuffer, 32);
EXPECT_OFFSET(FLT_PARAMETERS, QueryEa.MdlAddress, 40);
EXPECT_OFFSET(FLT_PARAMETERS, SetEa.EaBuffer, 8);
EXPECT_OFFSET(FLT_PARAMETERS, SetEa.MdlAddress, 16);
EXPECT_OFFSET(FLT_PARAMETERS, QueryVolumeInformation.FsInformationClass, 8);
EXPECT_OFFSET(FLT_PARAMETERS, QueryVolumeInformation.VolumeBuffer, 16);
EXPECT_OFFSET(FLT_PARAMETERS, SetVolumeInformation.VolumeBuffer, 16);
EXPECT_OFFSET(FLT_PARAMETERS, DirectoryControl.QueryDirectory.FileName, 8);
EXPECT_OFFSET(FLT_PARAMETERS, DirectoryControl.QueryDirectory.FileInformationClass, 16);
EXPECT_OFFSET(FLT_PARAMETERS, DirectoryControl.QueryDirectory.FileIndex, 24);
EXPECT_OFFSET(FLT_PARAMETERS, DirectoryControl.QueryDirectory.DirectoryBuffer, 32);
EXPECT_OFFSET(FLT_PARAMETERS, DirectoryControl.QueryDirectory.MdlAddress, 40);
EXPECT_OFFSET(FLT_PARAMETERS, DirectoryControl.NotifyDirectory.CompletionFilter, 8);
EXPECT_OFFSET(FLT_PARAMETERS, DirectoryControl.NotifyDirectory.DirectoryBuffer, 32);
EXPECT_OFFSET(FLT_PARAMETERS, DirectoryControl.NotifyDirectoryEx.DirectoryNotifyInformationClass,
              16);
EXPECT_OFFSET(FLT_PARAMETERS, DirectoryControl.NotifyDirectoryEx.MdlAddress, 40);
EXPECT_OFFSET(FLT_PARAMETERS, FileSystemControl.VerifyVolume.Vpb, 0);
EXPECT_OFFSET(FLT_PARAMETERS, FileSystemControl.VerifyVolume.DeviceObject, 8);
EXPECT_OFFSET(FLT_PARAMETERS, FileSystemControl.Common.OutputBufferLength, 0);
EXPECT_OFFSET(FLT_PARAMETERS, FileSystemControl.Common.InputBufferLength, 8);
EXPECT_OFFSET(FLT_PARAMETERS, FileSystemControl.Common.FsControlCode, 16);
EXPECT_OFFSET(FLT_PARAMETERS, FileSystemControl.Neither.InputBuffer, 24);
EXPECT_OFFSET(FLT_PARAMETERS, FileSystemControl.Neither.OutputBuffer, 32);
EXPECT_OFFSET(FLT_PARAMETERS, FileSystemControl.Neither.OutputMdlAddress, 40);
EXPECT_OFFSET(FLT_PARAMETERS, FileSystemControl.Buffered.SystemBuffer, 24);
EXPECT_OFFSET(FLT_PARAMETERS, FileSystemControl.Direct.InputSystemBuffer, 24);
EXPECT_OFFSET(FLT_PARAMETERS, FileSystemControl.Direct.OutputMdlAddress, 40);
EXPECT_OFFSET(FLT_PARAMETERS, DeviceIoControl.Common.IoControlCode, 16);
EXPECT_OFFSET(FLT_PARAMETERS, DeviceIoControl.Neither.InputBuffer, 24);
EXPECT_OFFSET(FLT_PARAMETERS, DeviceIoControl.Buffered.SystemBuffer, 24);
EXPECT_OFFSET(FLT_PARAMETERS, DeviceIoControl.Direct.OutputMdlAddress, 40);
EXPECT_OFFSET(FLT_PARAMETERS, DeviceIoControl.FastIo.OutputBuffer, 32);
EXPECT_OFFSET(FLT_PARAMETERS, LockControl.Key, 8);
EXPECT_OFFSET(FLT_PARAMETERS, LockControl.ByteOffset, 16);
EXPECT_OFFSET(FLT_PARAMETERS, LockControl.ProcessId, 24);
EXPECT_OFFSET(FLT_PARAMETERS, LockControl.FailImmediately, 32);
EXPECT_OFFSET(FLT_PARAMETERS, LockControl.ExclusiveLock, 33);
EXPECT_OFFSET(FLT_PARAMETERS, QuerySecurity.Length, 8);
EXPECT_OFFSET(FLT_PARAMETERS, QuerySecurity.SecurityBuffer, 16);
EXPECT_OFFSET(FLT_PARAMETERS, QuerySecurity.MdlAddress, 24);
EXPECT_OFFSET(FLT_PARAMETERS, SetSecurity.SecurityDescriptor, 8);
EXPECT_OFFSET(FLT_PARAMETERS, WMI.DataPath, 8);
EXPECT_OFFSET(FLT_PARAMETERS, WMI.BufferSize, 16);
EXPECT_OFFSET(FLT_PARAMETERS, WMI.Buffer, 24);
EXPECT_OFFSET(FLT_PARAMETERS, QueryQuota.StartSid, 8);
EXPECT_OFFSET(FLT_PARAMETERS, QueryQuota.SidList, 16);
EXPECT_OFFSET(FLT_PARAMETERS, QueryQuota.SidListLength, 24);
EXPECT_OFFSET(FLT_PARAMETERS, QueryQuota.QuotaBuffer, 32);
EXPECT_OFFSET(FLT_PARAMETERS, QueryQuota.MdlAddress, 40);
EXPECT_OFFSET(FLT_PARAMETERS, SetQuota.MdlAddress, 16);
EXPECT_OFFSET(FLT_PARAMETERS, Pnp.StartDevice.AllocatedResourcesTranslated, 8);
EXPECT_OFFSET(FLT_PARAMETERS, Pnp.QueryInterface.Size, 8);
EXPECT_OFFSET(FLT_PARAMETERS, Pnp.QueryInterface.Version, 10);
EXPECT_OFFSET(FLT_PARAMETERS, Pnp.QueryInterface.Interface, 16);
EXPECT_OFFSET(FLT_PARAMETERS, Pnp.QueryInterface.InterfaceSpecificData, 24);
EXPECT_OFFSET(FLT_PARAMETERS, Pnp.ReadWriteConfig.Buffer, 8);
EXPECT_OFFSET(FLT_PARAMETERS, Pnp.ReadWriteConfig.Offset, 16);
EXPECT_OFFSET(FLT_PARAMETERS, Pnp.ReadWriteConfig.Length, 24);
EXPECT_OFFSET(FLT_PARAMETERS, Pnp.QueryDeviceText.LocaleId, 8);
EXPECT_OFFSET(FLT_PARAMETERS, Pnp.UsageNotification.Type, 8);
EXPECT_OFFSET(FLT_PARAMETERS, AcquireForSectionSynchronization.PageProtection, 4);
EXPECT_OFFSET(FLT_PARAMETERS, AcquireForSectionSynchronization.OutputInformation, 8);
EXPECT_OFFSET(FLT_PARAMETERS, AcquireForSectionSynchronization.Flags, 16);
EXPECT_OFFSET(FLT_PARAMETERS, AcquireForSectionSynchronization.AllocationAttributes, 20);
EXPECT_OFFSET(FLT_PARAMETERS, AcquireForModifiedPageWriter.ResourceToRelease, 8);
EXPECT_OFFSET(FLT_PARAMETERS, ReleaseForModifiedPageWriter.ResourceToRelease, 0);
EXPECT_OFFSET(FLT_PARAMETERS, QueryOpen.FileInformation, 8);
EXPECT_OFFSET(FLT_PARAMETERS, QueryOpen.Length, 16);
EXPECT_OFFSET(FLT_PARAMETERS, QueryOpen.FileInformationClass, 24);
EXPECT_OFFSET(FLT_PARAMETERS, FastIoCheckIfPossible.LockKey, 16);
EXPECT_OFFSET(FLT_PARAMETERS, FastIoCheckIfPossible.CheckForReadOperation, 24);
EXPECT_OFFSET(FLT_PARAMETERS, NetworkQueryOpen.NetworkInformation, 8);
EXPECT_OFFSET(FLT_PARAMETERS, MdlRead.Length, 8);
EXPECT_OFFSET(FLT_PARAMETERS, MdlRead.Key, 16);
EXPECT_OFFSET(FLT_PARAMETERS, MdlRead.MdlChain, 24);
EXPECT_OFFSET(FLT_PARAMETERS, PrepareMdlWrite.MdlChain, 24);
EXPECT_OFFSET(FLT_PARAMETERS, MdlWriteComplete.MdlChain, 8);
EXPECT_OFFSET(FLT_PARAMETERS, MountVolume.DeviceType, 0);
EXPECT_OFFSET(FLT_PARAMETERS, Others.Argument5, 32);
EXPECT_OFFSET(FLT_PARAMETERS, Others.Argument6, 40);
EXPECT_OFFSET(FLT_IO_PARAMETER_BLOCK, TargetFileObject, 8);
EXPECT_OFFSET(FLT_IO_PARAMETER_BLOCK, Parameters, 24);

// The registration structures drivers fill positionally.
EXPECT_OFFSET(FLT_OPERATION_REGISTRATION, Flags, 4);
EXPECT_OFFSET(FLT_OPERATION_REGISTRATION, PreOperation, 8);
EXPECT_OFFSET(FLT_OPERATION_REGISTRATION, PostOperation, 16);
EXPECT_OFFSET(FLT_OPERATION_REGISTRATION, Reserved1, 24);
EXPECT_OFFSET(FLT_CONTEXT_REGISTRATION, Flags, 2);
EXPECT_OFFSET(FLT_CONTEXT_REGISTRATION, ContextCleanupCallback, 8);
EXPECT_OFFSET(FLT_CONTEXT_REGISTRATION, Size, 16);
EXPECT_OFFSET(FLT_CONTEXT_REGISTRATION, PoolTag, 24);
EXPECT_OFFSET(FLT_CONTEXT_REGISTRATION, ContextAllocateCallback, 32);
EXPECT_OFFSET(FLT_CONTEXT_REGISTRATION, ContextFreeCallback, 40);
EXPECT_OFFSET(FLT_CONTEXT_REGISTRATION, Reserved1, 48);
EXPECT_OFFSET(FLT_REGISTRATION, Version, 2);
EXPECT_OFFSET(FLT_REGISTRATION, Flags, 4);
EXPECT_OFFSET(FLT_REGISTRATION, ContextRegistration, 8);
EXPECT_OFFSET(FLT_REGISTRATION, OperationRegistration, 16);
EXPECT_OFFSET(FLT_REGISTRATION, FilterUnloadCallback, 24);
EXPECT_OFFSET(FLT_REGISTRATION, InstanceSetupCallback, 32);
EXPECT_OFFSET(FLT_REGISTRATION, InstanceQueryTeardownCallback, 40);
EXPECT_OFFSET(FLT_REGISTRATION, InstanceTeardownStartCallback, 48);
EXPECT_OFFSET(FLT_REGISTRATION, InstanceTeardownCompleteCallback, 56);
EXPECT_OFFSET(FLT_REGISTRATION, GenerateFileNameCallback, 64);
EXPECT_OFFSET(FLT_REGISTRATION, NormalizeNameComponentCallback, 72);
EXPECT_OFFSET(FLT_REGISTRATION, NormalizeContextCleanupCallback, 80);
EXPECT_OFFSET(FLT_REGISTRATION, TransactionNotificationCallback, 88);
EXPECT_OFFSET(FLT_REGISTRATION, NormalizeNameComponentExCallback, 96);
EXPECT_OFFSET(FLT_REGISTRATION, SectionNotificationCallback, 104);
static_assert(sizeof(FLT_REGISTRATION) == 112, "FLT_REGISTRATION");
static_assert(sizeof(FLT_VOLUME_PROPERTIES) == 72, "FLT_VOLUME_PROPERTIES");
EXPECT_OFFSET(FLT_VOLUME_PROPERTIES, SectorSize, 16);
EXPECT_OFFSET(FLT_VOLUME_PROPERTIES, FileSystemDriverName, 24);
EXPECT_OFFSET(FLT_VOLUME_PROPERTIES, RealDeviceName, 56);

// Objects.
static_assert(sizeof(IO_STATUS_BLOCK) == 16, "IO_STATUS_BLOCK");
static_assert(sizeof(CLIENT_ID) == 16, "CLIENT_ID");
static_assert(sizeof(OBJECT_ATTRIBUTES) == 48, "OBJECT_ATTRIBUTES");
EXPECT_OFFSET(OBJECT_ATTRIBUTES, RootDirectory, 8);
EXPECT_OFFSET(OBJECT_ATTRIBUTES, ObjectName, 16);
EXPECT_OFFSET(OBJECT_ATTRIBUTES, Attributes, 24);
EXPECT_OFFSET(OBJECT_ATTRIBUTES, SecurityDescriptor, 32);
EXPECT_OFFSET(OBJECT_ATTRIBUTES, SecurityQualityOfService, 40);
static_assert(sizeof(DRIVER_OBJECT) == 0x150, "DRIVER_OBJECT");
EXPECT_OFFSET(DRIVER_OBJECT, DeviceObject, 0x08);
EXPECT_OFFSET(DRIVER_OBJECT, DriverExtension, 0x30);
EXPECT_OFFSET(DRIVER_OBJECT, DriverName, 0x38);
EXPECT_OFFSET(DRIVER_OBJECT, DriverUnload, 0x68);
EXPECT_OFFSET(DRIVER_OBJECT, MajorFunction, 0x70);
static_assert(sizeof(DEVICE_OBJECT) == 0x150, "DEVICE_OBJECT");
EXPECT_OFFSET(DEVICE_OBJECT, DriverObject, 0x08);
EXPECT_OFFSET(DEVICE_OBJECT, Flags, 0x30);
EXPECT_OFFSET(DEVICE_OBJECT, DeviceExtension, 0x40);
EXPECT_OFFSET(DEVICE_OBJECT, DeviceType, 0x48);
EXPECT_OFFSET(DEVICE_OBJECT, StackSize, 0x4C);
static_assert(sizeof(EXCEPTION_RECORD) == 152, "EXCEPTION_RECORD");

// File information (members before any WCHAR array are at Windows' offsets).
static_assert(sizeof(FILE_BASIC_INFORMATION) == 40, "FILE_BASIC_INFORMATION");
static_assert(sizeof(FILE_STANDARD_INFORMATION) == 24, "FILE_STANDARD_INFORMATION");
EXPECT_OFFSET(FILE_STANDARD_INFORMATION, DeletePending, 20);
EXPECT_OFFSET(FILE_STANDARD_INFORMATION, Directory, 21);
static_assert(sizeof(FILE_INTERNAL_INFORMATION) == 8, "FILE_INTERNAL_INFORMATION");
static_assert(sizeof(FILE_ID_128) == 16, "FILE_ID_128");
static_assert(sizeof(FILE_ID_INFORMATION) == 24, "FILE_ID_INFORMATION");
EXPECT_OFFSET(FILE_ID_INFORMATION, FileId, 8);
static_assert(sizeof(FILE_DISPOSITION_INFORMATION) == 1, "FILE_DISPOSITION_INFORMATION");
static_assert(sizeof(FILE_DISPOSITION_INFORMATION_EX) == 4, "FILE_DISPOSITION_INFORMATION_EX");
EXPECT_OFFSET(FILE_RENAME_INFORMATION, RootDirectory, 8);
EXPECT_OFFSET(FILE_RENAME_INFORMATION, FileNameLength, 16);
EXPECT_OFFSET(FILE_RENAME_INFORMATION, FileName, 20);
EXPECT_OFFSET(FILE_LINK_INFORMATION, FileName, 20);
static_assert(sizeof(FILE_END_OF_FILE_INFORMATION) == 8, "FILE_END_OF_FILE_INFORMATION");
static_assert(sizeof(FILE_OBJECTID_BUFFER) == 64, "FILE_OBJECTID_BUFFER");
EXPECT_OFFSET(FILE_OBJECTID_BUFFER, BirthVolumeId, 16);
EXPECT_OFFSET(FILE_OBJECTID_BUFFER, DomainId, 48);
EXPECT_OFFSET(FILE_NAME_INFORMATION, FileName, 4);
static_assert(sizeof(FILE_NETWORK_OPEN_INFORMATION) == 56, "FILE_NETWORK_OPEN_INFORMATION");
EXPECT_OFFSET(FILE_DIRECTORY_INFORMATION, FileAttributes, 56);
EXPECT_OFFSET(FILE_DIRECTORY_INFORMATION, FileName, 64);
EXPECT_OFFSET(FILE_BOTH_DIR_INFORMATION, ShortNameLength, 68);
EXPECT_OFFSET(FILE_STREAM_INFORMATION, StreamSize, 8);
static_assert(sizeof(FILE_FS_SIZE_INFORMATION) == 24, "FILE_FS_SIZE_INFORMATION");
static_assert(sizeof(FILE_FS_FULL_SIZE_INFORMATION) == 32, "FILE_FS_FULL_SIZE_INFORMATION");
EXPECT_OFFSET(FILE_FS_VOLUME_INFORMATION, SupportsObjects, 16);
EXPECT_OFFSET(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName, 12);
static_assert(sizeof(FILE_FS_SECTOR_SIZE_INFORMATION) == 28, "FILE_FS_SECTOR_SIZE_INFORMATION");
static_assert(sizeof(FS_FILTER_SECTION_SYNC_OUTPUT) == 16, "FS_FILTER_SECTION_SYNC_OUTPUT");

// Registry, transactions, disks.
static_assert(sizeof(KEY_VALUE_PARTIAL_INFORMATION) == 16, "KEY_VALUE_PARTIAL_INFORMATION");
EXPECT_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data, 12);
static_assert(sizeof(RTL_QUERY_REGISTRY_TABLE) == 56, "RTL_QUERY_REGISTRY_TABLE");
EXPECT_OFFSET(RTL_QUERY_REGISTRY_TABLE, DefaultLength, 48);
static_assert(sizeof(TRANSACTION_BASIC_INFORMATION) == 24, "TRANSACTION_BASIC_INFORMATION");
static_assert(sizeof(DISK_GEOMETRY) == 24, "DISK_GEOMETRY");
static_assert(sizeof(DISK_CLUSTER_INFO) == 32, "DISK_CLUSTER_INFO");
static_assert(sizeof(IO_DRIVER_CREATE_CONTEXT) == 40, "IO_DRIVER_CREATE_CONTEXT");

// Values.
static_assert(KEY_READ == 0x20019, "KEY_READ");
static_assert(FILE_ALL_ACCESS == 0x1F01FF, "FILE_ALL_ACCESS");
static_assert(FILE_GENERIC_READ == 0x120089, "FILE_GENERIC_READ");
static_assert(FILE_GENERIC_WRITE == 0x120116, "FILE_GENERIC_WRITE");
static_assert(FileMaximumInformation == 84, "FILE_INFORMATION_CLASS");
static_assert(FileDispositionInformationEx == 64 && FileIdInformation == 59, "classes");
static_assert(IRP_MJ_MAXIMUM_FUNCTION + 1 == 28, "MajorFunction entries");

TEST(Declarations, MacrosEvaluateAsOnWindowsFromC) { EXPECT_EQ(DeclarationsCheckC(), 0); }

TEST(Declarations, RunTimeLibraryDeclarationsWorkFromC) { EXPECT_EQ(DeclarationsCheckRtlC(), 0); }

TEST(Declarations, GuidsCompareByReferenceInCpp) {
  const GUID copy = GUID_DECLARATIONS_TEST;
  REFGUID ref = copy;
  EXPECT_TRUE(IsEqualGUID(ref, GUID_DECLARATIONS_TEST));
  EXPECT_TRUE(InlineIsEqualGUID(GUID_ECP_OPLOCK_KEY, GUID_ECP_OPLOCK_KEY));
  EXPECT_TRUE(copy == GUID_DECLARATIONS_TEST);
  EXPECT_TRUE(GUID_ECP_SRV_OPEN != GUID_ECP_NFS_OPEN);
  // Defined by the C translation unit under INITGUID, declared here.
  EXPECT_EQ(GUID_DECLARATIONS_TEST.Data1, 0x01234567u);
  EXPECT_EQ(GUID_DECLARATIONS_TEST.Data4[7], 0xef);
}

TEST(Declarations, TypedPointersThroughInterlockedPointerFormsInCpp) {
  struct Item {
    int value;
  } item{3};
  Item* slot = nullptr;
  Item* previous = InterlockedExchangePointer(&slot, &item);
  EXPECT_EQ(previous, nullptr);
  EXPECT_EQ(InterlockedCompareExchangePointer(&slot, static_cast<Item*>(nullptr), &item), &item);
  EXPECT_EQ(slot, nullptr);
}

TEST(SehKeywords, FinallyRunsAfterTheBody) { EXPECT_EQ(SehFinallyAfterBody(), 123); }

TEST(SehKeywords, FinallyRunsAfterLeave) { EXPECT_EQ(SehFinallyAfterLeave(), 123); }

TEST(SehKeywords, ExceptHandlerNeverRuns) { EXPECT_EQ(SehExceptHandlerSkipped(), 12); }

TEST(SehKeywords, UnderscoreFormsNestAndLeave) { EXPECT_EQ(SehUpperCaseForms(), 1234); }

}  // namespace

namespace {

TEST(Declarations, IntsafeChecksOverflowFromC) { EXPECT_EQ(IntsafeCheckC(), 0); }

TEST(Declarations, NtddiVersionIsSettable) {
  EXPECT_EQ(NtddiVersionSeen(), static_cast<unsigned long>(NTDDI_WIN7));
  EXPECT_EQ(Win32WinntSeen(), static_cast<unsigned long>(_WIN32_WINNT_WIN7));
  EXPECT_EQ(NTDDI_VERSION, NTDDI_WIN10_NI) << "the default, here";
}

}  // namespace
