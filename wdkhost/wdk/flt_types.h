/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: wdkhost/wdk/flt_types.h
 * -----------------------------------------------------------------------------
 *
 * Filter-manager types of the I/O a filter issues itself, its communication
 * ports, instance information and volume properties (host surface), in the
 * WDK's spelling and x64 layout, so that filters using them compile before
 * the functions behind them exist (wdkhost/wdk/flt_functions.h).
 * IoInitializeDriverCreateContext is provided (it fills the structure as the
 * WDK's inline does, and reports a NULL argument instead of faulting). C and C++; reached through <fltKernel.h> and
 * <ntifs.h>. */

#ifndef WDKHOST_WDK_FLT_TYPES_H_
#define WDKHOST_WDK_FLT_TYPES_H_

#include "fltctx/wdk/fltkernel.h"
#include "wdkhost/wdk/ntifs_decls.h"

POOLSIM_BEGIN_EXTERN_C

/* Volume properties (FltGetVolumeProperties). */
typedef struct _FLT_VOLUME_PROPERTIES {
  DEVICE_TYPE DeviceType;
  ULONG DeviceCharacteristics;
  ULONG DeviceObjectFlags;
  ULONG AlignmentRequirement;
  USHORT SectorSize;
  USHORT Flags;
  UNICODE_STRING FileSystemDriverName;
  UNICODE_STRING FileSystemDeviceName;
  UNICODE_STRING RealDeviceName;
} FLT_VOLUME_PROPERTIES, *PFLT_VOLUME_PROPERTIES;
#define FLT_VOLUME_PROPERTY_FLAG_VOLUME_IS_DAX 0x0001

/* I/O issued by a filter. */
typedef ULONG FLT_IO_OPERATION_FLAGS;
#define FLTFL_IO_OPERATION_NON_CACHED 0x00000001
#define FLTFL_IO_OPERATION_PAGING 0x00000002
#define FLTFL_IO_OPERATION_DO_NOT_UPDATE_BYTE_OFFSET 0x00000004
#define FLTFL_IO_OPERATION_SYNCHRONOUS_PAGING 0x00000008

typedef VOID(FLTAPI* PFLT_COMPLETED_ASYNC_IO_CALLBACK)(PFLT_CALLBACK_DATA CallbackData,
                                                       PFLT_CONTEXT Context);

/* Create flags of FltCreateFile* / IoCreateFileEx. */
#define IO_FORCE_ACCESS_CHECK 0x0001
#define IO_NO_PARAMETER_CHECKING 0x0100
#define IO_IGNORE_SHARE_ACCESS_CHECK 0x0800
#define IO_STOP_ON_SYMLINK 0x00000008
#define IO_OPEN_TARGET_DIRECTORY 0x00000004

typedef struct _ESILO* PESILO;
typedef struct _IO_DRIVER_CREATE_CONTEXT {
  CSHORT Size;
  struct _ECP_LIST* ExtraCreateParameter;
  PVOID DeviceObjectHint;
  PTXN_PARAMETER_BLOCK TxnParameters;
  PESILO SiloContext;
} IO_DRIVER_CREATE_CONTEXT, *PIO_DRIVER_CREATE_CONTEXT;

/* Zeroes the structure and sets its Size. A NULL DriverContext is the
 * access violation Windows takes (0x1E), reported. Any IRQL. */
#ifdef __cplusplus
extern "C"
#endif
VOID NTAPI IoInitializeDriverCreateContext(PIO_DRIVER_CREATE_CONTEXT DriverContext);

/* Instance information (FltGetInstanceInformation). */
typedef enum _INSTANCE_INFORMATION_CLASS {
  InstanceBasicInformation,
  InstancePartialInformation,
  InstanceFullInformation,
  InstanceAggregateStandardInformation
} INSTANCE_INFORMATION_CLASS, *PINSTANCE_INFORMATION_CLASS;

typedef struct _INSTANCE_BASIC_INFORMATION {
  ULONG NextEntryOffset;
  USHORT InstanceNameLength;
  USHORT InstanceNameBufferOffset;
} INSTANCE_BASIC_INFORMATION, *PINSTANCE_BASIC_INFORMATION;

typedef struct _INSTANCE_PARTIAL_INFORMATION {
  ULONG NextEntryOffset;
  USHORT InstanceNameLength;
  USHORT InstanceNameBufferOffset;
  USHORT AltitudeLength;
  USHORT AltitudeBufferOffset;
} INSTANCE_PARTIAL_INFORMATION, *PINSTANCE_PARTIAL_INFORMATION;

typedef struct _INSTANCE_FULL_INFORMATION {
  ULONG NextEntryOffset;
  USHORT InstanceNameLength;
  USHORT InstanceNameBufferOffset;
  USHORT AltitudeLength;
  USHORT AltitudeBufferOffset;
  USHORT VolumeNameLength;
  USHORT VolumeNameBufferOffset;
  USHORT FilterNameLength;
  USHORT FilterNameBufferOffset;
} INSTANCE_FULL_INFORMATION, *PINSTANCE_FULL_INFORMATION;

/* Communication ports. */
#define FLT_PORT_CONNECT 0x0001
#define FLT_PORT_ALL_ACCESS (FLT_PORT_CONNECT | STANDARD_RIGHTS_ALL)

typedef NTSTATUS(FLTAPI* PFLT_CONNECT_NOTIFY)(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                              PVOID ConnectionContext, ULONG SizeOfContext,
                                              PVOID* ConnectionPortCookie);
typedef VOID(FLTAPI* PFLT_DISCONNECT_NOTIFY)(PVOID ConnectionCookie);
typedef NTSTATUS(FLTAPI* PFLT_MESSAGE_NOTIFY)(PVOID PortCookie, PVOID InputBuffer,
                                              ULONG InputBufferLength, PVOID OutputBuffer,
                                              ULONG OutputBufferLength,
                                              PULONG ReturnOutputBufferLength);

/* Sections (ZwMapViewOfSection). */
typedef enum _SECTION_INHERIT { ViewShare = 1, ViewUnmap = 2 } SECTION_INHERIT;
#define SECTION_QUERY 0x0001
#define SECTION_MAP_WRITE 0x0002
#define SECTION_MAP_READ 0x0004
#define SECTION_MAP_EXECUTE 0x0008
#define PAGE_NOACCESS 0x01
#define PAGE_READONLY 0x02
#define PAGE_READWRITE 0x04
#define SEC_COMMIT 0x08000000

POOLSIM_END_EXTERN_C

#endif /* WDKHOST_WDK_FLT_TYPES_H_ */
