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
/* FltGetDiskDeviceObject: fltctx/wdk/issued_io.h. */
/* FltGetRequestorProcessId: fltctx/wdk/flt_objects.h; FsRtlIsNtstatusExpected: ob/wdk/kernel_misc.h. */

/* ---------------------------------------------------------------------------
 * Objects, enumeration, processes and handles.
 * ------------------------------------------------------------------------- */
/* References and enumeration of filter-manager objects: fltctx/wdk/flt_objects.h. */

/* Object references, handles and processes: ob/wdk/ob.h. */

/* ---------------------------------------------------------------------------
 * Communication ports and security descriptors.
 * ------------------------------------------------------------------------- */
/* FltCreateCommunicationPort, FltCloseCommunicationPort, FltSendMessage,
 * FltCloseClientPort and the security-descriptor calls: fltctx/wdk/ports.h. */

/* ---------------------------------------------------------------------------
 * Registry.
 * ------------------------------------------------------------------------- */
/* The registry routines: registry/wdk/zw_registry.h; MmGetSystemRoutineAddress:
 * ob/wdk/system_routines.h; FsRtlIsNtstatusExpected, RtlSetDaclSecurityDescriptor,
 * IoGetStackLimits, ExUuidCreate: ob/wdk/kernel_misc.h. */

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
PIRP NTAPI IoBuildDeviceIoControlRequest(ULONG IoControlCode, PDEVICE_OBJECT DeviceObject,
                                         PVOID InputBuffer, ULONG InputBufferLength,
                                         PVOID OutputBuffer, ULONG OutputBufferLength,
                                         BOOLEAN InternalDeviceIoControl, struct _KEVENT* Event,
                                         PIO_STATUS_BLOCK IoStatusBlock)
    WDKHOST_NOT_PROVIDED(IoBuildDeviceIoControlRequest);
NTSTATUS FASTCALL IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
    WDKHOST_NOT_PROVIDED(IofCallDriver);
#define IoCallDriver(DeviceObject, Irp) IofCallDriver((DeviceObject), (Irp))
/* IoGetAttachedDeviceReference: fltctx/wdk/issued_io.h. */

POOLSIM_END_EXTERN_C

#endif /* WDKHOST_WDK_FLT_FUNCTIONS_H_ */
