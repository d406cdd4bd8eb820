/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: wdkhost/wdk/flt_functions.h
 * -----------------------------------------------------------------------------
 *
 * Functions and data a filter may name that the host does not provide yet
 * (host surface): the I/O a filter issues itself, object references and
 * enumeration, processes and handles, communication ports, the registry,
 * extra create parameters, sections and transactions. They are declared with
 * the WDK's signatures so that a filter compiles unchanged; none is defined.
 * Each is bound to a link name that says so: a call links as
 *   undefined reference to `FltQueryInformationFile__not_provided_by_fltctx'
 * never as a silent stub. docs/wdk-headers.md lists them; when one is
 * implemented, its declaration moves to its layer's surface header. C and
 * C++; reached through <fltKernel.h> and <ntifs.h>. */

#ifndef WDKHOST_WDK_FLT_FUNCTIONS_H_
#define WDKHOST_WDK_FLT_FUNCTIONS_H_

#include "fltctx/wdk/fltkernel.h"
#include "wdkhost/wdk/flt_types.h"
#include "wdkhost/wdk/ntifs_decls.h"

POOLSIM_BEGIN_EXTERN_C

#define WDKHOST_NOT_PROVIDED(name) __asm__(#name "__not_provided_by_fltctx")

/* ---------------------------------------------------------------------------
 * I/O a filter issues itself.
 * ------------------------------------------------------------------------- */
NTSTATUS FLTAPI FltQueryInformationFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                        PVOID FileInformation, ULONG Length,
                                        FILE_INFORMATION_CLASS FileInformationClass,
                                        PULONG LengthReturned)
    WDKHOST_NOT_PROVIDED(FltQueryInformationFile);
NTSTATUS FLTAPI FltSetInformationFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                      PVOID FileInformation, ULONG Length,
                                      FILE_INFORMATION_CLASS FileInformationClass)
    WDKHOST_NOT_PROVIDED(FltSetInformationFile);
NTSTATUS FLTAPI FltReadFile(PFLT_INSTANCE InitiatingInstance, PFILE_OBJECT FileObject,
                            PLARGE_INTEGER ByteOffset, ULONG Length, PVOID Buffer,
                            FLT_IO_OPERATION_FLAGS Flags, PULONG BytesRead,
                            PFLT_COMPLETED_ASYNC_IO_CALLBACK CallbackRoutine,
                            PVOID CallbackContext) WDKHOST_NOT_PROVIDED(FltReadFile);
NTSTATUS FLTAPI FltWriteFile(PFLT_INSTANCE InitiatingInstance, PFILE_OBJECT FileObject,
                             PLARGE_INTEGER ByteOffset, ULONG Length, PVOID Buffer,
                             FLT_IO_OPERATION_FLAGS Flags, PULONG BytesWritten,
                             PFLT_COMPLETED_ASYNC_IO_CALLBACK CallbackRoutine,
                             PVOID CallbackContext) WDKHOST_NOT_PROVIDED(FltWriteFile);
NTSTATUS FLTAPI FltCreateFile(PFLT_FILTER Filter, PFLT_INSTANCE Instance, PHANDLE FileHandle,
                              ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                              PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize,
                              ULONG FileAttributes, ULONG ShareAccess, ULONG CreateDisposition,
                              ULONG CreateOptions, PVOID EaBuffer, ULONG EaLength, ULONG Flags)
    WDKHOST_NOT_PROVIDED(FltCreateFile);
NTSTATUS FLTAPI FltCreateFileEx(PFLT_FILTER Filter, PFLT_INSTANCE Instance, PHANDLE FileHandle,
                                PFILE_OBJECT* FileObject, ACCESS_MASK DesiredAccess,
                                POBJECT_ATTRIBUTES ObjectAttributes,
                                PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize,
                                ULONG FileAttributes, ULONG ShareAccess,
                                ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer,
                                ULONG EaLength, ULONG Flags)
    WDKHOST_NOT_PROVIDED(FltCreateFileEx);
NTSTATUS FLTAPI FltCreateFileEx2(PFLT_FILTER Filter, PFLT_INSTANCE Instance, PHANDLE FileHandle,
                                 PFILE_OBJECT* FileObject, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes,
                                 PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize,
                                 ULONG FileAttributes, ULONG ShareAccess,
                                 ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer,
                                 ULONG EaLength, ULONG Flags,
                                 PIO_DRIVER_CREATE_CONTEXT DriverContext)
    WDKHOST_NOT_PROVIDED(FltCreateFileEx2);
NTSTATUS FLTAPI FltClose(HANDLE FileHandle) WDKHOST_NOT_PROVIDED(FltClose);
NTSTATUS FLTAPI FltFsControlFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                 ULONG FsControlCode, PVOID InputBuffer, ULONG InputBufferLength,
                                 PVOID OutputBuffer, ULONG OutputBufferLength,
                                 PULONG LengthReturned) WDKHOST_NOT_PROVIDED(FltFsControlFile);
NTSTATUS FLTAPI FltDeviceIoControlFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                       ULONG IoControlCode, PVOID InputBuffer,
                                       ULONG InputBufferLength, PVOID OutputBuffer,
                                       ULONG OutputBufferLength, PULONG LengthReturned)
    WDKHOST_NOT_PROVIDED(FltDeviceIoControlFile);
NTSTATUS FLTAPI FltQueryVolumeInformation(PFLT_INSTANCE Instance, PIO_STATUS_BLOCK Iosb,
                                          PVOID FsInformation, ULONG Length,
                                          FS_INFORMATION_CLASS FsInformationClass)
    WDKHOST_NOT_PROVIDED(FltQueryVolumeInformation);
NTSTATUS FLTAPI FltQueryVolumeInformationFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                              PVOID FsInformation, ULONG Length,
                                              FS_INFORMATION_CLASS FsInformationClass,
                                              PULONG LengthReturned)
    WDKHOST_NOT_PROVIDED(FltQueryVolumeInformationFile);
NTSTATUS FLTAPI FltQueryDirectoryFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                      PVOID FileInformation, ULONG Length,
                                      FILE_INFORMATION_CLASS FileInformationClass,
                                      BOOLEAN ReturnSingleEntry, PUNICODE_STRING FileName,
                                      BOOLEAN RestartScan, PULONG LengthReturned)
    WDKHOST_NOT_PROVIDED(FltQueryDirectoryFile);
NTSTATUS FLTAPI FltFlushBuffers(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject)
    WDKHOST_NOT_PROVIDED(FltFlushBuffers);
NTSTATUS FLTAPI FltIsDirectory(PFILE_OBJECT FileObject, PFLT_INSTANCE Instance,
                               PBOOLEAN IsDirectory) WDKHOST_NOT_PROVIDED(FltIsDirectory);
NTSTATUS FLTAPI FltIsVolumeWritable(PVOID FltObject, PBOOLEAN IsWritable)
    WDKHOST_NOT_PROVIDED(FltIsVolumeWritable);
NTSTATUS FLTAPI FltGetFileSystemType(PVOID FltObject, PFLT_FILESYSTEM_TYPE FileSystemType)
    WDKHOST_NOT_PROVIDED(FltGetFileSystemType);
NTSTATUS FLTAPI FltGetVolumeProperties(PFLT_VOLUME Volume,
                                       PFLT_VOLUME_PROPERTIES VolumeProperties,
                                       ULONG VolumePropertiesLength, PULONG LengthReturned)
    WDKHOST_NOT_PROVIDED(FltGetVolumeProperties);
NTSTATUS FLTAPI FltGetDiskDeviceObject(PFLT_VOLUME Volume, PDEVICE_OBJECT* DiskDeviceObject)
    WDKHOST_NOT_PROVIDED(FltGetDiskDeviceObject);
VOID FLTAPI FltCancelFileOpen(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject)
    WDKHOST_NOT_PROVIDED(FltCancelFileOpen);
NTSTATUS FLTAPI FltAllocateCallbackData(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                        PFLT_CALLBACK_DATA* RetNewCallbackData)
    WDKHOST_NOT_PROVIDED(FltAllocateCallbackData);
VOID FLTAPI FltPerformSynchronousIo(PFLT_CALLBACK_DATA CallbackData)
    WDKHOST_NOT_PROVIDED(FltPerformSynchronousIo);
VOID FLTAPI FltFreeCallbackData(PFLT_CALLBACK_DATA CallbackData)
    WDKHOST_NOT_PROVIDED(FltFreeCallbackData);
BOOLEAN FLTAPI FltIsOperationSynchronous(PFLT_CALLBACK_DATA CallbackData)
    WDKHOST_NOT_PROVIDED(FltIsOperationSynchronous);
/* FltGetRequestorProcessId: fltctx/wdk/flt_objects.h. */
PTXN_PARAMETER_BLOCK NTAPI IoGetTransactionParameterBlock(PFILE_OBJECT FileObject)
    WDKHOST_NOT_PROVIDED(IoGetTransactionParameterBlock);

/* ---------------------------------------------------------------------------
 * Objects, enumeration, processes and handles.
 * ------------------------------------------------------------------------- */
/* References and enumeration of filter-manager objects: fltctx/wdk/flt_objects.h. */

/* Object references, handles and processes: ob/wdk/ob.h. */

/* ---------------------------------------------------------------------------
 * Communication ports and security descriptors.
 * ------------------------------------------------------------------------- */
NTSTATUS FLTAPI FltCreateCommunicationPort(PFLT_FILTER Filter, PFLT_PORT* ServerPort,
                                           POBJECT_ATTRIBUTES ObjectAttributes,
                                           PVOID ServerPortCookie,
                                           PFLT_CONNECT_NOTIFY ConnectNotifyCallback,
                                           PFLT_DISCONNECT_NOTIFY DisconnectNotifyCallback,
                                           PFLT_MESSAGE_NOTIFY MessageNotifyCallback,
                                           LONG MaxConnections)
    WDKHOST_NOT_PROVIDED(FltCreateCommunicationPort);
VOID FLTAPI FltCloseCommunicationPort(PFLT_PORT ServerPort)
    WDKHOST_NOT_PROVIDED(FltCloseCommunicationPort);
NTSTATUS FLTAPI FltSendMessage(PFLT_FILTER Filter, PFLT_PORT* ClientPort, PVOID SenderBuffer,
                               ULONG SenderBufferLength, PVOID ReplyBuffer, PULONG ReplyLength,
                               PLARGE_INTEGER Timeout) WDKHOST_NOT_PROVIDED(FltSendMessage);
VOID FLTAPI FltCloseClientPort(PFLT_FILTER Filter, PFLT_PORT* ClientPort)
    WDKHOST_NOT_PROVIDED(FltCloseClientPort);
NTSTATUS FLTAPI FltBuildDefaultSecurityDescriptor(PSECURITY_DESCRIPTOR* SecurityDescriptor,
                                                  ACCESS_MASK DesiredAccess)
    WDKHOST_NOT_PROVIDED(FltBuildDefaultSecurityDescriptor);
VOID FLTAPI FltFreeSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor)
    WDKHOST_NOT_PROVIDED(FltFreeSecurityDescriptor);

/* ---------------------------------------------------------------------------
 * Registry.
 * ------------------------------------------------------------------------- */
/* The registry routines: registry/wdk/zw_registry.h; MmGetSystemRoutineAddress:
 * ob/wdk/system_routines.h; FsRtlIsNtstatusExpected, RtlSetDaclSecurityDescriptor,
 * IoGetStackLimits, ExUuidCreate: ob/wdk/kernel_misc.h. */

/* ---------------------------------------------------------------------------
 * Extra create parameters.
 * ------------------------------------------------------------------------- */
NTSTATUS FLTAPI FltGetEcpListFromCallbackData(PFLT_FILTER Filter,
                                              PFLT_CALLBACK_DATA CallbackData,
                                              PECP_LIST* EcpList)
    WDKHOST_NOT_PROVIDED(FltGetEcpListFromCallbackData);
NTSTATUS FLTAPI FltSetEcpListIntoCallbackData(PFLT_FILTER Filter,
                                              PFLT_CALLBACK_DATA CallbackData,
                                              PECP_LIST EcpList)
    WDKHOST_NOT_PROVIDED(FltSetEcpListIntoCallbackData);
NTSTATUS FLTAPI FltAllocateExtraCreateParameterList(PFLT_FILTER Filter,
                                                    FSRTL_ALLOCATE_ECPLIST_FLAGS Flags,
                                                    PECP_LIST* EcpList)
    WDKHOST_NOT_PROVIDED(FltAllocateExtraCreateParameterList);
NTSTATUS FLTAPI FltAllocateExtraCreateParameter(
    PFLT_FILTER Filter, LPCGUID EcpType, ULONG SizeOfContext, FSRTL_ALLOCATE_ECP_FLAGS Flags,
    PFSRTL_EXTRA_CREATE_PARAMETER_CLEANUP_CALLBACK CleanupCallback, ULONG PoolTag,
    PVOID* EcpContext) WDKHOST_NOT_PROVIDED(FltAllocateExtraCreateParameter);
NTSTATUS FLTAPI FltInsertExtraCreateParameter(PFLT_FILTER Filter, PECP_LIST EcpList,
                                              PVOID EcpContext)
    WDKHOST_NOT_PROVIDED(FltInsertExtraCreateParameter);
NTSTATUS FLTAPI FltFindExtraCreateParameter(PFLT_FILTER Filter, PECP_LIST EcpList,
                                            LPCGUID EcpType, PVOID* EcpContext,
                                            ULONG* EcpContextSize)
    WDKHOST_NOT_PROVIDED(FltFindExtraCreateParameter);
NTSTATUS FLTAPI FltRemoveExtraCreateParameter(PFLT_FILTER Filter, PECP_LIST EcpList,
                                              LPCGUID EcpType, PVOID* EcpContext,
                                              ULONG* EcpContextSize)
    WDKHOST_NOT_PROVIDED(FltRemoveExtraCreateParameter);
NTSTATUS FLTAPI FltGetNextExtraCreateParameter(PFLT_FILTER Filter, PECP_LIST EcpList,
                                               PVOID CurrentEcpContext, LPGUID NextEcpType,
                                               PVOID* NextEcpContext,
                                               PULONG NextEcpContextSize)
    WDKHOST_NOT_PROVIDED(FltGetNextExtraCreateParameter);
VOID FLTAPI FltFreeExtraCreateParameter(PFLT_FILTER Filter, PVOID EcpContext)
    WDKHOST_NOT_PROVIDED(FltFreeExtraCreateParameter);
VOID FLTAPI FltFreeExtraCreateParameterList(PFLT_FILTER Filter, PECP_LIST EcpList)
    WDKHOST_NOT_PROVIDED(FltFreeExtraCreateParameterList);
VOID FLTAPI FltAcknowledgeEcp(PFLT_FILTER Filter, PVOID EcpContext)
    WDKHOST_NOT_PROVIDED(FltAcknowledgeEcp);
BOOLEAN FLTAPI FltIsEcpAcknowledged(PFLT_FILTER Filter, PVOID EcpContext)
    WDKHOST_NOT_PROVIDED(FltIsEcpAcknowledged);
BOOLEAN FLTAPI FltIsEcpFromUserMode(PFLT_FILTER Filter, PVOID EcpContext)
    WDKHOST_NOT_PROVIDED(FltIsEcpFromUserMode);

/* ---------------------------------------------------------------------------
 * Sections, transactions and the rest.
 * ------------------------------------------------------------------------- */
NTSTATUS NTAPI ZwMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle, PVOID* BaseAddress,
                                  ULONG_PTR ZeroBits, SIZE_T CommitSize,
                                  PLARGE_INTEGER SectionOffset, PSIZE_T ViewSize,
                                  SECTION_INHERIT InheritDisposition, ULONG AllocationType,
                                  ULONG Win32Protect) WDKHOST_NOT_PROVIDED(ZwMapViewOfSection);
NTSTATUS NTAPI ZwUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress)
    WDKHOST_NOT_PROVIDED(ZwUnmapViewOfSection);
NTSTATUS NTAPI ZwQueryInformationTransaction(
    HANDLE TransactionHandle, TRANSACTION_INFORMATION_CLASS TransactionInformationClass,
    PVOID TransactionInformation, ULONG TransactionInformationLength, PULONG ReturnLength)
    WDKHOST_NOT_PROVIDED(ZwQueryInformationTransaction);
PIRP NTAPI IoBuildDeviceIoControlRequest(ULONG IoControlCode, PDEVICE_OBJECT DeviceObject,
                                         PVOID InputBuffer, ULONG InputBufferLength,
                                         PVOID OutputBuffer, ULONG OutputBufferLength,
                                         BOOLEAN InternalDeviceIoControl, struct _KEVENT* Event,
                                         PIO_STATUS_BLOCK IoStatusBlock)
    WDKHOST_NOT_PROVIDED(IoBuildDeviceIoControlRequest);
NTSTATUS FASTCALL IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
    WDKHOST_NOT_PROVIDED(IofCallDriver);
#define IoCallDriver(DeviceObject, Irp) IofCallDriver((DeviceObject), (Irp))
PDEVICE_OBJECT NTAPI IoGetAttachedDeviceReference(PDEVICE_OBJECT DeviceObject)
    WDKHOST_NOT_PROVIDED(IoGetAttachedDeviceReference);

POOLSIM_END_EXTERN_C

#endif /* WDKHOST_WDK_FLT_FUNCTIONS_H_ */
