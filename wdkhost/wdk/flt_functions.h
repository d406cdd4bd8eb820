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
 * I/O a filter issues itself (the rest: fltctx/wdk/issued_io.h).
 * ------------------------------------------------------------------------- */
NTSTATUS FLTAPI FltGetDiskDeviceObject(PFLT_VOLUME Volume, PDEVICE_OBJECT* DiskDeviceObject)
    WDKHOST_NOT_PROVIDED(FltGetDiskDeviceObject);
ULONG FLTAPI FltGetRequestorProcessId(PFLT_CALLBACK_DATA CallbackData)
    WDKHOST_NOT_PROVIDED(FltGetRequestorProcessId);
BOOLEAN NTAPI FsRtlIsNtstatusExpected(NTSTATUS Exception)
    WDKHOST_NOT_PROVIDED(FsRtlIsNtstatusExpected);

/* ---------------------------------------------------------------------------
 * Objects, enumeration, processes and handles.
 * ------------------------------------------------------------------------- */
NTSTATUS FLTAPI FltObjectReference(PVOID FltObject) WDKHOST_NOT_PROVIDED(FltObjectReference);
VOID FLTAPI FltObjectDereference(PVOID FltObject) WDKHOST_NOT_PROVIDED(FltObjectDereference);
NTSTATUS FLTAPI FltEnumerateInstances(PFLT_VOLUME Volume, PFLT_FILTER Filter,
                                      PFLT_INSTANCE* InstanceList, ULONG InstanceListSize,
                                      PULONG NumberInstancesReturned)
    WDKHOST_NOT_PROVIDED(FltEnumerateInstances);
NTSTATUS FLTAPI FltEnumerateVolumes(PFLT_FILTER Filter, PFLT_VOLUME* VolumeList,
                                    ULONG VolumeListSize, PULONG NumberVolumesReturned)
    WDKHOST_NOT_PROVIDED(FltEnumerateVolumes);
NTSTATUS FLTAPI FltEnumerateFilters(PFLT_FILTER* FilterList, ULONG FilterListSize,
                                    PULONG NumberFiltersReturned)
    WDKHOST_NOT_PROVIDED(FltEnumerateFilters);
NTSTATUS FLTAPI FltGetVolumeFromInstance(PFLT_INSTANCE Instance, PFLT_VOLUME* RetVolume)
    WDKHOST_NOT_PROVIDED(FltGetVolumeFromInstance);
NTSTATUS FLTAPI FltGetVolumeFromFileObject(PFLT_FILTER Filter, PFILE_OBJECT FileObject,
                                           PFLT_VOLUME* RetVolume)
    WDKHOST_NOT_PROVIDED(FltGetVolumeFromFileObject);
NTSTATUS FLTAPI FltGetVolumeFromName(PFLT_FILTER Filter, PCUNICODE_STRING VolumeName,
                                     PFLT_VOLUME* RetVolume)
    WDKHOST_NOT_PROVIDED(FltGetVolumeFromName);
NTSTATUS FLTAPI FltGetFilterFromInstance(PFLT_INSTANCE Instance, PFLT_FILTER* RetFilter)
    WDKHOST_NOT_PROVIDED(FltGetFilterFromInstance);
NTSTATUS FLTAPI FltGetInstanceInformation(PFLT_INSTANCE Instance,
                                          INSTANCE_INFORMATION_CLASS InformationClass,
                                          PVOID Buffer, ULONG BufferSize, PULONG BytesReturned)
    WDKHOST_NOT_PROVIDED(FltGetInstanceInformation);
NTSTATUS FLTAPI FltGetVolumeInstanceFromName(PFLT_FILTER Filter, PFLT_VOLUME Volume,
                                             PCUNICODE_STRING InstanceName,
                                             PFLT_INSTANCE* RetInstance)
    WDKHOST_NOT_PROVIDED(FltGetVolumeInstanceFromName);
NTSTATUS FLTAPI FltAttachVolume(PFLT_FILTER Filter, PFLT_VOLUME Volume,
                                PCUNICODE_STRING InstanceName, PFLT_INSTANCE* RetInstance)
    WDKHOST_NOT_PROVIDED(FltAttachVolume);
NTSTATUS FLTAPI FltDetachVolume(PFLT_FILTER Filter, PFLT_VOLUME Volume,
                                PCUNICODE_STRING InstanceName)
    WDKHOST_NOT_PROVIDED(FltDetachVolume);

LONG_PTR FASTCALL ObfReferenceObject(PVOID Object) WDKHOST_NOT_PROVIDED(ObfReferenceObject);
LONG_PTR FASTCALL ObfDereferenceObject(PVOID Object) WDKHOST_NOT_PROVIDED(ObfDereferenceObject);
#define ObReferenceObject(Object) ObfReferenceObject(Object)
#define ObDereferenceObject(Object) ObfDereferenceObject(Object)
NTSTATUS NTAPI ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                         POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                         PVOID* Object,
                                         POBJECT_HANDLE_INFORMATION HandleInformation)
    WDKHOST_NOT_PROVIDED(ObReferenceObjectByHandle);
NTSTATUS NTAPI ObOpenObjectByPointer(PVOID Object, ULONG HandleAttributes,
                                     PACCESS_STATE PassedAccessState, ACCESS_MASK DesiredAccess,
                                     POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                     PHANDLE Handle) WDKHOST_NOT_PROVIDED(ObOpenObjectByPointer);
NTSTATUS NTAPI ZwClose(HANDLE Handle) WDKHOST_NOT_PROVIDED(ZwClose);
NTSTATUS NTAPI NtClose(HANDLE Handle) WDKHOST_NOT_PROVIDED(NtClose);
HANDLE NTAPI PsGetCurrentProcessId(void) WDKHOST_NOT_PROVIDED(PsGetCurrentProcessId);
HANDLE NTAPI PsGetCurrentThreadId(void) WDKHOST_NOT_PROVIDED(PsGetCurrentThreadId);
PEPROCESS NTAPI IoGetCurrentProcess(void) WDKHOST_NOT_PROVIDED(IoGetCurrentProcess);
#define PsGetCurrentProcess IoGetCurrentProcess
NTSTATUS NTAPI ZwOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes, PCLIENT_ID ClientId)
    WDKHOST_NOT_PROVIDED(ZwOpenProcess);
extern POBJECT_TYPE* IoFileObjectType WDKHOST_NOT_PROVIDED(IoFileObjectType);
extern POBJECT_TYPE* TmTransactionObjectType WDKHOST_NOT_PROVIDED(TmTransactionObjectType);
extern POBJECT_TYPE* PsProcessType WDKHOST_NOT_PROVIDED(PsProcessType);

/* ---------------------------------------------------------------------------
 * Communication ports and security descriptors.
 * ------------------------------------------------------------------------- */
/* FltCreateCommunicationPort, FltCloseCommunicationPort, FltSendMessage,
 * FltCloseClientPort and the security-descriptor calls: fltctx/wdk/ports.h. */
NTSTATUS NTAPI RtlSetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor,
                                            BOOLEAN DaclPresent, PACL Dacl,
                                            BOOLEAN DaclDefaulted)
    WDKHOST_NOT_PROVIDED(RtlSetDaclSecurityDescriptor);

/* ---------------------------------------------------------------------------
 * Registry.
 * ------------------------------------------------------------------------- */
NTSTATUS NTAPI ZwOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                         POBJECT_ATTRIBUTES ObjectAttributes) WDKHOST_NOT_PROVIDED(ZwOpenKey);
NTSTATUS NTAPI ZwCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes, ULONG TitleIndex,
                           PUNICODE_STRING Class, ULONG CreateOptions, PULONG Disposition)
    WDKHOST_NOT_PROVIDED(ZwCreateKey);
NTSTATUS NTAPI ZwQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                               KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                               PVOID KeyValueInformation, ULONG Length, PULONG ResultLength)
    WDKHOST_NOT_PROVIDED(ZwQueryValueKey);
NTSTATUS NTAPI ZwSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, ULONG TitleIndex,
                             ULONG Type, PVOID Data, ULONG DataSize)
    WDKHOST_NOT_PROVIDED(ZwSetValueKey);
NTSTATUS NTAPI RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path,
                                      PRTL_QUERY_REGISTRY_TABLE QueryTable, PVOID Context,
                                      PVOID Environment)
    WDKHOST_NOT_PROVIDED(RtlQueryRegistryValues);
NTSTATUS NTAPI IoOpenDriverRegistryKey(PDRIVER_OBJECT DriverObject,
                                       DRIVER_REGKEY_TYPE RegKeyType, ACCESS_MASK DesiredAccess,
                                       ULONG Flags, PHANDLE DriverRegKey)
    WDKHOST_NOT_PROVIDED(IoOpenDriverRegistryKey);
PVOID NTAPI MmGetSystemRoutineAddress(PUNICODE_STRING SystemRoutineName)
    WDKHOST_NOT_PROVIDED(MmGetSystemRoutineAddress);

/* ---------------------------------------------------------------------------
 * Extra create parameters.
 * ------------------------------------------------------------------------- */
/* The ECP functions: fltctx/wdk/ecp.h. */

/* ---------------------------------------------------------------------------
 * Sections, transactions and the rest.
 * ------------------------------------------------------------------------- */
NTSTATUS NTAPI ZwQueryInformationTransaction(
    HANDLE TransactionHandle, TRANSACTION_INFORMATION_CLASS TransactionInformationClass,
    PVOID TransactionInformation, ULONG TransactionInformationLength, PULONG ReturnLength)
    WDKHOST_NOT_PROVIDED(ZwQueryInformationTransaction);
VOID NTAPI IoGetStackLimits(PULONG_PTR LowLimit, PULONG_PTR HighLimit)
    WDKHOST_NOT_PROVIDED(IoGetStackLimits);
NTSTATUS NTAPI ExUuidCreate(UUID* Uuid) WDKHOST_NOT_PROVIDED(ExUuidCreate);
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
