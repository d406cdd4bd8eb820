/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/wdk/issued_io.h
 * -----------------------------------------------------------------------------
 *
 * The I/O a filter issues itself (fltctx's WDK surface, C and C++): query
 * and set information, read, write, create and close, FSCTLs and IOCTLs,
 * volume information, directory queries, flushes, volume and file-system
 * facts, FltCancelFileOpen and allocated callback data. A request issued
 * from instance X goes to the instances attached below X on its volume and
 * then the simulated file system (fltctx/io), never to X or above; a create
 * with Instance NULL starts at the top of the stack. The callbacks see it as
 * Windows shows it: FLTFL_CALLBACK_DATA_GENERATED_IO, RequestorMode
 * KernelMode. docs/issued-io.md has the rules and deviations.
 *
 * Every function checks its arguments first: a NULL pointer it would use is
 * the access violation Windows takes (0x1E, or 0xD1 at DISPATCH_LEVEL); a
 * stale or foreign instance or file object is fltctx.handle.not_live; above
 * its IRQL it raises fltctx.issued_io.irql (0x0A). Reached through
 * <fltKernel.h>. */

#ifndef FLTCTX_WDK_ISSUED_IO_H_
#define FLTCTX_WDK_ISSUED_IO_H_

#include "fltctx/wdk/fltkernel.h"
#include "wdkhost/wdk/flt_types.h"
#include "wdkhost/wdk/ntifs_decls.h"

POOLSIM_BEGIN_EXTERN_C

/* ByteOffset values of FltReadFile / FltWriteFile (HighPart -1). */
#ifndef FILE_WRITE_TO_END_OF_FILE
#define FILE_WRITE_TO_END_OF_FILE 0xffffffff
#endif
#ifndef FILE_USE_FILE_POINTER_POSITION
#define FILE_USE_FILE_POINTER_POSITION 0xfffffffe
#endif
/* Sections (ZwMapViewOfSection). */
#ifndef NtCurrentProcess
#define NtCurrentProcess() ((HANDLE)(LONG_PTR)-1)
#endif
#ifndef ZwCurrentProcess
#define ZwCurrentProcess() NtCurrentProcess()
#endif
#ifndef MEM_RESERVE
#define MEM_RESERVE 0x00002000
#endif
#ifndef MEM_TOP_DOWN
#define MEM_TOP_DOWN 0x00100000
#endif
#ifndef MEM_LARGE_PAGES
#define MEM_LARGE_PAGES 0x20000000
#endif
#ifndef PAGE_WRITECOPY
#define PAGE_WRITECOPY 0x08
#endif
#ifndef PAGE_EXECUTE_READ
#define PAGE_EXECUTE_READ 0x20
#endif
#ifndef STATUS_INVALID_VIEW_SIZE
#define STATUS_INVALID_VIEW_SIZE ((NTSTATUS)0xC000001FL)
#endif
#ifndef STATUS_NOT_MAPPED_VIEW
#define STATUS_NOT_MAPPED_VIEW ((NTSTATUS)0xC0000019L)
#endif
#ifndef STATUS_INVALID_PAGE_PROTECTION
#define STATUS_INVALID_PAGE_PROTECTION ((NTSTATUS)0xC0000045L)
#endif
#ifndef STATUS_MAPPED_FILE_SIZE_ZERO
#define STATUS_MAPPED_FILE_SIZE_ZERO ((NTSTATUS)0xC000011EL)
#endif
#ifndef STATUS_MAPPED_ALIGNMENT
#define STATUS_MAPPED_ALIGNMENT ((NTSTATUS)0xC0000220L)
#endif
#ifndef STATUS_INVALID_DEVICE_OBJECT_PARAMETER
#define STATUS_INVALID_DEVICE_OBJECT_PARAMETER ((NTSTATUS)0xC0000369L)
#endif

/* IRP_MJ_QUERY_INFORMATION of FileObject below Instance. STATUS_SUCCESS,
 * STATUS_INVALID_INFO_CLASS, STATUS_INFO_LENGTH_MISMATCH,
 * STATUS_BUFFER_OVERFLOW, STATUS_FILE_CLOSED, STATUS_FLT_DELETING_OBJECT,
 * STATUS_VOLUME_DISMOUNTED, STATUS_INSUFFICIENT_RESOURCES, or what the file
 * system returns. PASSIVE_LEVEL. */
NTSTATUS FLTAPI FltQueryInformationFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                        PVOID FileInformation, ULONG Length,
                                        FILE_INFORMATION_CLASS FileInformationClass,
                                        PULONG LengthReturned);
/* IRP_MJ_SET_INFORMATION (basic, disposition, end of file, rename, link, and
 * whatever the file system implements). The statuses of
 * FltQueryInformationFile. PASSIVE_LEVEL. */
NTSTATUS FLTAPI FltSetInformationFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                      PVOID FileInformation, ULONG Length,
                                      FILE_INFORMATION_CLASS FileInformationClass);
/* IRP_MJ_READ / IRP_MJ_WRITE. ByteOffset NULL (or FILE_USE_FILE_POINTER_POSITION)
 * uses CurrentByteOffset of a file object opened for synchronous I/O, else
 * STATUS_INVALID_PARAMETER; FILE_WRITE_TO_END_OF_FILE appends. Undefined
 * Flags: STATUS_INVALID_PARAMETER. With a CallbackRoutine it is called, with
 * the completed callback data, before the function returns. STATUS_SUCCESS,
 * STATUS_END_OF_FILE, STATUS_DISK_FULL, STATUS_FILE_CLOSED,
 * STATUS_FLT_DELETING_OBJECT, STATUS_INSUFFICIENT_RESOURCES. <= APC_LEVEL. */
NTSTATUS FLTAPI FltReadFile(PFLT_INSTANCE InitiatingInstance, PFILE_OBJECT FileObject,
                            PLARGE_INTEGER ByteOffset, ULONG Length, PVOID Buffer,
                            FLT_IO_OPERATION_FLAGS Flags, PULONG BytesRead,
                            PFLT_COMPLETED_ASYNC_IO_CALLBACK CallbackRoutine,
                            PVOID CallbackContext);
NTSTATUS FLTAPI FltWriteFile(PFLT_INSTANCE InitiatingInstance, PFILE_OBJECT FileObject,
                             PLARGE_INTEGER ByteOffset, ULONG Length, PVOID Buffer,
                             FLT_IO_OPERATION_FLAGS Flags, PULONG BytesWritten,
                             PFLT_COMPLETED_ASYNC_IO_CALLBACK CallbackRoutine,
                             PVOID CallbackContext);
/* IRP_MJ_CREATE of ObjectAttributes->ObjectName ("\\Device\\HarddiskVolume1\\a.txt",
 * or relative to a RootDirectory handle from FltCreateFile*) below Instance,
 * or from the top of the stack with Instance NULL. The handle is closed with
 * FltClose; the FILE_OBJECT FltCreateFileEx(2) returns is referenced (drop
 * it with ObDereferenceObject). STATUS_SUCCESS, STATUS_INVALID_PARAMETER
 * (disposition, options, flags, a DriverContext of the wrong Size, an
 * instance of another filter), STATUS_OBJECT_NAME_INVALID,
 * STATUS_OBJECT_PATH_NOT_FOUND (no such volume),
 * STATUS_INVALID_DEVICE_OBJECT_PARAMETER (the name is not on Instance's
 * volume), STATUS_INVALID_HANDLE (RootDirectory), STATUS_FLT_DELETING_OBJECT,
 * STATUS_INSUFFICIENT_RESOURCES, or the file system's status.
 * PASSIVE_LEVEL. */
NTSTATUS FLTAPI FltCreateFile(PFLT_FILTER Filter, PFLT_INSTANCE Instance, PHANDLE FileHandle,
                              ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                              PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize,
                              ULONG FileAttributes, ULONG ShareAccess, ULONG CreateDisposition,
                              ULONG CreateOptions, PVOID EaBuffer, ULONG EaLength, ULONG Flags);
NTSTATUS FLTAPI FltCreateFileEx(PFLT_FILTER Filter, PFLT_INSTANCE Instance, PHANDLE FileHandle,
                                PFILE_OBJECT* FileObject, ACCESS_MASK DesiredAccess,
                                POBJECT_ATTRIBUTES ObjectAttributes,
                                PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize,
                                ULONG FileAttributes, ULONG ShareAccess,
                                ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer,
                                ULONG EaLength, ULONG Flags);
NTSTATUS FLTAPI FltCreateFileEx2(PFLT_FILTER Filter, PFLT_INSTANCE Instance, PHANDLE FileHandle,
                                 PFILE_OBJECT* FileObject, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes,
                                 PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize,
                                 ULONG FileAttributes, ULONG ShareAccess,
                                 ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer,
                                 ULONG EaLength, ULONG Flags,
                                 PIO_DRIVER_CREATE_CONTEXT DriverContext);
/* Closes a handle from FltCreateFile*: IRP_MJ_CLEANUP below the instance the
 * create was sent below, then IRP_MJ_CLOSE once no reference to the file
 * object remains. STATUS_SUCCESS, STATUS_INVALID_HANDLE. PASSIVE_LEVEL. */
NTSTATUS FLTAPI FltClose(HANDLE FileHandle);
/* IRP_MJ_FILE_SYSTEM_CONTROL / IRP_MJ_DEVICE_CONTROL with the buffers as the
 * control code's transfer method passes them. What the file system does not
 * implement is STATUS_INVALID_DEVICE_REQUEST. PASSIVE_LEVEL. */
NTSTATUS FLTAPI FltFsControlFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                 ULONG FsControlCode, PVOID InputBuffer, ULONG InputBufferLength,
                                 PVOID OutputBuffer, ULONG OutputBufferLength,
                                 PULONG LengthReturned);
NTSTATUS FLTAPI FltDeviceIoControlFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                       ULONG IoControlCode, PVOID InputBuffer,
                                       ULONG InputBufferLength, PVOID OutputBuffer,
                                       ULONG OutputBufferLength, PULONG LengthReturned);
/* IRP_MJ_QUERY_VOLUME_INFORMATION (volume, size, full size, device and
 * attribute classes). STATUS_SUCCESS, STATUS_INVALID_INFO_CLASS,
 * STATUS_INFO_LENGTH_MISMATCH, STATUS_BUFFER_OVERFLOW. PASSIVE_LEVEL. */
NTSTATUS FLTAPI FltQueryVolumeInformation(PFLT_INSTANCE Instance, PIO_STATUS_BLOCK Iosb,
                                          PVOID FsInformation, ULONG Length,
                                          FS_INFORMATION_CLASS FsInformationClass);
NTSTATUS FLTAPI FltQueryVolumeInformationFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                              PVOID FsInformation, ULONG Length,
                                              FS_INFORMATION_CLASS FsInformationClass,
                                              PULONG LengthReturned);
/* IRP_MJ_DIRECTORY_CONTROL / IRP_MN_QUERY_DIRECTORY. A class that is not a
 * directory class: STATUS_INVALID_INFO_CLASS. A file system without
 * directories: STATUS_INVALID_DEVICE_REQUEST. PASSIVE_LEVEL. */
NTSTATUS FLTAPI FltQueryDirectoryFile(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                      PVOID FileInformation, ULONG Length,
                                      FILE_INFORMATION_CLASS FileInformationClass,
                                      BOOLEAN ReturnSingleEntry, PUNICODE_STRING FileName,
                                      BOOLEAN RestartScan, PULONG LengthReturned);
/* IRP_MJ_FLUSH_BUFFERS. STATUS_SUCCESS, STATUS_FILE_CLOSED. PASSIVE_LEVEL. */
NTSTATUS FLTAPI FltFlushBuffers(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject);
/* Whether FileObject is a directory (asks the file system below Instance:
 * FileStandardInformation). The query's status. <= APC_LEVEL. */
NTSTATUS FLTAPI FltIsDirectory(PFILE_OBJECT FileObject, PFLT_INSTANCE Instance,
                               PBOOLEAN IsDirectory);
/* FltObject is a volume or an instance. STATUS_SUCCESS,
 * STATUS_INVALID_PARAMETER (neither). <= APC_LEVEL. */
NTSTATUS FLTAPI FltIsVolumeWritable(PVOID FltObject, PBOOLEAN IsWritable);
NTSTATUS FLTAPI FltGetFileSystemType(PVOID FltObject, PFLT_FILESYSTEM_TYPE FileSystemType);
/* The disk device object of Volume's storage, with a reference the caller
 * releases with ObDereferenceObject. STATUS_SUCCESS, STATUS_FLT_NO_DEVICE_OBJECT
 * (the volume has no disk: a network redirector, or a volume with no file
 * system), STATUS_INSUFFICIENT_RESOURCES (the pool, at the first call for the
 * volume). *DiskDeviceObject is left as it was on an error. <= DISPATCH_LEVEL. */
NTSTATUS FLTAPI FltGetDiskDeviceObject(PFLT_VOLUME Volume, PDEVICE_OBJECT* DiskDeviceObject);
/* The highest device object attached above DeviceObject (DeviceObject itself
 * if none is), with a reference the caller releases with ObDereferenceObject.
 * A NULL DeviceObject is 0x1E; one that is not a live device object is
 * REFERENCE_BY_POINTER (0x18, ob.reference.not_an_object) and NULL.
 * <= DISPATCH_LEVEL. */
PDEVICE_OBJECT NTAPI IoGetAttachedDeviceReference(PDEVICE_OBJECT DeviceObject);
/* The structure and, after it in the buffer, its three names.
 * STATUS_SUCCESS, STATUS_BUFFER_TOO_SMALL (not even the structure fits:
 * *LengthReturned says how much is needed), STATUS_BUFFER_OVERFLOW (the names
 * do not all fit). <= APC_LEVEL. */
NTSTATUS FLTAPI FltGetVolumeProperties(PFLT_VOLUME Volume,
                                       PFLT_VOLUME_PROPERTIES VolumeProperties,
                                       ULONG VolumePropertiesLength, PULONG LengthReturned);
/* From a post-create callback: the instances below Instance see the file
 * closed (IRP_MJ_CLEANUP, IRP_MJ_CLOSE); FO_FILE_OPEN_CANCELLED is set. A
 * file object with a handle (FO_HANDLE_CREATED) is left alone.
 * PASSIVE_LEVEL. */
VOID FLTAPI FltCancelFileOpen(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject);
/* Callback data (nonpaged pool, tag 'FMic') for FltPerformSynchronousIo,
 * freed with FltFreeCallbackData. STATUS_SUCCESS,
 * STATUS_INSUFFICIENT_RESOURCES. <= APC_LEVEL. */
NTSTATUS FLTAPI FltAllocateCallbackData(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject,
                                        PFLT_CALLBACK_DATA* RetNewCallbackData);
/* Sends the allocated callback data below its instance; the outcome is in
 * CallbackData->IoStatus (STATUS_INVALID_PARAMETER for a major function that
 * is not an IRP's). <= APC_LEVEL. */
VOID FLTAPI FltPerformSynchronousIo(PFLT_CALLBACK_DATA CallbackData);
VOID FLTAPI FltFreeCallbackData(PFLT_CALLBACK_DATA CallbackData);
/* TRUE unless the operation is an IRP operation that may complete
 * asynchronously (no IRP_SYNCHRONOUS_API or IRP_SYNCHRONOUS_PAGING_IO, and a
 * file object not opened for synchronous I/O). <= DISPATCH_LEVEL. */
BOOLEAN FLTAPI FltIsOperationSynchronous(PFLT_CALLBACK_DATA CallbackData);

/* Maps a view of a section FltCreateSectionForDataScan made, into the
 * current process (ZwCurrentProcess()): a copy of the stream's data read from
 * the top of the stack as paging I/O, zero-filled to the page, in paged pool
 * (tag 'MmSt') until ZwUnmapViewOfSection. *BaseAddress must be NULL;
 * *ViewSize 0 maps from SectionOffset (a multiple of 64 KB) to the end.
 * STATUS_SUCCESS, STATUS_INVALID_HANDLE (not a data-scan section, or another
 * process), STATUS_CONFLICTING_ADDRESSES, STATUS_INVALID_PARAMETER_8 / _9
 * (inherit disposition, allocation type), STATUS_INVALID_PAGE_PROTECTION,
 * STATUS_MAPPED_ALIGNMENT, STATUS_INVALID_VIEW_SIZE,
 * STATUS_MAPPED_FILE_SIZE_ZERO, STATUS_INSUFFICIENT_RESOURCES.
 * PASSIVE_LEVEL. */
NTSTATUS NTAPI ZwMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle, PVOID* BaseAddress,
                                  ULONG_PTR ZeroBits, SIZE_T CommitSize,
                                  PLARGE_INTEGER SectionOffset, PSIZE_T ViewSize,
                                  SECTION_INHERIT InheritDisposition, ULONG AllocationType,
                                  ULONG Win32Protect);
/* STATUS_SUCCESS, STATUS_NOT_MAPPED_VIEW, STATUS_INVALID_HANDLE (another
 * process). PASSIVE_LEVEL. */
NTSTATUS NTAPI ZwUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress);

POOLSIM_END_EXTERN_C

#endif /* FLTCTX_WDK_ISSUED_IO_H_ */
