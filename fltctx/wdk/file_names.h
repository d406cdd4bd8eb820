/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/wdk/file_names.h
 * -----------------------------------------------------------------------------
 *
 * The WDK-named file-name surface (compat layer): FLT_FILE_NAME_INFORMATION,
 * the FLT_FILE_NAME_OPTIONS values, and the functions a minifilter calls to
 * query, parse, reference and release file names and to get volume names.
 * Names come from the simulated namespace (fltctx/io): they follow renames
 * and hard links (docs/file-names.md). C11 and C++; included by
 * fltctx/wdk/fltkernel.h, so drivers reach it as <fltKernel.h>.
 *
 * Every function lists the NTSTATUS values it returns and its IRQL; a call
 * above its IRQL, or a pointer that is not name information, raises the bug
 * check of docs/bugchecks.md ("fltctx.names.*"). */

#ifndef FLTCTX_WDK_FILE_NAMES_H_
#define FLTCTX_WDK_FILE_NAMES_H_

#include "fltctx/wdk/fltkernel.h"

POOLSIM_BEGIN_EXTERN_C

/* ---------------------------------------------------------------------------
 * Status values (exact Windows values; each only if absent).
 * ------------------------------------------------------------------------- */
#ifndef STATUS_NAME_TOO_LONG
#define STATUS_NAME_TOO_LONG ((NTSTATUS)0xC0000106L)
#endif
#ifndef STATUS_FLT_INVALID_NAME_REQUEST
#define STATUS_FLT_INVALID_NAME_REQUEST ((NTSTATUS)0xC01C0005L)
#endif
#ifndef STATUS_FLT_VOLUME_NOT_FOUND
#define STATUS_FLT_VOLUME_NOT_FOUND ((NTSTATUS)0xC01C0014L)
#endif
#ifndef STATUS_FLT_NAME_CACHE_MISS
#define STATUS_FLT_NAME_CACHE_MISS ((NTSTATUS)0xC01C0018L)
#endif

/* Iopb->OperationFlags of a create that opens the target's parent directory
 * (a rename's or link's target open): the pre-create name is the parent's. */
#ifndef SL_OPEN_TARGET_DIRECTORY
#define SL_OPEN_TARGET_DIRECTORY 0x04
#endif

/* IRP flag of paging I/O (Iopb->IrpFlags); names are refused there. */
#ifndef IRP_PAGING_IO
#define IRP_PAGING_IO 0x00000002
#endif

/* ---------------------------------------------------------------------------
 * FLT_FILE_NAME_OPTIONS: format (bits 0-7), query method (bits 8-15), flags
 * (bits 24-31).
 * ------------------------------------------------------------------------- */
#define FLT_VALID_FILE_NAME_FORMATS 0x000000ff
#define FLT_FILE_NAME_NORMALIZED 0x00000001
#define FLT_FILE_NAME_OPENED 0x00000002
#define FLT_FILE_NAME_SHORT 0x00000003

#define FLT_VALID_FILE_NAME_QUERY_METHODS 0x0000ff00
#define FLT_FILE_NAME_QUERY_DEFAULT 0x00000100
#define FLT_FILE_NAME_QUERY_CACHE_ONLY 0x00000200
#define FLT_FILE_NAME_QUERY_FILESYSTEM_ONLY 0x00000300
#define FLT_FILE_NAME_QUERY_ALWAYS_ALLOW_CACHE_LOOKUP 0x00000400

#define FLT_VALID_FILE_NAME_FLAGS 0xff000000
#define FLT_FILE_NAME_REQUEST_FROM_CURRENT_PROVIDER 0x01000000
#define FLT_FILE_NAME_DO_NOT_CACHE 0x02000000
#define FLT_FILE_NAME_ALLOW_QUERY_ON_REPARSE 0x04000000

#define FltGetFileNameFormat(_NameOptions) ((_NameOptions) & FLT_VALID_FILE_NAME_FORMATS)
#define FltGetFileNameQueryMethod(_NameOptions) \
  ((_NameOptions) & FLT_VALID_FILE_NAME_QUERY_METHODS)

/* Which parts FltParseFileNameInformation has parsed (Volume and Share are
 * always filled, so they have no flag). */
typedef USHORT FLT_FILE_NAME_PARSED_FLAGS;
#define FLTFL_FILE_NAME_PARSED_FINAL_COMPONENT 0x0001
#define FLTFL_FILE_NAME_PARSED_EXTENSION 0x0002
#define FLTFL_FILE_NAME_PARSED_STREAM 0x0004
#define FLTFL_FILE_NAME_PARSED_PARENT_DIR 0x0008

/* Every UNICODE_STRING points into Name's buffer; the filter manager owns the
 * structure: never change it, release it with FltReleaseFileNameInformation. */
typedef struct _FLT_FILE_NAME_INFORMATION {
  USHORT Size;
  FLT_FILE_NAME_PARSED_FLAGS NamesParsed;
  FLT_FILE_NAME_OPTIONS Format;
  UNICODE_STRING Name;
  UNICODE_STRING Volume;
  UNICODE_STRING Share;
  UNICODE_STRING Extension;
  UNICODE_STRING Stream;
  UNICODE_STRING FinalComponent;
  UNICODE_STRING ParentDir;
} FLT_FILE_NAME_INFORMATION, *PFLT_FILE_NAME_INFORMATION;

/* ---------------------------------------------------------------------------
 * Name queries. IRQL <= APC_LEVEL. Each success returns one reference, in a
 * new paged-pool block (tag 'FMfn'), that the caller releases with
 * FltReleaseFileNameInformation; *FileNameInformation is NULL on failure.
 * ------------------------------------------------------------------------- */

/* The name of the file the operation targets. In pre-create (and the
 * post-create of a failed create) the target name is parsed: it need not
 * exist; with SL_OPEN_TARGET_DIRECTORY it is the parent directory's.
 * STATUS_SUCCESS; STATUS_INVALID_PARAMETER (NULL arguments, not exactly one
 * valid format and query method); STATUS_FLT_INVALID_NAME_REQUEST (paging
 * I/O, post-close or a closed file object, FLT_FILE_NAME_SHORT in
 * pre-create, a call above APC_LEVEL after its bug check);
 * STATUS_FLT_NAME_CACHE_MISS (FLT_FILE_NAME_QUERY_CACHE_ONLY and the name is
 * not cached); STATUS_INSUFFICIENT_RESOURCES (pool). */
NTSTATUS FLTAPI FltGetFileNameInformation(PFLT_CALLBACK_DATA CallbackData,
                                          FLT_FILE_NAME_OPTIONS NameOptions,
                                          PFLT_FILE_NAME_INFORMATION* FileNameInformation);

/* The same for an open file object outside an operation; Instance may be
 * NULL. STATUS_FLT_INVALID_NAME_REQUEST if the file object is not open. */
NTSTATUS FLTAPI FltGetFileNameInformationUnsafe(PFILE_OBJECT FileObject, PFLT_INSTANCE Instance,
                                                FLT_FILE_NAME_OPTIONS NameOptions,
                                                PFLT_FILE_NAME_INFORMATION* FileNameInformation);

/* The full name a rename or hard link of FileObject would give it: FileName
 * (FileNameLength bytes) as in FILE_RENAME_INFORMATION / FILE_LINK_INFORMATION:
 * a full name from the volume root ("\\dir\\b.txt", or with the volume's device
 * name in front), or, with RootDirectory NULL, a name relative to the file's
 * own directory. STATUS_SUCCESS, STATUS_INVALID_PARAMETER (NULL arguments,
 * options, FLT_FILE_NAME_SHORT, an empty name), STATUS_NOT_SUPPORTED (a
 * RootDirectory handle: directory handles are not simulated),
 * STATUS_FLT_INVALID_NAME_REQUEST, STATUS_INSUFFICIENT_RESOURCES. */
NTSTATUS FLTAPI FltGetDestinationFileNameInformation(
    PFLT_INSTANCE Instance, PFILE_OBJECT FileObject, HANDLE RootDirectory, PWSTR FileName,
    ULONG FileNameLength, FLT_FILE_NAME_OPTIONS NameOptions,
    PFLT_FILE_NAME_INFORMATION* RetFileNameInformation);

/* The tunnelled name of a file after a create, rename or link whose
 * normalized name was taken in the pre-operation. The simulated file system
 * keeps no tunnel cache: *RetTunneledFileNameInformation is always NULL with
 * STATUS_SUCCESS (no tunnelled name), after the arguments are checked
 * (STATUS_INVALID_PARAMETER for NULLs). */
NTSTATUS FLTAPI FltGetTunneledName(PFLT_CALLBACK_DATA CallbackData,
                                   PFLT_FILE_NAME_INFORMATION FileNameInformation,
                                   PFLT_FILE_NAME_INFORMATION* RetTunneledFileNameInformation);

/* Adds a reference. IRQL <= APC_LEVEL. */
VOID FLTAPI FltReferenceFileNameInformation(PFLT_FILE_NAME_INFORMATION FileNameInformation);
/* Drops a reference; the last one frees the structure. IRQL <= APC_LEVEL. */
VOID FLTAPI FltReleaseFileNameInformation(PFLT_FILE_NAME_INFORMATION FileNameInformation);

/* Fills Extension, Stream, FinalComponent and ParentDir (and sets the four
 * NamesParsed flags). STATUS_SUCCESS; IRQL <= APC_LEVEL. */
NTSTATUS FLTAPI FltParseFileNameInformation(PFLT_FILE_NAME_INFORMATION FileNameInformation);

/* ---------------------------------------------------------------------------
 * Volume names. The caller owns VolumeName's buffer; BufferSizeNeeded
 * receives the name's size in bytes (no terminating NUL). IRQL <=
 * APC_LEVEL.
 * ------------------------------------------------------------------------- */

/* The device name ("\\Device\\HarddiskVolume1"). STATUS_SUCCESS;
 * STATUS_BUFFER_TOO_SMALL (VolumeName NULL, or its MaximumLength too small);
 * STATUS_INVALID_PARAMETER (Volume NULL, or both pointers NULL). */
NTSTATUS FLTAPI FltGetVolumeName(PFLT_VOLUME Volume, PUNICODE_STRING VolumeName,
                                 PULONG BufferSizeNeeded);

/* "\\??\\Volume{GUID}", the GUID stable for the volume's device name.
 * IRQL PASSIVE_LEVEL. STATUS_SUCCESS; STATUS_BUFFER_TOO_SMALL (as above);
 * STATUS_INVALID_DEVICE_REQUEST (a network volume);
 * STATUS_INSUFFICIENT_RESOURCES (the fault injector, as a pool failure);
 * STATUS_INVALID_PARAMETER. */
NTSTATUS FLTAPI FltGetVolumeGuidName(PFLT_VOLUME Volume, PUNICODE_STRING VolumeGuidName,
                                     PULONG BufferSizeNeeded);

POOLSIM_END_EXTERN_C

#endif /* FLTCTX_WDK_FILE_NAMES_H_ */
